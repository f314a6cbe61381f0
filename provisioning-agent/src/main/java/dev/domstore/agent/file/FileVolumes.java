package dev.domstore.agent.file;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.host.Resize;
import dev.domstore.agent.loop.LoopDevice;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.hostexec.HostCommandException;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * FILE volumes: sparse image files under the image root. Every operation is idempotent, and an
 * image is only ever seen complete: it is built (made, formatted, filled from
 * {@code populateFrom}) under a {@code .partial} name and renamed.
 * Commands for a host run one at a time, so nothing else changes an image between the checks
 * and the rename. Images, commands and file operations are all on the host the runner reaches
 * (its {@link HostCommandRunner#files() files}).
 */
@ApplicationScoped
public class FileVolumes {
    private static final Logger LOG = Logger.getLogger(FileVolumes.class);
    private static final Duration DEFAULT_POPULATE_TIMEOUT = Duration.ofHours(2);

    private final ImageRoot imageRoot;
    private final HostCommandRunner runner;
    private final HostFiles files;
    private final LoopDevices loopDevices;
    private final Populator populator;
    private final FilesystemTools filesystems;

    @Inject
    public FileVolumes(AgentConfig config, HostCommandRunner runner, LoopDevices loopDevices) {
        this(ImageRoot.of(config.imageRoot()), runner, loopDevices,
                new Populator(runner, loopDevices, Path.of(config.stateDir(), "mnt"), config.populateTimeout()));
    }

    /** Mount points for populating go under the temporary directory. */
    public FileVolumes(ImageRoot imageRoot, HostCommandRunner runner, LoopDevices loopDevices) {
        this(imageRoot, runner, loopDevices, new Populator(runner, loopDevices,
                Path.of(System.getProperty("java.io.tmpdir"), "domstore-populate"), DEFAULT_POPULATE_TIMEOUT));
    }

    public FileVolumes(ImageRoot imageRoot, HostCommandRunner runner, LoopDevices loopDevices, Populator populator) {
        this.imageRoot = imageRoot;
        this.runner = runner;
        this.files = runner.files();
        this.loopDevices = loopDevices;
        this.populator = populator;
        this.filesystems = new FilesystemTools(runner);
    }

    public ImageRoot imageRoot() {
        return imageRoot;
    }

    /** Bytes images may still take on the host: the usable space of the file system the image root is (or will be) on. */
    public long imageRootUsableBytes() throws IOException {
        return imageRoot.usableBytes(files);
    }

    /**
     * Makes the image as asked, or finds it already made exactly so; anything else at its path is a
     * CONFLICT and left alone. With {@code populateFrom}, the new file system gets a copy of that
     * directory (owners, modes, links and device nodes kept); an image that exists already is not
     * filled again.
     */
    public FileImage create(CreateVolume command) {
        Path image = imageRoot.requireImagePath(command.imagePath());
        requireSize(command.sizeBytes());
        Path source = null;
        if (command.populateFrom() != null) {
            if (command.filesystem() == null) {
                throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                        "populateFrom needs a file system to copy into: ask for one (ext4, for example) or leave populateFrom out");
            }
            source = populator.requireSourceDirectory(command.populateFrom());
        }
        if (requireImageFileIfPresent(image)) {
            return existingAsAsked(image, command.sizeBytes(), command.filesystem());
        }
        Path partial = partialOf(image);
        try {
            files.createDirectories(image.getParent());
            files.deleteIfExists(partial);
            // Owner-only: an image holds a domain's whole disk.
            files.createFile(partial, "rw-------");
            runner.run(FileImageCommands.truncate(partial, command.sizeBytes()));
            if (command.filesystem() != null) {
                runner.run(FileImageCommands.mkfs(command.filesystem(), partial));
            }
            if (source != null) {
                populator.populate(partial, true, command.filesystem(), source);
            }
            files.moveAtomically(partial, image);
        } catch (IOException | RuntimeException e) {
            removeAfterFailure(partial, e);
            throw e instanceof IOException io ? ioFailure("Cannot make image " + image, io) : (RuntimeException) e;
        }
        FileImage made = describe(image, command.filesystem(), true);
        LOG.infof("Made image %s: %d bytes, %d allocated, file system %s", image, made.sizeBytes(), made.allocatedBytes(),
                command.filesystem() == null ? "none" : command.filesystem().typeName());
        return made;
    }

    /**
     * Removes the image and any unfinished {@code .partial} of it; an image already gone is success.
     * Refused with BUSY while a loop device has the image attached.
     *
     * @return whether anything was removed
     */
    public boolean delete(DeleteVolume command) {
        Path image = imageRoot.requireImagePath(command.imagePath());
        Optional<LoopDevice> attachment = loopDevices.attachedTo(image);
        if (attachment.isPresent()) {
            throw new HostOperationException(FailureReason.BUSY, "Image " + image + " is attached to " + attachment.get().device()
                    + ": detach it (losetup -d " + attachment.get().device() + ") before deleting the volume");
        }
        requireImageFileIfPresent(image);
        try {
            boolean removedImage = files.deleteIfExists(image);
            boolean removedPartial = files.deleteIfExists(partialOf(image));
            if (removedImage) {
                LOG.infof("Removed image %s", image);
            }
            return removedImage || removedPartial;
        } catch (IOException e) {
            throw ioFailure("Cannot delete image " + image, e);
        }
    }

    /**
     * Grows the image to {@code newSizeBytes} ({@code truncate}, still sparse) and the ext2/3/4
     * file system in it ({@code e2fsck -f -y}, then {@code resize2fs}). Growing to the size it has
     * does nothing; shrinking is refused (INVALID_ARGUMENT); an image attached to a loop device is
     * BUSY (the domain using it would not see the new size).
     */
    public Resize extend(ExtendVolume command) {
        Path image = imageRoot.requireImagePath(command.imagePath());
        requireSize(command.newSizeBytes());
        if (!requireImageFileIfPresent(image)) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "Image " + image + " does not exist: nothing to grow");
        }
        long current = sizeOf(image);
        if (command.newSizeBytes() < current) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "Image " + image + " has " + current
                    + " bytes; shrinking it to " + command.newSizeBytes() + " is refused: domstore only grows volumes");
        }
        if (command.newSizeBytes() == current) {
            LOG.infof("Image %s already has %d bytes; left untouched", image, current);
            return new Resize(current, false);
        }
        Optional<LoopDevice> attachment = loopDevices.attachedTo(image);
        if (attachment.isPresent()) {
            throw new HostOperationException(FailureReason.BUSY, "Image " + image + " is attached to " + attachment.get().device()
                    + ": the loop device would not see the new size; detach it (stop the domain) before growing the volume");
        }
        boolean ext = FilesystemTools.isExt(filesystems.probe(image));
        if (ext) {
            filesystems.check(image);
        }
        runner.run(FileImageCommands.truncate(image, command.newSizeBytes()));
        if (ext) {
            filesystems.grow(image);
        }
        long grown = sizeOf(image);
        LOG.infof("Grew image %s from %d to %d bytes%s", image, current, grown, ext ? " with its file system" : "");
        return new Resize(grown, true);
    }

    /** The image's apparent size, if it exists. */
    public OptionalLong currentSizeBytes(String imagePath) {
        try {
            Path image = imageRoot.requireImagePath(imagePath);
            return files.isRegularFile(image) ? OptionalLong.of(files.size(image)) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            HostReachability.rethrowIfUnreachable(e);
            return OptionalLong.empty();
        }
    }

    /** Every image under the image root (unfinished {@code .partial} ones left out), with apparent and allocated bytes, from one find(1). */
    public List<HostReport.Image> images() {
        if (!files.isDirectory(imageRoot.path())) {
            return List.of();
        }
        HostCommandResult find = runner.probe(FileImageCommands.listImages(imageRoot.path()));
        if (!find.succeeded() && find.stdout().isEmpty()) {
            throw HostCommandException.failed(find);
        }
        // find exits 1 when a file vanished while it walked: what it did list is still right.
        return parseImageList(find.stdout());
    }

    /** Output of {@link FileImageCommands#listImages}: NUL-terminated {@code "<bytes> <512-byte blocks> <path>"} records. */
    static List<HostReport.Image> parseImageList(String output) {
        List<HostReport.Image> images = new ArrayList<>();
        for (String record : output.split("\0")) {
            String[] fields = record.split(" ", 3);
            if (fields.length != 3 || fields[2].endsWith(Names.PARTIAL_SUFFIX)) {
                continue;
            }
            try {
                images.add(new HostReport.Image(fields[2], Long.parseLong(fields[0]), Long.parseLong(fields[1]) * Sizes.SECTOR));
            } catch (NumberFormatException e) {
                LOG.debugf("Skipping an unreadable line of find's output: %s", record);
            }
        }
        return images;
    }

    private FileImage existingAsAsked(Path image, long sizeBytes, Filesystem filesystem) {
        long existingSize = sizeOf(image);
        if (existingSize != sizeBytes) {
            throw conflict("Image " + image + " already exists with " + existingSize + " bytes, not the " + sizeBytes + " asked for");
        }
        if (filesystem != null) {
            Optional<String> found = filesystemOf(image);
            if (!found.equals(Optional.of(filesystem.typeName()))) {
                throw conflict("Image " + image + " already exists with " + found.map(type -> "file system " + type).orElse("no file system")
                        + ", not the " + filesystem.typeName() + " asked for");
            }
        }
        LOG.infof("Image %s already exists as asked; left untouched", image);
        return describe(image, filesystem, false);
    }

    private FileImage describe(Path image, Filesystem filesystem, boolean createdNow) {
        return new FileImage(image, sizeOf(image), allocatedBytes(image), filesystem, createdNow);
    }

    private Optional<String> filesystemOf(Path image) {
        return filesystems.probe(image);
    }

    private long allocatedBytes(Path image) {
        HostCommandResult stat = runner.probe(FileImageCommands.allocatedBlocks(image));
        if (!stat.succeeded()) {
            throw HostCommandException.failed(stat);
        }
        return parseAllocatedBytes(stat.stdout());
    }

    /** Output of {@code stat -c '%b %B'}: blocks allocated and bytes per block. */
    static long parseAllocatedBytes(String statOutput) {
        String[] fields = statOutput.strip().split("\\s+");
        if (fields.length != 2) {
            throw new HostOperationException(FailureReason.INTERNAL, "Unexpected output of stat, expected '<blocks> <block size>': " + statOutput);
        }
        try {
            return Math.multiplyExact(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Unexpected output of stat, expected '<blocks> <block size>': " + statOutput, e);
        }
    }

    private long sizeOf(Path image) {
        try {
            return files.size(image);
        } catch (IOException e) {
            throw ioFailure("Cannot read the size of " + image, e);
        }
    }

    /**
     * Only regular files are images: whatever else sits at an image path was not made by domstore and stays.
     *
     * @return whether the image exists
     */
    private boolean requireImageFileIfPresent(Path image) {
        if (files.isRegularFile(image)) {
            return true;
        }
        if (files.exists(image)) {
            throw new HostOperationException(FailureReason.CONFLICT, image + " exists and is not an image file (a directory, link or device):"
                    + " domstore leaves it alone; remove it by hand or choose another name.");
        }
        return false;
    }

    private static void requireSize(long sizeBytes) {
        if (sizeBytes <= 0 || sizeBytes % Sizes.SECTOR != 0 || sizeBytes > Sizes.MAX_BYTES) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "Size " + sizeBytes
                    + " bytes is not a positive multiple of the " + Sizes.SECTOR + "-byte sector of at most " + Sizes.format(Sizes.MAX_BYTES));
        }
    }

    private static Path partialOf(Path image) {
        return image.resolveSibling(image.getFileName() + Names.PARTIAL_SUFFIX);
    }

    private void removeAfterFailure(Path partial, Exception failure) {
        try {
            files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static HostOperationException conflict(String what) {
        return new HostOperationException(FailureReason.CONFLICT, what + ". domstore never overwrites an image: delete it or choose another name.");
    }

    private static HostOperationException ioFailure(String what, IOException e) {
        FailureReason reason = e instanceof NoSuchFileException ? FailureReason.NOT_FOUND : HostCommandException.reasonFor(e.getMessage());
        return new HostOperationException(reason, what + ": " + e, e);
    }
}
