package dev.domstore.nfs.files;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.LocalHostFiles;

/**
 * Run in a child JVM by {@link AtomicFileWriterTest}: writes {@code args[1]} to {@code args[0]},
 * and once the temporary file is written and fsynced, says so on stdout and waits to be killed
 * (SIGKILL) before the rename. With {@code args[2]}, a qemu-guest-agent socket, it writes through
 * that guest agent rather than java.nio.
 */
public final class AtomicWriteCrashMain {
    public static void main(String[] args) throws Exception {
        AtomicFileWriter writer = new AtomicFileWriter(files(args), new AtomicFileWriter.Steps() {
            @Override
            public void afterTempWritten(Path temp) throws java.io.IOException {
                System.out.println("TEMP-WRITTEN " + temp);
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.io.IOException("not killed within 120 s");
            }
        });
        writer.write(Path.of(args[0]), args[1], PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static HostFiles files(String[] args) {
        if (args.length < 3) {
            return LocalHostFiles.INSTANCE;
        }
        return HostCommandRunner.overGuestAgent(Path.of(args[2]), Duration.ofSeconds(30), Map.of()).files();
    }
}
