package dev.domstore.agent.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;

/**
 * Fills a new volume's file system with a copy of a directory tree ({@code populateFrom}): the
 * image is attached to a loop device (a block device, such as an LV, is mounted directly),
 * mounted on a temporary directory, the tree copied with owners, modes, links and device nodes
 * intact, then unmounted and detached. Unmount and detach happen whatever went wrong before
 * them. Progress of long copies is logged every {@link #PROGRESS_EVERY}. The source tree, the
 * temporary mount points and the copy are all on the host the runner reaches (its
 * {@link HostCommandRunner#files() files}).
 */
public class Populator {
    private static final Logger LOG = Logger.getLogger(Populator.class);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final HostCommandRunner runner;
    private final HostFiles files;
    private final LoopDevices loopDevices;
    private final Path workDir;
    private final Duration copyTimeout;

    /**
     * @param workDir     where the temporary mount points are made, on the host
     * @param copyTimeout how long the copy may take before it is killed
     */
    public Populator(HostCommandRunner runner, LoopDevices loopDevices, Path workDir, Duration copyTimeout) {
        this.runner = runner;
        this.files = runner.files();
        this.loopDevices = loopDevices;
        this.workDir = workDir;
        this.copyTimeout = copyTimeout;
    }

    /** The directory to copy from: absolute and an existing directory on this host, else INVALID_ARGUMENT or NOT_FOUND. */
    public Path requireSourceDirectory(String populateFrom) {
        if (populateFrom == null || !populateFrom.startsWith("/")) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                    "populateFrom '" + populateFrom + "' must be an absolute directory on the host, for example /srv/templates/debian");
        }
        Path source = Path.of(populateFrom).normalize();
        // Links followed, as cp follows "SRC/.".
        if (!files.isDirectory(source)) {
            if (!exists(source)) {
                throw new HostOperationException(FailureReason.NOT_FOUND, "populateFrom " + source + " does not exist on this host");
            }
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "populateFrom " + source + " is not a directory");
        }
        return source;
    }

    /**
     * Copies the tree at {@code source} into the {@code filesystem} on {@code target}.
     *
     * @param throughLoop true for an image file (attached to a loop device first), false for a block device
     * @return the apparent bytes of the source tree
     */
    public long populate(Path target, boolean throughLoop, Filesystem filesystem, Path source) {
        long total = LoopCommands.parseTreeBytes(runner.run(LoopCommands.treeBytes(source)).stdout());
        Path mountPoint = makeMountPoint();
        String loop = null;
        boolean mounted = false;
        RuntimeException failure = null;
        loopDevices.hold(target);
        try {
            String device = target.toString();
            if (throughLoop) {
                loop = runner.run(LoopCommands.attach(target)).stdout().strip();
                device = loop;
            }
            runner.run(LoopCommands.mount(filesystem, device, mountPoint));
            mounted = true;
            copyWithProgress(source, mountPoint, total, target);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (mounted) {
                failure = cleanUp(failure, () -> runner.run(LoopCommands.unmount(mountPoint)));
            }
            if (throughLoop && loop == null) {
                // losetup may have attached the file and then failed or been killed before printing the device.
                loop = loopDevices.attachedTo(target).map(found -> found.device().toString()).orElse(null);
            }
            if (loop != null) {
                String attached = loop;
                failure = cleanUp(failure, () -> runner.run(LoopCommands.detach(attached)));
            }
            loopDevices.release(target);
            failure = cleanUp(failure, () -> deleteEmptyDirectory(mountPoint));
        }
        if (failure != null) {
            throw failure;
        }
        LOG.infof("Populated %s from %s: %d bytes", target, source, total);
        return total;
    }

    private void copyWithProgress(Path source, Path mountPoint, long total, Path target) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "populate-progress");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        progress.scheduleAtFixedRate(() -> logProgress(mountPoint, total, target, started), PROGRESS_EVERY.toMillis(),
                PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            runner.run(LoopCommands.copyTree(source, mountPoint), copyTimeout);
        } finally {
            progress.shutdownNow();
        }
    }

    private void logProgress(Path mountPoint, long total, Path target, long started) {
        try {
            HostCommandResult du = runner.probe(LoopCommands.treeBytes(mountPoint), PROGRESS_EVERY);
            if (du.succeeded()) {
                long copied = LoopCommands.parseTreeBytes(du.stdout());
                LOG.infof("Populating %s: %d of %d bytes copied (%d%%) after %d s", target, copied, total,
                        total == 0 ? 100 : Math.min(100, copied * 100 / total), Duration.ofNanos(System.nanoTime() - started).toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.debugf("No progress for %s: %s", target, e.getMessage());
        }
    }

    /** Whether something is at {@code path}, links followed (a dangling link is nothing). */
    private boolean exists(Path path) {
        if (!files.exists(path)) {
            return false;
        }
        try {
            files.realPath(path);
            return true;
        } catch (IOException dangling) {
            return false;
        }
    }

    private Path makeMountPoint() {
        try {
            files.createDirectories(workDir);
            return files.createTempDirectory(workDir, "populate-");
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot make a mount point under " + workDir + ": " + e, e);
        }
    }

    /** Only ever the empty directory: if the unmount failed, whatever is mounted there stays untouched. */
    private void deleteEmptyDirectory(Path dir) {
        try {
            // deleteIfExists never descends: a directory that is not empty (the unmount failed) is an error, not emptied.
            files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot remove the mount point " + dir + ": " + e, e);
        }
    }

    /** Runs a clean-up step; its failure is thrown when nothing failed before, else attached to the first failure. */
    private static RuntimeException cleanUp(RuntimeException earlier, Runnable step) {
        try {
            step.run();
            return earlier;
        } catch (RuntimeException e) {
            LOG.warnf("Clean-up after populating failed: %s", e.getMessage());
            if (earlier == null) {
                return e;
            }
            earlier.addSuppressed(e);
            return earlier;
        }
    }
}
