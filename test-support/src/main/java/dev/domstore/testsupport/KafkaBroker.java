package dev.domstore.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker (local-infra's KRaft broker) in a child process on random loopback ports.
 * It can be stopped and started again on the same ports and data, to test what happens while
 * the broker is away.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    private KafkaBroker(Path dataDir) {
        this.dataDir = dataDir;
        this.port = FreePorts.find();
        this.controllerPort = FreePorts.find();
    }

    public static KafkaBroker start() {
        KafkaBroker broker = new KafkaBroker(TempDirs.create("kafka"));
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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
                        "--data-dir", dataDir.toString()),
                Map.of(), dataDir.resolve("broker.log"));
        process.awaitReady(this::answers, Duration.ofSeconds(90));
    }

    private boolean answers() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }
}
