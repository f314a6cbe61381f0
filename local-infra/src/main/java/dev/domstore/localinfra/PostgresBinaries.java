package dev.domstore.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL binaries that zonky ships in a jar, unpacked where zonky looks for them
 * ({@code <working directory>/PG-<md5 of the archive>}, marked ready by its {@code .exists} file),
 * before zonky is asked to start a server.
 *
 * <p>zonky's own unpacking holds every file of the archive in memory at once (a 64 MB heap runs out)
 * and, once killed half-way, leaves a directory it can never finish: it then fails on the first
 * symbolic link that is already there. Here the archive is streamed into a staging directory beside
 * the target and renamed into place only when complete, under a file lock, so a killed or failed
 * unpacking leaves nothing that a later start would trust, and a half-unpacked directory from zonky
 * itself is removed and done again.
 */
public final class PostgresBinaries {
    /** The directory to unpack into; by default {@code embedded-pg} in the JVM's temporary directory, as zonky's. */
    public static final String DIRECTORY_VARIABLE = "DOMSTORE_POSTGRES_BINARIES";
    static final String READY_MARKER = ".exists";
    private static final String STAGING_PREFIX = ".unpacking-";
    private static final String LOCK_FILE = ".domstore-unpack.lock";

    private PostgresBinaries() {
    }

    /** {@value #DIRECTORY_VARIABLE} if set, else zonky's default. */
    public static Path defaultWorkingDirectory() {
        String configured = System.getenv(DIRECTORY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    }

    /**
     * Makes sure the binaries are unpacked in {@code workingDirectory} and returns their directory.
     * Safe to call from several processes at once: one unpacks, the others wait for it.
     */
    public static Path prepare(Path workingDirectory) throws IOException {
        Files.createDirectories(workingDirectory);
        Path target = workingDirectory.resolve("PG-" + archiveDigest());
        if (isReady(target)) {
            return target;
        }
        try (FileChannel channel = FileChannel.open(workingDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (isReady(target)) {
                return target;
            }
            // Whatever is left here was being unpacked by a process that no longer holds the lock.
            removeLeftovers(workingDirectory);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                System.out.println("Removing the incomplete PostgreSQL binaries in " + target);
                deleteRecursively(target);
            }
            Path staging = Files.createTempDirectory(workingDirectory, STAGING_PREFIX);
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            System.out.println("Unpacking the PostgreSQL binaries into " + target);
            try (InputStream archive = archive()) {
                unpack(archive, staging);
            }
            Files.createFile(staging.resolve(READY_MARKER));
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            // zonky trusts the marker only if it is at least as new as everything beside it.
            Files.setLastModifiedTime(target.resolve(READY_MARKER), FileTime.from(Instant.now()));
        }
        return target;
    }

    /** zonky's test of an unpacked directory: its marker is newer than the directory and everything in it. */
    static boolean isReady(Path directory) {
        Path marker = directory.resolve(READY_MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        long markerTime = marker.toFile().lastModified();
        if (directory.toFile().lastModified() - 100 > markerTime) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> !entry.equals(marker)).allMatch(entry -> entry.toFile().lastModified() <= markerTime);
        } catch (IOException e) {
            return false;
        }
    }

    private static InputStream archive() throws IOException {
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture());
    }

    /** The MD5 of the archive, which is how zonky names the directory it looks in. */
    private static String archiveDigest() throws IOException {
        try (DigestInputStream in = new DigestInputStream(archive(), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    /** Streams a tar.xz into {@code directory}: one file in memory at a time, never the whole archive. */
    static void unpack(InputStream txz, Path directory) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = directory.resolve(entry.getName()).normalize();
                if (!path.startsWith(directory)) {
                    throw new IOException("The archive entry " + entry.getName() + " points outside " + directory);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, directory.resolve(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("Unsupported archive entry " + entry.getName());
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }

    private static void removeLeftovers(Path workingDirectory) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(workingDirectory, STAGING_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                System.out.println("Removing " + leftover + ", left by an unpacking that did not finish");
                deleteRecursively(leftover);
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
