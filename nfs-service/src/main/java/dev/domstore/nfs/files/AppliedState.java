package dev.domstore.nfs.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.config.NfsConfig;

/**
 * The last ApplyExports this host applied, in its validated form, kept in the state file (the
 * message's own JSON): its revision decides which later commands are stale, its set is what
 * reports compare with what is in force. Written atomically, like the exports file.
 *
 * <p>This is the service's own memory, not a file of the managed host: it stays on the machine the
 * service runs on (java.nio, {@link LocalHostFiles}) whatever the transport, so that a guest that
 * is rebuilt or unreachable cannot make the service forget which revision it applied.
 */
@ApplicationScoped
public class AppliedState {
    private final Path path;
    private final AtomicFileWriter writer;

    @Inject
    public AppliedState(NfsConfig config) {
        this(Path.of(config.stateFile()), new AtomicFileWriter(LocalHostFiles.INSTANCE));
    }

    /** {@code writer}: one on this machine's file system ({@link LocalHostFiles}), which {@link #read()} reads. */
    public AppliedState(Path path, AtomicFileWriter writer) {
        this.path = path.toAbsolutePath().normalize();
        this.writer = writer;
    }

    public Path path() {
        return path;
    }

    /** The last applied command; empty before the first. An unreadable state file is an error, never "nothing applied". */
    public Optional<ApplyExports> read() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageCodec.fromJson(Files.readString(path, StandardCharsets.UTF_8), ApplyExports.class));
        } catch (MalformedMessageException e) {
            throw new IOException("The state file " + path + " is not an ApplyExports (" + e.getMessage() + "); the applied "
                    + "revision is unknown. Remove the file to let the next command apply whatever its revision.", e);
        }
    }

    public void write(ApplyExports applied) throws IOException {
        writer.write(path, MessageCodec.toJson(applied) + "\n", PosixFilePermissions.fromString("rw-------"));
    }
}
