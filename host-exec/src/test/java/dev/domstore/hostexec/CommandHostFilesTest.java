package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Coreutils through a local runner, on the same files: the same answers as java.nio. */
class CommandHostFilesTest extends HostFilesContract {
    private static final HostCommandRunner RUNNER = new HostCommandRunner(List.of(), Duration.ofSeconds(20));

    @Override
    HostFiles files() {
        return new CommandHostFiles(RUNNER);
    }

    @Test
    void aLocalRunnerUsesJavaNioUnlessItHasAPrefix() {
        assertSame(LocalHostFiles.INSTANCE, RUNNER.files());
        assertInstanceOf(CommandHostFiles.class, new HostCommandRunner(List.of("nsenter", "-t", "1", "-m", "--"), Duration.ofSeconds(1)).files());
    }

    @Test
    void modesBecomeChmodsOctalNumbers() {
        assertEquals("755", CommandHostFiles.octal("rwxr-xr-x"));
        assertEquals("640", CommandHostFiles.octal("rw-r-----"));
        assertEquals("000", CommandHostFiles.octal("---------"));
        assertEquals("777", CommandHostFiles.octal("rwxrwxrwx"));
        assertEquals("501", CommandHostFiles.octal("r-x-----x"));
    }

    @Test
    void namesAsLsQuotesThemAreDecoded() {
        assertEquals("plain", CommandHostFiles.unquote("\"plain\""));
        assertEquals("a\nb\tc", CommandHostFiles.unquote("\"a\\nb\\tc\""));
        assertEquals("qu'o\"te\\", CommandHostFiles.unquote("\"qu'o\\\"te\\\\\""));
        assertEquals("ünï", CommandHostFiles.unquote("\"\\303\\274n\\303\\257\""));
        assertEquals("\u00017", CommandHostFiles.unquote("\"\\0017\""));
    }
}
