package dev.domstore.inventory.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.HostEnrolment;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.ProcessedMessage;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaTestClient;

/**
 * A host's Kafka credential against the real broker and Kafka's own authorizer: what it may do (its own
 * commands, results and reports), what it may not (another host's commands, any command or event,
 * another host's topics), and that the inventory trusts a result only from the host it concerns.
 */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class HostCredentialsTest {
    private static final Duration REFUSAL = Duration.ofSeconds(20);

    @Test
    void aHostsCredentialReadsOnlyItsOwnCommandsAndPublishesNoCommandOrEvent() {
        String a = InventoryTestSupport.reportedHost();
        String b = InventoryTestSupport.reportedHost();
        UUID onA = InventoryTestSupport.availableFileVolume(a, "mine");
        UUID onB = InventoryTestSupport.availableFileVolume(b, "theirs");
        KafkaAccess hostA = InventoryTestSupport.host(a);

        List<String> own = readAll(hostA, Topics.ofHost(Topics.COMMANDS, a));
        assertTrue(own.stream().anyMatch(value -> value.contains(onA.toString())), "A reads its own commands: " + own);
        assertRefused(() -> readAll(hostA, Topics.ofHost(Topics.COMMANDS, b)), "A reads B's commands");

        String forged = MessageCodec.toJson(new DeleteVolume(UUID.randomUUID(), onB, b, Instant.now(), null, "theirs", null, null));
        assertRefused(() -> publish(hostA, Topics.ofHost(Topics.COMMANDS, b), b, forged), "A publishes a command to B");
        assertRefused(() -> publish(hostA, Topics.ofHost(Topics.COMMANDS, a), a, forged), "A publishes a command to itself");
        assertRefused(() -> publish(hostA, Topics.EVENTS, onB.toString(), "{}"), "A publishes an audit event");
        String result = MessageCodec.toJson(new VolumeDeleted(UUID.randomUUID(), UUID.randomUUID(), onB, b, Instant.now()));
        assertRefused(() -> publish(hostA, Topics.ofHost(Topics.RESULTS, b), onB.toString(), result), "A publishes on B's results");
        assertRefused(() -> publish(hostA, Topics.ofHost(Topics.HOST_REPORTS, b), b, "{}"), "A publishes on B's reports");

        given().get("/api/v1/volumes/" + onB).then().body("state", equalTo("AVAILABLE"));
    }

    @Test
    void aResultForAnotherHostsVolumeSentWithThisHostsCredentialChangesNothingAndIsCounted() {
        String a = InventoryTestSupport.reportedHost();
        String b = InventoryTestSupport.reportedHost();
        UUID onB = UUID.fromString(given().contentType(ContentType.JSON)
                .body("{\"name\":\"target\",\"hostId\":\"" + b + "\",\"kind\":\"FILE\",\"size\":\"1G\"}").post("/api/v1/volumes")
                .then().statusCode(202).extract().path("id"));
        CreateVolume command = InventoryTestSupport.awaitCommand(onB, CreateVolume.class);
        double refusedBefore = refusedResults();

        // Claiming to be B, on A's own topic (the only one A may write); and claiming to be A, about B's volume.
        VolumeCreated claimingB = new VolumeCreated(UUID.randomUUID(), command.commandId(), onB, b, Instant.now(), command.imagePath(),
                command.sizeBytes(), 4096, null, false);
        VolumeCreated claimingA = new VolumeCreated(UUID.randomUUID(), command.commandId(), onB, a, Instant.now(), command.imagePath(),
                command.sizeBytes(), 4096, null, false);
        KafkaAccess hostA = InventoryTestSupport.host(a);
        KafkaTestClient.send(hostA, Topics.ofHost(Topics.RESULTS, a), command.commandId().toString(), MessageCodec.toJson(claimingB));
        KafkaTestClient.send(hostA, Topics.ofHost(Topics.RESULTS, a), command.commandId().toString(), MessageCodec.toJson(claimingA));

        await().atMost(Duration.ofSeconds(30)).until(() -> refusedResults() >= refusedBefore + 2);
        given().get("/api/v1/volumes/" + onB).then().body("state", equalTo("PROVISIONING"));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() ->
                ProcessedMessage.count("messageId in ?1", List.of(claimingB.messageId(), claimingA.messageId()))),
                "a refused result is not marked processed: a forgery cannot shadow the real one");

        // The same result from B itself is applied.
        InventoryTestSupport.publishResult(claimingB);
        InventoryTestSupport.awaitState(onB, "AVAILABLE");
    }

    @Test
    void enrollingShowsThePasswordOnceRotatingShutsTheOldOneOutAndRevokingTheHost() {
        String host = "enrol-" + UUID.randomUUID().toString().substring(0, 8);
        String first = given().contentType(ContentType.JSON).body("{\"hostId\":\"" + host + "\"}").post("/api/v1/hosts").then()
                .statusCode(201).body("kafkaUser", equalTo("host." + host)).body("credential", equalTo(host))
                .extract().path("password");
        given().get("/api/v1/hosts/" + host + "/credential").then().statusCode(200)
                .body("kafkaUser", equalTo("host." + host)).body("password", nullValue());
        given().contentType(ContentType.JSON).body("{\"hostId\":\"" + host + "\"}").post("/api/v1/hosts").then()
                .statusCode(409).body("type", equalTo("https://domstore.dev/problems/host-enrolled"));
        given().contentType(ContentType.JSON).body("{\"hostId\":\"../x\"}").post("/api/v1/hosts").then()
                .statusCode(400).body("field", equalTo("hostId"));
        KafkaAccess before = new KafkaAccess(InventoryTestSupport.kafka().bootstrapServers(), "host." + host, first, "SCRAM-SHA-512");
        publish(before, Topics.ofHost(Topics.HOST_REPORTS, host), host, "{}");

        // A broker that lost the host's grants (started afresh beside this database): the rotation makes them again.
        try (Admin admin = Admin.create(InventoryTestSupport.kafka().properties())) {
            HostEnrolment.revoke(admin, host, host);
        }
        assertRefused(() -> publish(before, Topics.ofHost(Topics.HOST_REPORTS, host), host, "{}"), "a host without its grants");
        String second = given().post("/api/v1/hosts/" + host + "/credential").then().statusCode(200).extract().path("password");
        assertNotEquals(first, second);
        assertThrows(SaslAuthenticationException.class, () -> rootCause(() -> publish(before, Topics.ofHost(Topics.HOST_REPORTS, host),
                host, "{}")), "the old password is refused");
        KafkaAccess after = new KafkaAccess(before.bootstrapServers(), before.user(), second, before.mechanism());
        publish(after, Topics.ofHost(Topics.HOST_REPORTS, host), host, "{}");

        given().delete("/api/v1/hosts/" + host + "/credential").then().statusCode(204);
        given().get("/api/v1/hosts/" + host + "/credential").then().statusCode(404)
                .body("type", equalTo("https://domstore.dev/problems/host-not-enrolled"));
        assertThrows(SaslAuthenticationException.class, () -> rootCause(() -> publish(after, Topics.ofHost(Topics.HOST_REPORTS, host),
                host, "{}")), "a revoked host cannot log in");
        given().get("/api/v1/events?aggregateId=" + host).then()
                .body("items.eventType", equalTo(List.of("HostEnrolled", "HostCredentialRotated", "HostCredentialRevoked")))
                .body("items.actor.name", equalTo(List.of("admin", "admin", "admin")));
    }

    @Test
    void hostsSharingACredentialKeepItWhenOneIsRevoked() {
        String prefix = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        String password = given().contentType(ContentType.JSON).body("{\"hostId\":\"" + prefix + "-01\",\"credential\":\"" + prefix + "\"}")
                .post("/api/v1/hosts").then().statusCode(201).body("kafkaUser", equalTo("host." + prefix)).extract().path("password");
        given().contentType(ContentType.JSON).body("{\"hostId\":\"" + prefix + "-02\",\"credential\":\"" + prefix + "\"}")
                .post("/api/v1/hosts").then().statusCode(201).body("password", nullValue());
        KafkaAccess shared = new KafkaAccess(InventoryTestSupport.kafka().bootstrapServers(), "host." + prefix, password, "SCRAM-SHA-512");
        publish(shared, Topics.ofHost(Topics.HOST_REPORTS, prefix + "-02"), prefix + "-02", "{}");

        given().delete("/api/v1/hosts/" + prefix + "-01/credential").then().statusCode(204);
        assertRefused(() -> publish(shared, Topics.ofHost(Topics.HOST_REPORTS, prefix + "-01"), prefix + "-01", "{}"),
                "the revoked host's topic");
        publish(shared, Topics.ofHost(Topics.HOST_REPORTS, prefix + "-02"), prefix + "-02", "{}");
        given().get("/api/v1/hosts/" + prefix + "-01/credential").then().statusCode(404)
                .body("detail", containsString("POST /api/v1/hosts"));
    }

    private static double refusedResults() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^domstore_messages_refused_total\\{topic=\"domstore\\.results\"[^}]*\\} ([0-9.]+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static void publish(KafkaAccess access, String topic, String key, String value) {
        Properties config = access.properties();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis() / 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(REFUSAL.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is on partition 0 of {@code topic}, read without a consumer group. */
    private static List<String> readAll(KafkaAccess access, String topic) {
        Properties config = access.properties();
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return consumer.poll(Duration.ofSeconds(5)).records(partition).stream().map(record -> record.value()).toList();
        }
    }

    private static void assertRefused(Runnable attempt, String what) {
        Throwable cause = assertThrows(RuntimeException.class, attempt::run, what + " must be refused");
        while (cause != null && !(cause instanceof AuthorizationException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof AuthorizationException, what + ": refused by Kafka's authorizer, not for another reason");
    }

    private static void rootCause(Runnable attempt) throws Throwable {
        try {
            attempt.run();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause;
        }
    }
}
