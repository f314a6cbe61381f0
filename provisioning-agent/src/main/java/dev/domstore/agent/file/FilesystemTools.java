package dev.domstore.agent.file;

import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.domstore.hostexec.HostCommandException;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;

/** What is on an image or a block device, and growing the ext2/3/4 file system on one after it grew. */
public class FilesystemTools {
    private static final Logger LOG = Logger.getLogger(FilesystemTools.class);
    /** blkid -p: "nothing was found". */
    private static final int BLKID_NOTHING_FOUND = 2;
    /** e2fsck: 0 nothing wrong, 1 errors corrected, 2 corrected and the system should be rebooted (not ours: it is unmounted). */
    private static final int E2FSCK_WORST_SUCCESS = 2;

    private final HostCommandRunner runner;

    public FilesystemTools(HostCommandRunner runner) {
        this.runner = runner;
    }

    /** The file system type blkid finds by probing the content ({@code ext4}, …), empty when there is none. */
    public Optional<String> probe(Path fileOrDevice) {
        HostCommandResult probe = runner.probe(FileImageCommands.probeFilesystem(fileOrDevice));
        if (probe.exitCode() == BLKID_NOTHING_FOUND) {
            return Optional.empty();
        }
        if (!probe.succeeded()) {
            throw HostCommandException.failed(probe);
        }
        String type = probe.stdout().strip();
        return type.isEmpty() ? Optional.empty() : Optional.of(type);
    }

    public static boolean isExt(Optional<String> type) {
        return type.filter(t -> t.equals("ext2") || t.equals("ext3") || t.equals("ext4")).isPresent();
    }

    /** Checks an unmounted ext file system before it is grown; a failure leaves everything as it was. */
    public void check(Path fileOrDevice) {
        HostCommandResult fsck = runner.probe(FileImageCommands.e2fsck(fileOrDevice));
        if (fsck.exitCode() > E2FSCK_WORST_SUCCESS) {
            throw HostCommandException.failed(fsck);
        }
        if (fsck.exitCode() != 0) {
            LOG.warnf("e2fsck repaired %s before growing it: %s", fileOrDevice, fsck.stdout().strip());
        }
    }

    /** Grows the ext file system to fill its (already grown) file or device; resize2fs works online when it is mounted. */
    public void grow(Path fileOrDevice) {
        runner.run(FileImageCommands.resize2fs(fileOrDevice));
    }
}
