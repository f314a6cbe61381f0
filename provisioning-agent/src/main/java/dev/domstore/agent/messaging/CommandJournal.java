package dev.domstore.agent.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;

/**
 * The commands this agent has carried out, command id → the result it published, kept on disk
 * so that a command delivered again (Kafka redelivers what was not committed, and the inventory
 * may resend) gets its first result back without being carried out again, across restarts too.
 *
 * <p>An append-only file of JSON lines ({@value #FILE_NAME} in the state directory), one result
 * per line, forced to disk before {@link #record} returns. The most recent {@code capacity}
 * results are remembered; once the file holds twice that many lines it is rewritten with only
 * those (to a new file, forced, then renamed over the old one). A line cut short by a crash is
 * dropped when the journal is loaded. The state directory is locked ({@value #LOCK_NAME}): a
 * second agent on the same directory refuses to start.
 */
@ApplicationScoped
public class CommandJournal {
    private static final Logger LOG = Logger.getLogger(CommandJournal.class);
    static final String FILE_NAME = "command-results.jsonl";
    static final String LOCK_NAME = "agent.lock";

    private final Path file;
    private final int capacity;
    private final LinkedHashMap<UUID, CommandResult> results;
    private FileChannel channel;
    private FileChannel lockChannel;
    private long lines;

    @Inject
    public CommandJournal(AgentConfig config) {
        this(Path.of(config.stateDir()), config.journalSize());
    }

    public CommandJournal(Path stateDir, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The journal must remember at least one command, not " + capacity);
        }
        this.capacity = capacity;
        this.file = stateDir.resolve(FILE_NAME);
        this.results = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, CommandResult> eldest) {
                return size() > CommandJournal.this.capacity;
            }
        };
        try {
            Files.createDirectories(stateDir);
            lock(stateDir);
            load();
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceDirectory(stateDir);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot open the command journal " + file + ": the agent must be able to write its state "
                    + "directory (domstore.agent.state-dir, DOMSTORE_AGENT_STATE_DIR)", e);
        }
        LOG.infof("Command journal %s: %d carried-out commands remembered", file, results.size());
    }

    public Path file() {
        return file;
    }

    /** The result published for {@code commandId}, if this agent carried it out. */
    public synchronized Optional<CommandResult> lookup(UUID commandId) {
        return Optional.ofNullable(results.get(commandId));
    }

    public synchronized int size() {
        return results.size();
    }

    /** Remembers {@code result} as the outcome of its command; on disk before this returns. */
    public synchronized void record(CommandResult result) {
        String line = MessageCodec.toJson(result) + "\n";
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the command journal " + file, e);
        }
        results.put(result.commandId(), result);
        lines++;
        if (lines >= 2L * capacity) {
            compact();
        }
    }

    @PreDestroy
    public synchronized void close() {
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
            if (lockChannel != null && lockChannel.isOpen()) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warnf("Cannot close the command journal %s: %s", file, e);
        }
    }

    /** One agent per state directory: two appending to (and compacting) the same journal would lose results. */
    private void lock(Path stateDir) throws IOException {
        lockChannel = FileChannel.open(stateDir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("Another agent uses the state directory " + stateDir
                    + ": give every agent process its own (domstore.agent.state-dir, DOMSTORE_AGENT_STATE_DIR)");
        }
    }

    /** Reads the file; a last line without its newline (a write cut short) is cut off the file. */
    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] content = Files.readAllBytes(file);
        int complete = content.length;
        while (complete > 0 && content[complete - 1] != '\n') {
            complete--;
        }
        if (complete < content.length) {
            LOG.warnf("The command journal %s ends with an incomplete line (a write cut short); dropping it", file);
            try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                truncate.truncate(complete);
                truncate.force(true);
            }
        }
        for (String line : new String(content, 0, complete, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            try {
                CommandResult result = MessageCodec.fromJson(line, CommandResult.class);
                results.put(result.commandId(), result);
            } catch (MalformedMessageException e) {
                LOG.warnf("Skipping an unreadable line of the command journal %s: %s", file, e.getMessage());
            }
        }
    }

    /** Rewrites the file with only the remembered results: a new file, forced, renamed over the old one. */
    private void compact() {
        Path next = file.resolveSibling(FILE_NAME + ".next");
        List<String> kept = new ArrayList<>();
        results.values().forEach(result -> kept.add(MessageCodec.toJson(result)));
        try {
            try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            channel.close();
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lines = kept.size();
            LOG.debugf("Compacted the command journal %s to %d results", file, kept.size());
        } catch (IOException e) {
            // The long file is still right, only longer: keep appending to it and try again later.
            LOG.warnf("Cannot compact the command journal %s: %s", file, e);
            lines = capacity;
            try {
                if (!channel.isOpen()) {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                }
            } catch (IOException reopen) {
                throw new UncheckedIOException("Cannot reopen the command journal " + file, reopen);
            }
        }
    }

    /** Makes a file's creation or rename durable: the directory entry itself is forced to disk. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
