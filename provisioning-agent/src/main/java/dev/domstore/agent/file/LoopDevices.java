package dev.domstore.agent.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The host's loop devices as the kernel shows them in sysfs: which are attached to which file,
 * and how many the host allows (rule 2 of ARCHITECTURE.md). The roots are parameters so that a
 * test can stand a directory tree in for {@code /sys} and {@code /dev}.
 */
@ApplicationScoped
public class LoopDevices {
    private static final Pattern LOOP_NAME = Pattern.compile("loop[0-9]+");

    private final Path sysRoot;
    private final Path devRoot;

    public LoopDevices() {
        this(Path.of("/sys"), Path.of("/dev"));
    }

    public LoopDevices(Path sysRoot, Path devRoot) {
        this.sysRoot = sysRoot;
        this.devRoot = devRoot;
    }

    /** Loop devices with a backing file, in device number order. */
    public List<LoopDevice> attached() {
        Path block = sysRoot.resolve("block");
        if (!Files.isDirectory(block)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(block)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> LOOP_NAME.matcher(name).matches())
                    .sorted(Comparator.comparingInt(LoopDevices::deviceNumber))
                    .flatMap(name -> backingFileOf(name).map(file -> new LoopDevice(devRoot.resolve(name), file)).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + block, e);
        }
    }

    /** The loop device {@code image} is attached to, if any. */
    public Optional<LoopDevice> attachedTo(Path image) {
        return attached().stream().filter(device -> device.backingFile().equals(image)).findFirst();
    }

    /** {@code max_loop} when the module sets it, else the number of loop device nodes (devices are made on demand). */
    public int limit() {
        Path maxLoop = sysRoot.resolve("module").resolve("loop").resolve("parameters").resolve("max_loop");
        OptionalInt configured = readIfPresent(maxLoop).map(LoopDevices::parseMaxLoop).orElse(OptionalInt.empty());
        if (configured.isPresent()) {
            return configured.getAsInt();
        }
        try (Stream<Path> nodes = Files.list(devRoot)) {
            return countLoopNodes(nodes.map(node -> node.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + devRoot, e);
        }
    }

    /** The content of {@code loop/backing_file}; empty when nothing is attached. */
    static Optional<Path> parseBackingFile(String content) {
        String path = content.strip();
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
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

    private Optional<Path> backingFileOf(String deviceName) {
        return readIfPresent(sysRoot.resolve("block").resolve(deviceName).resolve("loop").resolve("backing_file"))
                .flatMap(LoopDevices::parseBackingFile);
    }

    /** The device may be detached between listing and reading: a vanished file means "not there". */
    private static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static int deviceNumber(String loopName) {
        return Integer.parseInt(loopName.substring("loop".length()));
    }
}
