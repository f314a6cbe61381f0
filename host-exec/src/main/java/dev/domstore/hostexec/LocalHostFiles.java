package dev.domstore.hostexec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link HostFiles} of the machine this process runs on, through java.nio. */
public final class LocalHostFiles implements HostFiles {
    public static final LocalHostFiles INSTANCE = new LocalHostFiles();
    /** st_mode's file type bits, and that of a block device. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private LocalHostFiles() {
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public boolean isRegularFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isWritable(Path path) {
        return Files.isWritable(path);
    }

    @Override
    public boolean isExecutable(Path path) {
        return Files.isExecutable(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public long usableSpace(Path directory) throws IOException {
        return Files.getFileStore(directory).getUsableSpace();
    }

    @Override
    public Path realPath(Path path) throws IOException {
        return path.toRealPath();
    }

    @Override
    public Optional<DeviceNumber> blockDevice(Path path) throws IOException {
        Path real = path.toRealPath();
        int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFBLK) {
            return Optional.empty();
        }
        long rdev = (Long) Files.getAttribute(real, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        // glibc's gnu_dev_major and gnu_dev_minor.
        int major = (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0x00000fffL));
        int minor = (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0x000000ffL));
        return Optional.of(new DeviceNumber(major, minor));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    @Override
    public void createDirectory(Path directory, String mode) throws IOException {
        Files.createDirectory(directory);
        setMode(directory, mode);
    }

    @Override
    public void createFile(Path file, String mode) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        setMode(file, mode);
    }

    @Override
    public Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix);
    }

    @Override
    public Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        return Files.createTempFile(directory, prefix, suffix);
    }

    @Override
    public void setMode(Path path, String mode) throws IOException {
        // Explicitly, after creation: the umask would otherwise narrow the mode asked for.
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Override
    public void writeAndSync(Path file, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    @Override
    public void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return Files.deleteIfExists(path);
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
