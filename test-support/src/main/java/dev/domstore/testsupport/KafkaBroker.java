package dev.domstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.domstore.common.HostEnrolment;
import dev.domstore.common.KafkaGrants;
import dev.domstore.common.SharedTopics;

/**
 * A real Kafka broker (local-infra's KRaft broker) in a child process on random loopback ports,
 * with authentication (SASL) and Kafka's authorizer on, as in production: every client says who it
 * is, and may do only what {@link KafkaGrants} allows its user. It can be stopped and started again on
 * the same ports and data, to test what happens while the broker is away.
 *
 * <p>Its users: {@code admin} (the broker's own, a super user: tests read and inspect as it),
 * {@value #INVENTORY} (a super user, as the inventory enrols hosts), {@value #GUARD}, and a user per
 * host that a test enrols ({@link #enrolHost}), as the inventory would.
 */
public final class KafkaBroker implements AutoCloseable {
    public static final String INVENTORY = "inventory";
    public static final String GUARD = "snapshot-guard";
    private static final String ADMIN = "admin";

    private final Path dataDir;
    private final Path credentials;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    private KafkaBroker(Path dataDir) {
        this.dataDir = dataDir;
        this.credentials = dataDir.resolve("credentials");
        this.port = FreePorts.find();
        this.controllerPort = FreePorts.find();
    }

    public static KafkaBroker start() {
        KafkaBroker broker = new KafkaBroker(TempDirs.create("kafka"));
        broker.startProcess();
        broker.setUpAsTheGuardWould();
        return broker;
    }

    /** The broker's process id, for the benchmarks' CPU and memory figures. */
    public long pid() {
        return process.pid();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's own admin: may do everything; what a test uses to look at and feed topics. */
    public KafkaAccess admin() {
        return new KafkaAccess(bootstrapServers(), ADMIN, password(ADMIN), "PLAIN");
    }

    /** One of the users the broker was started with ({@value #INVENTORY}, {@value #GUARD}). */
    public KafkaAccess as(String user) {
        return new KafkaAccess(bootstrapServers(), user, password(user), "SCRAM-SHA-512");
    }

    /**
     * Enrols {@code hostId} as the inventory does ({@link HostEnrolment}): its topics, its user
     * {@code host.<hostId>} and what that user may do. Enrolling it again changes nothing but returns the same access.
     */
    public KafkaAccess enrolHost(String hostId) {
        return enrolHosts(hostId, List.of(hostId));
    }

    /** Enrols {@code hostIds} under one credential, as for the simulated hosts of one agent. */
    public synchronized KafkaAccess enrolHosts(String credential, List<String> hostIds) {
        String user = KafkaGrants.hostUser(credential);
        Path file = credentials.resolve(user + ".password");
        try (Admin admin = Admin.create(admin().properties())) {
            String password = Files.exists(file) ? password(user) : HostEnrolment.newPassword();
            HostEnrolment.setPassword(admin, user, password);
            for (String hostId : hostIds) {
                HostEnrolment.grant(admin, hostId, credential);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return new KafkaAccess(bootstrapServers(), user, password, "SCRAM-SHA-512");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker; its data stays for {@link #restart()}. */
    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
        TempDirs.deleteRecursively(dataDir);
    }

    private void startProcess() {
        process = ChildProcess.start("kafka", List.of(ProjectPaths.javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC",
                        "-cp", ProjectPaths.localInfraClasspath(), "dev.domstore.localinfra.LocalKafka",
                        "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                        "--data-dir", dataDir.toString(), "--credentials-dir", credentials.toString(),
                        "--users", INVENTORY + "," + GUARD, "--super-users", INVENTORY),
                Map.of(), dataDir.resolve("broker.log"));
        process.awaitReady(this::answersItsUsers, Duration.ofSeconds(90));
    }

    /**
     * The guard's grants (which the inventory gives it on start) and the topics the guard makes, so that a
     * test of one service finds them as in a running system.
     */
    private void setUpAsTheGuardWould() {
        try (Admin admin = Admin.create(admin().properties())) {
            HostEnrolment.apply(admin, KafkaGrants.forGuard(GUARD));
            SharedTopics.ensure(admin, SharedTopics.GUARD, OptionalInt.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot make the guard's topics: " + e.getMessage(), e);
        }
    }

    /** Ready once a SCRAM user (made by the broker after it started) is let in. */
    private boolean answersItsUsers() {
        if (!Files.exists(credentials.resolve(GUARD + ".password"))) {
            return false;
        }
        Map<String, Object> config = new java.util.HashMap<>(as(GUARD).clientConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private String password(String user) {
        try {
            return Files.readString(credentials.resolve(user + ".password"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("No Kafka password for " + user + " in " + credentials, e);
        }
    }
}
