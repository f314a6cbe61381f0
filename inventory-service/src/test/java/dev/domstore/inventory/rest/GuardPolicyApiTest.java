package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.Topics;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.domain.StoredEvent;
import dev.domstore.problems.Problem;
import dev.domstore.testsupport.KafkaTestClient;

/**
 * PUT, GET and DELETE of a snapshot's own guard policy against the real PostgreSQL and Kafka:
 * what the API shows, the row, the audit event, and the record on the compacted
 * domstore.guard-policies the guard reads; every bad input a problem that changes nothing.
 */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class GuardPolicyApiTest {
    private static final long MIB = 1L << 20;
    private static final String FULL = """
            {"enabled": true, "thresholdPercent": 60, "stepPercent": 30, "minimumStep": "128M", "predictionEnabled": true,
             "safetyFactor": 4, "minimumInterval": "60s", "retryTimeout": "45s", "chunkSize": "64K"}""";

    private static String host;
    private static UUID origin;

    @BeforeEach
    void lvmHost() {
        if (host == null) {
            host = InventoryTestSupport.reportedLvmHost("vg", 100L << 30);
            origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "guarded-origin", "4G", null), "/dev/vg/guarded-origin",
                    4L << 30, false);
        }
    }

    @Test
    void putGetAndDeleteReachTheGuardsTopicAndTheAudit() throws Exception {
        UUID snap = snapshot("policy-snap");
        String path = "/api/v1/volumes/" + snap + "/guard-policy";

        given().get(path).then().statusCode(200).body("source", equalTo("global")).body("override", nullValue())
                .body("volumeId", equalTo(snap.toString()));
        given().get("/api/v1/volumes/" + snap).then().body("guardPolicy.source", equalTo("global"));

        // Disable the guard for this snapshot: the API, the row, the message, the event.
        put(path, "{\"enabled\": false}").statusCode(200).body("source", equalTo("override"))
                .body("override.enabled", equalTo(false)).body("override.thresholdPercent", nullValue())
                .body("updatedAt", not(nullValue()));
        given().get(path).then().statusCode(200).body("source", equalTo("override")).body("override.enabled", equalTo(false));
        given().get("/api/v1/volumes/" + snap).then().body("guardPolicy.source", equalTo("override"))
                .body("guardPolicy.override.enabled", equalTo(false));
        SnapshotGuardPolicy disabled = awaitPolicies(snap, 1).get(0);
        assertEquals(Boolean.FALSE, disabled.enabled());
        assertEquals(snap, disabled.volumeId());
        assertEquals(host, disabled.hostId());
        assertEquals("vg", disabled.volumeGroup());
        assertEquals("policy-snap", disabled.name());
        assertNull(disabled.thresholdPercent(), "absent: the guard's global value");

        // A whole replacement: every field, as the guard gets it.
        put(path, FULL).statusCode(200)
                .body("override.enabled", equalTo(true)).body("override.thresholdPercent", equalTo(60))
                .body("override.stepPercent", equalTo(30)).body("override.minimumStep", equalTo("128M"))
                .body("override.minimumStepBytes", equalTo((int) (128 * MIB))).body("override.predictionEnabled", equalTo(true))
                .body("override.safetyFactor", equalTo(4.0f)).body("override.minimumInterval", equalTo("1m"))
                .body("override.retryTimeout", equalTo("45s")).body("override.chunkSize", equalTo("64K"))
                .body("override.chunkSizeBytes", equalTo(65536));
        SnapshotGuardPolicy full = awaitPolicies(snap, 2).get(1);
        assertEquals(new SnapshotGuardPolicy(full.messageId(), snap, host, full.occurredAt(), "vg", "policy-snap", true, 60, 30, 128 * MIB,
                true, 4.0, 60_000L, 45_000L, 65_536L), full);

        // The same again changes nothing: no event, no message.
        long messages = count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES));
        long changes = count(() -> StoredEvent.count("aggregateId = ?1 and eventType = ?2", snap.toString(), EventType.GuardPolicyChanged));
        put(path, FULL).statusCode(200).body("override.thresholdPercent", equalTo(60));
        assertEquals(messages, count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES)));
        assertEquals(changes, count(() -> StoredEvent.count("aggregateId = ?1 and eventType = ?2", snap.toString(), EventType.GuardPolicyChanged)));
        assertEquals(2, changes);
        given().get("/api/v1/events?aggregateId=" + snap).then()
                .body("items.find { it.eventType == 'GuardPolicyChanged' && it.data.previous == 'global' }.data.guardPolicy.enabled", equalTo(false))
                .body("items.findAll { it.eventType == 'GuardPolicyChanged' }[1].data.guardPolicy.minimumStep", equalTo("128M"))
                .body("items.findAll { it.eventType == 'GuardPolicyChanged' }[1].data.previous.enabled", equalTo(false));

        // DELETE: back to global; a tombstone on the topic, so a guard rebuilding from it finds no override.
        given().delete(path).then().statusCode(204);
        given().get(path).then().statusCode(200).body("source", equalTo("global"));
        given().get("/api/v1/volumes/" + snap).then().body("guardPolicy.source", equalTo("global"));
        List<ConsumerRecord<String, String>> records = KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.GUARD_POLICIES,
                r -> snap.toString().equals(r.key()), 3, Duration.ofSeconds(30));
        assertNull(records.get(2).value(), "the last record of the key is a tombstone");
        given().get("/api/v1/events?aggregateId=" + snap).then()
                .body("items.find { it.eventType == 'GuardPolicyCleared' }.data.previous.thresholdPercent", equalTo(60))
                .body("items.find { it.eventType == 'GuardPolicyCleared' }.data.guardPolicy", equalTo("global"));
        // Removing none changes nothing.
        long afterDelete = count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES));
        given().delete(path).then().statusCode(204);
        assertEquals(afterDelete, count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES)));

        // The topic is compacted: the last record of each key is kept for as long as it is in force.
        assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(Topics.GUARD_POLICIES));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("threshold below lvm's 50", "{\"thresholdPercent\": 40}", "invalid-field", "thresholdPercent", "from 50 to 100"),
                Arguments.of("threshold above 100", "{\"thresholdPercent\": 101}", "invalid-field", "thresholdPercent", "100 turns the threshold off"),
                Arguments.of("threshold as a string", "{\"thresholdPercent\": \"70\"}", "invalid-field", "thresholdPercent", "whole number"),
                Arguments.of("threshold with a fraction", "{\"thresholdPercent\": 70.5}", "invalid-field", "thresholdPercent", "whole number"),
                Arguments.of("no step", "{\"stepPercent\": 0}", "invalid-field", "stepPercent", "minimumStep"),
                Arguments.of("decimal unit", "{\"minimumStep\": \"64MB\"}", "invalid-size", "minimumStep", "GiB"),
                Arguments.of("not a size", "{\"minimumStep\": \"lots\"}", "invalid-size", "minimumStep", "512M"),
                Arguments.of("not whole sectors", "{\"minimumStep\": 1000}", "invalid-size", "minimumStep", "512-byte sector"),
                Arguments.of("enabled as a word", "{\"enabled\": \"no\"}", "invalid-field", "enabled", "true or false"),
                Arguments.of("safety factor below 1", "{\"safetyFactor\": 0.5}", "invalid-field", "safetyFactor", "from 1 to 100"),
                Arguments.of("interval without a unit", "{\"minimumInterval\": \"30\"}", "invalid-field", "minimumInterval", "write 30s"),
                Arguments.of("retry past the guard's memory", "{\"retryTimeout\": \"2h\"}", "invalid-field", "retryTimeout", "1s to 1h"),
                Arguments.of("chunk not a power of two", "{\"chunkSize\": \"12K\"}", "invalid-field", "chunkSize", "power of two"),
                Arguments.of("a misspelt field", "{\"threshold\": 60}", "invalid-field", "threshold", "did you mean 'thresholdPercent'"),
                Arguments.of("a good field and an unknown one", "{\"thresholdPercent\": 60, \"colour\": \"red\"}", "invalid-field", "colour", "nothing was changed"),
                Arguments.of("a good field and a bad one", "{\"thresholdPercent\": 60, \"stepPercent\": -5}", "invalid-field", "stepPercent", "1 to 1000"),
                Arguments.of("nothing set", "{}", "invalid-field", "body", "DELETE"),
                Arguments.of("only nulls", "{\"thresholdPercent\": null}", "invalid-field", "body", "DELETE"),
                Arguments.of("not an object", "[60]", "invalid-field", "body", "JSON object"),
                Arguments.of("no body", "", "invalid-field", "body", "missing"),
                Arguments.of("not JSON", "{\"thresholdPercent\":", "invalid-json", "body", "a JSON object of the fields this operation takes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void everyBadInputIsAProblemAndNothingIsHalfApplied(String label, String body, String type, String field, String hint) {
        UUID snap = snapshotWithOverride();
        String path = "/api/v1/volumes/" + snap + "/guard-policy";
        long messages = count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES));
        long events = count(() -> StoredEvent.count("aggregateId", snap.toString()));

        var response = put(path, body).statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://domstore.dev/problems/" + type))
                .body("status", equalTo(400))
                .body("instance", equalTo(path))
                .body("detail", containsString(hint));
        if (field != null) {
            response.body("field", equalTo(field));
        }

        given().get(path).then().body("source", equalTo("override")).body("override.enabled", equalTo(false))
                .body("override.thresholdPercent", nullValue()).body("override.stepPercent", nullValue());
        assertEquals(messages, count(() -> OutboxMessage.count("aggregateId = ?1 and topic = ?2", snap.toString(), Topics.GUARD_POLICIES)),
                "no message for the guard");
        assertEquals(events, count(() -> StoredEvent.count("aggregateId", snap.toString())), "no event");
    }

    @Test
    void aVolumeThatIsNotASnapshotHasNoGuardPolicy() {
        String path = "/api/v1/volumes/" + origin + "/guard-policy";
        put(path, "{\"enabled\": false}").statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://domstore.dev/problems/not-a-snapshot"))
                .body("detail", containsString("only snapshots (kind SNAPSHOT) have a guard policy"))
                .body("detail", containsString("/extend"));
        given().get(path).then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/not-a-snapshot"));
        given().delete(path).then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/not-a-snapshot"));
        given().get("/api/v1/volumes/" + origin).then().statusCode(200).body("$", not(org.hamcrest.Matchers.hasKey("guardPolicy")));

        UUID nobody = UUID.randomUUID();
        put("/api/v1/volumes/" + nobody + "/guard-policy", "{\"enabled\": false}").statusCode(404)
                .body("type", equalTo("https://domstore.dev/problems/volume-not-found"));
        given().get("/api/v1/volumes/" + nobody + "/guard-policy").then().statusCode(404);
    }

    @Test
    void theOverrideGoesWithItsSnapshot() {
        UUID snap = snapshotWithOverride();
        String path = "/api/v1/volumes/" + snap + "/guard-policy";

        given().delete("/api/v1/volumes/" + snap).then().statusCode(202);
        // Still in force while the host removes it.
        given().get(path).then().body("source", equalTo("override"));
        put(path, "{\"thresholdPercent\": 60}").statusCode(409).body("type", equalTo("https://domstore.dev/problems/volume-not-available"))
                .body("detail", containsString("being deleted"));
        DeleteVolume command = InventoryTestSupport.awaitCommand(snap, DeleteVolume.class);
        InventoryTestSupport.publishResult(new VolumeDeleted(UUID.randomUUID(), command.commandId(), snap, host, Instant.now()));
        InventoryTestSupport.awaitState(snap, "DELETED");

        given().get(path).then().statusCode(200).body("source", equalTo("global"));
        List<ConsumerRecord<String, String>> records = KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.GUARD_POLICIES,
                r -> snap.toString().equals(r.key()), 2, Duration.ofSeconds(30));
        assertNull(records.get(1).value(), "a tombstone: the compacted topic forgets the snapshot");
        given().get("/api/v1/events?aggregateId=" + snap).then()
                .body("items.eventType", hasItem("GuardPolicyCleared"))
                .body("items.find { it.eventType == 'GuardPolicyCleared' }.data.because", containsString("DELETED"));
        put(path, "{\"enabled\": false}").statusCode(409).body("type", equalTo("https://domstore.dev/problems/volume-deleted"));
    }

    @Test
    void anInvalidSnapshotIsNeverExtendedAgainSoItsPolicyCannotChange() {
        UUID snap = snapshot("overflowed");
        SnapshotUsage usage = new SnapshotUsage(UUID.randomUUID(), snap, host, Instant.now(), "vg", "overflowed", "guarded-origin", 8 * MIB,
                4L << 30, 100.0, "swi-I-s---", true);
        KafkaTestClient.send(InventoryTestSupport.host(host), Topics.SNAPSHOT_USAGE, snap.toString(), MessageCodec.toJson(usage));
        InventoryTestSupport.awaitState(snap, "INVALID");
        put("/api/v1/volumes/" + snap + "/guard-policy", "{\"enabled\": false}").statusCode(409)
                .body("type", equalTo("https://domstore.dev/problems/volume-not-available"))
                .body("detail", containsString("Delete it"));
    }

    private static UUID snapshotWithOverride() {
        UUID snap = snapshot("s-" + UUID.randomUUID().toString().substring(0, 8));
        put("/api/v1/volumes/" + snap + "/guard-policy", "{\"enabled\": false}").statusCode(200);
        return snap;
    }

    private static UUID snapshot(String name) {
        return InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot(name, origin, "8M"), "/dev/vg/" + name, 8 * MIB, false);
    }

    private static io.restassured.response.ValidatableResponse put(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).put(path).then();
    }

    /** The first {@code count} guard-policy records of {@code snap} on the topic, in order. */
    private static List<SnapshotGuardPolicy> awaitPolicies(UUID snap, int count) {
        return KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.GUARD_POLICIES,
                r -> snap.toString().equals(r.key()) && r.value() != null, count, Duration.ofSeconds(30)).stream()
                .map(r -> MessageCodec.fromJson(r.value(), SnapshotGuardPolicy.class))
                .toList();
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(InventoryTestSupport.kafka().properties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private static long count(Supplier<Long> counter) {
        return QuarkusTransaction.requiringNew().call(counter::get);
    }
}
