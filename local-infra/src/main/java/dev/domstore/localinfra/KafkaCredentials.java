package dev.domstore.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The passwords of the local broker's users, one file each ({@code <user>.password}, mode 0600) in
 * one directory, made with a random password when absent. The launcher and the tests read the same
 * files to give each service its credential.
 */
final class KafkaCredentials {
    /** The broker's own user: PLAIN, in its configuration, a super user. */
    static final String ADMIN = "admin";
    /** Printed once every user has its SCRAM credential: the broker is ready for clients. */
    static final String READY_LINE = "domstore local Kafka: users ready";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 4096;

    private final Path directory;

    KafkaCredentials(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** {@code user}'s password, made (and written, mode 0600) on first use. */
    String password(String user) {
        Path file = directory.resolve(user + ".password");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(directory);
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                Path made = Files.createTempFile(directory, user, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(made, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n", StandardCharsets.UTF_8);
                Files.move(made, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or make the Kafka password of " + user + " in " + directory, e);
        }
    }

    /** The broker's configuration holds the admin's secret: only its owner reads it. */
    void restrict(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Gives each of {@code users} a SCRAM-SHA-512 credential with its password, as admin, once the
     * broker answers; then prints {@link #READY_LINE}. Retries until the broker answers; a failure
     * after that ends the broker, which is of no use to anyone without its users.
     */
    void ensureScramUsers(String bootstrap, List<String> users) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password(ADMIN) + "\";");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    break;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker did not answer its admin within 120 s", notYet);
                    }
                    Thread.sleep(200);
                }
            }
            if (!users.isEmpty()) {
                List<UserScramCredentialAlteration> credentials = users.stream().<UserScramCredentialAlteration>map(user ->
                        new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password(user)))
                        .toList();
                admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
            }
            System.out.println(READY_LINE + ": " + users);
        } catch (Exception e) {
            System.err.println("Cannot give the broker's users their credentials: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        }
    }
}
