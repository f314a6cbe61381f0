package dev.domstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The first admin token of the inventories this test JVM starts: a secret in a file that the inventory
 * reads on its first start (its {@code bootstrap-admin-token-file}), as {@code ./domstore up} does.
 * Tests send it as {@code Authorization: Bearer <secret>}; authentication is never switched off.
 */
public final class AdminCredential {
    private AdminCredential() {
    }

    /** One file per test JVM, made with a new random secret on first use. */
    public static synchronized Path file() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "domstore-test-admin-" + ProcessHandle.current().pid() + ".token");
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            try {
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        "dst_test_" + HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException raced) {
                // Another class loader of this JVM made it first: the same secret for both.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file.toFile().deleteOnExit();
        }
        return file;
    }

    public static String secret() {
        try {
            return Files.readString(file(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of the Authorization header. */
    public static String bearer() {
        return "Bearer " + secret();
    }
}
