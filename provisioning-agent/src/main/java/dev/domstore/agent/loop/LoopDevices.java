package dev.domstore.agent.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;

/**
 * The host's loop devices as the kernel shows them: which are attached to which file, how many
 * the host allows (rule 2 of ARCHITECTURE.md), and which are leaked. Everything is read on the
 * managed host: the attached devices from one {@code losetup --list} through the runner (which
 * reads the same sysfs {@code backing_file}s, in one command rather than one read per device),
 * the rest through its {@link HostFiles}. Tests stand a directory tree in for {@code /sys} and
 * {@code /dev}; then the attached devices are read from that tree's {@code backing_file}s.
 */
@ApplicationScoped
public class LoopDevices {
    /** What the kernel appends to {@code backing_file} when the file was removed while attached. */
    static final String DELETED_SUFFIX = " (deleted)";
    private static final Pattern LOOP_NAME = Pattern.compile("loop[0-9]+");
    private static final Path SYS = Path.of("/sys");
    private static final Path DEV = Path.of("/dev");

    private final HostFiles files;
    private final Path sysRoot;
    private final Path devRoot;
    /** Runs losetup; null: the backing files are read from the tree under {@link #sysRoot}. */
    private final HostCommandRunner runner;
    private final BlockDevices blockDevices;
    /** Leak detection of attached images needs it; null: only deleted backing files count as leaks. */
    private final Path imageRoot;
    private final DomainDisks domainDisks;
    /** Files the agent itself has attached right now (populating a new volume): never leaks. */
    private final Set<Path> heldByAgent = ConcurrentHashMap.newKeySet();

    /** The runner's host, without an image root: only deleted backing files count as leaks. */
    public LoopDevices(HostCommandRunner runner) {
        this(runner, new BlockDevices(runner.files()), null, DomainDisks.NONE);
    }

    @Inject
    public LoopDevices(AgentConfig config, HostCommandRunner runner, DomainDisks domainDisks) {
        this(runner, new BlockDevices(runner.files()), ImageRoot.of(config.imageRoot()).path(), domainDisks);
    }

    /** The runner's host. */
    public LoopDevices(HostCommandRunner runner, BlockDevices blockDevices, Path imageRoot, DomainDisks domainDisks) {
        this(runner.files(), SYS, DEV, runner, blockDevices, imageRoot, domainDisks);
    }

    /** A tree standing in for {@code /sys} and {@code /dev}, without an image root. */
    public LoopDevices(HostFiles files, Path sysRoot, Path devRoot) {
        this(files, sysRoot, devRoot, new BlockDevices(files, sysRoot, devRoot, Path.of("/proc/mounts")), null, DomainDisks.NONE);
    }

    /** A tree standing in for {@code /sys} and {@code /dev}. */
    public LoopDevices(HostFiles files, Path sysRoot, Path devRoot, BlockDevices blockDevices, Path imageRoot, DomainDisks domainDisks) {
        this(files, sysRoot, devRoot, null, blockDevices, imageRoot, domainDisks);
    }

    private LoopDevices(HostFiles files, Path sysRoot, Path devRoot, HostCommandRunner runner, BlockDevices blockDevices, Path imageRoot,
            DomainDisks domainDisks) {
        this.files = files;
        this.sysRoot = sysRoot;
        this.devRoot = devRoot;
        this.runner = runner;
        this.blockDevices = blockDevices;
        this.imageRoot = imageRoot == null ? null : imageRoot.normalize();
        this.domainDisks = domainDisks;
    }

    /** A loop device that holds space or an image for no one, and why it counts as leaked. */
    public record Leak(LoopDevice loop, String reason) {
    }

    /** Loop devices with a backing file, in device number order. */
    public List<LoopDevice> attached() {
        List<LoopDevice> attached = runner == null ? attachedFromSysfs() : attachedFromLosetup();
        return attached.stream().sorted(Comparator.comparingInt(loop -> deviceNumber(loop.device().getFileName().toString()))).toList();
    }

    private List<LoopDevice> attachedFromLosetup() {
        List<LoopDevice> attached = new ArrayList<>();
        for (LoopCommands.AttachedLine line : LoopCommands.parseAttached(runner.query(LoopCommands.listAttached()).stdout())) {
            Path device = Path.of(line.device());
            if (device.getFileName() == null || !LOOP_NAME.matcher(device.getFileName().toString()).matches()) {
                continue;
            }
            parseBackingFile(line.backingFile())
                    .ifPresent(file -> attached.add(new LoopDevice(devRoot.resolve(device.getFileName()), file.path(), file.deleted())));
        }
        return attached;
    }

    private List<LoopDevice> attachedFromSysfs() {
        Path block = sysRoot.resolve("block");
        List<LoopDevice> attached = new ArrayList<>();
        for (String name : listIfPresent(block)) {
            if (LOOP_NAME.matcher(name).matches()) {
                backingFileOf(name).ifPresent(file -> attached.add(new LoopDevice(devRoot.resolve(name), file.path(), file.deleted())));
            }
        }
        return attached;
    }

