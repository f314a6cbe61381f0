package dev.domstore.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.FailureReason;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeExtensionFailed;

/** The journal on a real directory: what is recorded is found again, also by a new instance, and the file stays bounded. */
class CommandJournalTest {
    @TempDir
    Path stateDir;

    @Test
    void resultIsFoundByItsCommandIdAlsoAfterARestart() {
        CommandJournal journal = new CommandJournal(stateDir.resolve("agent"), 100);
        VolumeCreated created = created();
        VolumeCreationFailed failed = new VolumeCreationFailed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(),
                FailureReason.CONFLICT, "taken");

        journal.record(created);
        journal.record(failed);

        assertEquals(Optional.of(created), journal.lookup(created.commandId()));
        assertEquals(Optional.empty(), journal.lookup(UUID.randomUUID()));
        journal.close();
        CommandJournal restarted = new CommandJournal(stateDir.resolve("agent"), 100);
        assertEquals(Optional.of(created), restarted.lookup(created.commandId()));
        assertEquals(Optional.of(failed), restarted.lookup(failed.commandId()));
        assertEquals(2, restarted.size());
        restarted.close();
    }

    @Test
    void lineCutShortByACrashIsDroppedAndTheJournalGoesOn() throws IOException {
        CommandJournal journal = new CommandJournal(stateDir, 100);
        VolumeCreated kept = created();
        journal.record(kept);
        journal.close();
        Files.writeString(stateDir.resolve(CommandJournal.FILE_NAME), "{\"type\":\"VolumeCreated\",\"messageId\":\"", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        CommandJournal restarted = new CommandJournal(stateDir, 100);
        VolumeCreated next = created();
        restarted.record(next);
        restarted.close();

        CommandJournal again = new CommandJournal(stateDir, 100);
        assertEquals(Optional.of(kept), again.lookup(kept.commandId()));
        assertEquals(Optional.of(next), again.lookup(next.commandId()));
        assertEquals(2, Files.readAllLines(stateDir.resolve(CommandJournal.FILE_NAME)).size());
        again.close();
    }

    @Test
    void onlyTheMostRecentCommandsAreRememberedAndTheFileIsCompacted() throws IOException {
        CommandJournal journal = new CommandJournal(stateDir, 10);
        List<CommandResult> results = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            CommandResult result = i % 2 == 0 ? created() : new VolumeExtensionFailed(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), "h", Instant.now(), 1L << 20, FailureReason.INVALID_ARGUMENT, "shrinking");
            results.add(result);
            journal.record(result);
        }

        assertEquals(10, journal.size());
        assertEquals(Optional.empty(), journal.lookup(results.get(14).commandId()));
        assertEquals(Optional.of(results.get(15)), journal.lookup(results.get(15).commandId()));
        long lines = Files.readAllLines(stateDir.resolve(CommandJournal.FILE_NAME)).size();
        assertTrue(lines < 20, lines + " lines: compacted once it reached twice the capacity");
        journal.close();
        CommandJournal restarted = new CommandJournal(stateDir, 10);
        assertEquals(Optional.of(results.get(24)), restarted.lookup(results.get(24).commandId()));
        assertEquals(Optional.of(results.get(15)), restarted.lookup(results.get(15).commandId()));
        assertEquals(Optional.empty(), restarted.lookup(results.get(5).commandId()));
        restarted.close();
    }

    @Test
    void secondJournalOnTheSameStateDirectoryIsRefused() {
        CommandJournal first = new CommandJournal(stateDir, 10);
        try {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new CommandJournal(stateDir, 10));
            assertTrue(refused.getMessage().contains("Another agent uses the state directory"), refused.getMessage());
        } finally {
            first.close();
        }
        new CommandJournal(stateDir, 10).close();
    }

    private static VolumeCreated created() {
        return new VolumeCreated(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "h", Instant.parse("2025-11-26T08:00:00Z"),
                "/var/lib/domstore/images/vm1disk", 1L << 30, 4096, null, false);
    }
}
