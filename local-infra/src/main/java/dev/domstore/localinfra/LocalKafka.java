package dev.domstore.localinfra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process) on
 * loopback. Its log directory survives restarts: it is formatted only once.
 *
 * <pre>java -cp … dev.domstore.localinfra.LocalKafka --port 9092 --controller-port 9093 --data-dir DIR</pre>
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Args.parse(args, "port", "controller-port", "data-dir");
        int port = Integer.parseInt(options.get("port"));
        int controllerPort = Integer.parseInt(options.get("controller-port"));
        Path dataDir = Path.of(options.get("data-dir")).toAbsolutePath();
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));

        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);
        Path properties = dataDir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=" + partitions,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                ""));

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", properties.toString()}, new PrintStream(System.out));
            if (rc != 0) {
                System.err.println("Formatting the Kafka log directory " + logDir + " failed with code " + rc);
                System.exit(rc);
            }
        }
        System.out.println("domstore local Kafka: broker 127.0.0.1:" + port + ", data " + dataDir);
        kafka.Kafka.main(new String[] {properties.toString()});
    }
}