    /** The loop device {@code image} is attached to, if any; a deleted file that had the same path does not count. */
    public Optional<LoopDevice> attachedTo(Path image) {
        return attached().stream().filter(device -> !device.backingFileDeleted() && device.backingFile().equals(image)).findFirst();
    }

    /**
     * Loop devices nobody needs any more: those whose backing file was deleted while attached (its
     * space stays taken until the device is detached), and those holding an image under the image
     * root that dom0 has not mounted (nor stacked anything on), no domain uses, and the agent is
     * not populating right now.
     */
    public List<Leak> leaked() {
        return leaked(attached());
    }

    /** {@link #leaked()} among {@code attached}, as {@link #attached()} just returned them. */
    public List<Leak> leaked(List<LoopDevice> attached) {
        if (attached.isEmpty()) {
            return List.of();
        }
        Set<String> domainPaths = null;
        BlockDevices.Look blocks = null;
        List<Leak> leaks = new ArrayList<>();
        for (LoopDevice loop : attached) {
            if (loop.backingFileDeleted()) {
                leaks.add(new Leak(loop, "its backing file " + loop.backingFile() + " was deleted while attached; the space stays taken until 'losetup -d "
                        + loop.device() + "'"));
                continue;
            }
            if (imageRoot == null || !loop.backingFile().normalize().startsWith(imageRoot) || heldByAgent.contains(loop.backingFile())) {
                continue;
            }
            String name = loop.device().getFileName().toString();
            if (blocks == null) {
                blocks = blockDevices.read();
            }
            if (blocks.state(name).map(BlockDevices.DeviceState::inUseByDom0).orElse(false)) {
                continue;
            }
            if (domainPaths == null) {
                domainPaths = domainDisks.inUse();
            }
            if (domainPaths.contains(loop.backingFile().toString()) || domainPaths.contains("/dev/" + name)) {
                continue;
            }
            leaks.add(new Leak(loop, "domstore image " + loop.backingFile() + " is attached, but not mounted in dom0 and used by no domain"));
        }
        return leaks;
    }

    /** Marks {@code file} as attached by the agent itself until {@link #release}: it is not a leak meanwhile. */
    public void hold(Path file) {
        heldByAgent.add(file);
    }

    public void release(Path file) {
        heldByAgent.remove(file);
    }

    /** {@code max_loop} when the module sets it, else the number of loop device nodes (devices are made on demand). */
    public int limit() {
        Path maxLoop = sysRoot.resolve("module").resolve("loop").resolve("parameters").resolve("max_loop");
        OptionalInt configured = read(maxLoop).map(LoopDevices::parseMaxLoop).orElse(OptionalInt.empty());
        if (configured.isPresent()) {
            return configured.getAsInt();
        }
        try {
            return countLoopNodes(files.list(devRoot));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + devRoot, e);
        }
    }

    /** A backing file as {@code loop/backing_file} names it. */
    record BackingFile(Path path, boolean deleted) {
    }

    /** The content of {@code loop/backing_file} (or losetup's BACK-FILE); empty when nothing is attached. */
    static Optional<BackingFile> parseBackingFile(String content) {
        String path = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        if (path.isBlank()) {
            return Optional.empty();
        }
        if (path.endsWith(DELETED_SUFFIX)) {
            return Optional.of(new BackingFile(Path.of(path.substring(0, path.length() - DELETED_SUFFIX.length())), true));
        }
        return Optional.of(new BackingFile(Path.of(path), false));
    }

    /** The content of {@code max_loop}; empty when it is 0 (no fixed limit) or not a number. */
    static OptionalInt parseMaxLoop(String content) {
        try {
            int value = Integer.parseInt(content.strip());
            return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException notANumber) {
            return OptionalInt.empty();
        }
    }

    /** How many of the names are loop device nodes ({@code loop0}, {@code loop1}, …; not {@code loop-control}). */
    static int countLoopNodes(Collection<String> names) {
        return (int) names.stream().filter(name -> LOOP_NAME.matcher(name).matches()).count();
    }

    private Optional<BackingFile> backingFileOf(String deviceName) {
        return read(sysRoot.resolve("block").resolve(deviceName).resolve("loop").resolve("backing_file"))
                .flatMap(LoopDevices::parseBackingFile);
    }

    /** The device may be detached between listing and reading: a vanished file means "not there". */
    private Optional<String> read(Path file) {
        try {
            return files.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private List<String> listIfPresent(Path dir) {
        try {
            return files.list(dir);
        } catch (NoSuchFileException | NotDirectoryException absent) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static int deviceNumber(String loopName) {
        return Integer.parseInt(loopName.substring("loop".length()));
    }
}
