package dev.domstore.localinfra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process) on
 * loopback, with authentication and authorisation on. Its log directory survives restarts: it is
 * formatted only once.
 *
 * <pre>java -cp … dev.domstore.localinfra.LocalKafka --port 9092 --controller-port 9093 --data-dir DIR
 *     --credentials-dir DIR [--users inventory,snapshot-guard] [--super-users inventory]</pre>
 *
 * <p>Clients authenticate with SASL/SCRAM-SHA-512 on {@code --port}. The broker's own user,
 * {@code admin}, uses SASL/PLAIN with a secret in its configuration, between broker and
 * controller and for tools that administer the broker: it needs no SCRAM credential, which would
 * have to exist before the broker could start. Each of {@code --users} gets (or keeps) a SCRAM
 * credential on every start, with the password in {@code <credentials-dir>/<user>.password}, made
 * there (mode 0600) when absent. Kafka's {@code StandardAuthorizer} refuses whatever no ACL allows;
 * {@code admin} and {@code --super-users} may do everything. Once the users exist the broker prints
 * {@value KafkaCredentials#READY_LINE}.
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Args.parse(args, "port", "controller-port", "data-dir", "credentials-dir");
        int port = Integer.parseInt(options.get("port"));
        int controllerPort = Integer.parseInt(options.get("controller-port"));
        Path dataDir = Path.of(options.get("data-dir")).toAbsolutePath();
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        KafkaCredentials credentials = new KafkaCredentials(Path.of(options.get("credentials-dir")).toAbsolutePath());
        List<String> users = list(options.get("users"));
        List<String> superUsers = list(options.get("super-users"));
        String adminPassword = credentials.password(KafkaCredentials.ADMIN);

        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);
        Path properties = dataDir.resolve("server.properties");
        String plainAdmin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaCredentials.ADMIN
                + "\" password=\"" + adminPassword + "\" user_" + KafkaCredentials.ADMIN + "=\"" + adminPassword + "\";";
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                // Clients: SCRAM. The broker itself (and tools acting as admin): PLAIN, a secret in this file.
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + plainAdmin,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + plainAdmin,
                "sasl.mechanism.controller.protocol=PLAIN",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=" + superUsersLine(superUsers),
                "log.dirs=" + logDir,
                "num.partitions=" + partitions,
                // Only a user allowed to CREATE a topic makes it by using it: the inventory, and the guard its own three.
                "auto.create.topics.enable=true",
                // Clients authenticate again every minute: a changed password or removed user shuts an open connection out too.
                "connections.max.reauth.ms=60000",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                ""));
        credentials.restrict(properties);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", properties.toString()}, new PrintStream(System.out));
            if (rc != 0) {
                System.err.println("Formatting the Kafka log directory " + logDir + " failed with code " + rc);
                System.exit(rc);
            }
        }
        System.out.println("domstore local Kafka: broker 127.0.0.1:" + port + ", data " + dataDir + ", credentials "
                + credentials.directory());
        Thread making = new Thread(() -> credentials.ensureScramUsers("127.0.0.1:" + port, users), "domstore-kafka-users");
        making.setDaemon(true);
        making.start();
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static String superUsersLine(List<String> superUsers) {
        return Stream.concat(Stream.of(KafkaCredentials.ADMIN), superUsers.stream())
                .map(user -> "User:" + user).collect(Collectors.joining(";"));
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
