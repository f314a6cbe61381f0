package dev.domstore.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * What the inventory's tests do in place of a host: enrolled through the API as an admin would, then
 * reporting and answering commands as its agent would, with its own Kafka credential on its own topics.
 */
public final class InventoryTestSupport {
    public static final String IMAGE_ROOT = "/var/lib/domstore/images";
    private static final Map<String, KafkaAccess> HOSTS = new ConcurrentHashMap<>();

    private InventoryTestSupport() {
    }

    /** A new host id, reported through Kafka and visible in the API before this returns. */
    public static String reportedHost() {
        return reportedHost(8);
    }

    /** A new host with {@code loopDeviceLimit} loop devices, none in use. */
    public static String reportedHost(int loopDeviceLimit) {
        String hostId = "host-" + UUID.randomUUID().toString().substring(0, 8);
        HostReport report = HostReport.basic(UUID.randomUUID(), hostId, hostId + ".test", Instant.now(), IMAGE_ROOT,
                100L << 30, 0, loopDeviceLimit, false);
        KafkaTestClient.send(host(hostId), Topics.ofHost(Topics.HOST_REPORTS, hostId), hostId, MessageCodec.toJson(report));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        return hostId;
    }

    /** {@code hostId}'s Kafka credential, enrolling it through the API (POST /api/v1/hosts) the first time. */
    public static KafkaAccess host(String hostId) {
        return HOSTS.computeIfAbsent(hostId, id -> new KafkaAccess(kafka().bootstrapServers(), "host." + id,
                given().contentType(ContentType.JSON).body("{\"hostId\":\"" + id + "\"}").post("/api/v1/hosts")
                        .then().statusCode(201).extract().path("password"), "SCRAM-SHA-512"));
    }

    /** A new host with one volume group {@code vg} of {@code vgBytes}, all free, 4 MiB extents. */
    public static String reportedLvmHost(String vg, long vgBytes) {
        String hostId = "lvm-" + UUID.randomUUID().toString().substring(0, 8);
        report(hostId, List.of(new HostReport.VolumeGroup(vg, vgBytes, vgBytes, 4L << 20)), List.of(), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        return hostId;
    }

    /** Publishes a full report for {@code hostId}, as its agent would, now. */
    public static void report(String hostId, List<HostReport.VolumeGroup> vgs, List<HostReport.LogicalVolume> lvs, List<HostReport.BlockDevice> devices) {
        HostReport report = new HostReport(UUID.randomUUID(), hostId, hostId + ".test", Instant.now(), IMAGE_ROOT, 100L << 30, 0, 8, false,
                vgs, lvs, List.of(), devices, List.of());
        KafkaTestClient.send(host(hostId), Topics.ofHost(Topics.HOST_REPORTS, hostId), hostId, MessageCodec.toJson(report));
    }

    /** POSTs {@code body} (any kind), answers its command as the host would, and returns the AVAILABLE volume's id. */
    public static UUID availableVolume(String body, String hostPath, long hostSizeBytes, boolean mountedReadWrite) {
        UUID volumeId = UUID.fromString(given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes")
                .then().statusCode(202).extract().path("id"));
        CreateVolume command = awaitCommand(volumeId, CreateVolume.class);
        publishResult(new VolumeCreated(UUID.randomUUID(), command.commandId(), volumeId, command.hostId(), Instant.now(), hostPath,
                hostSizeBytes, hostSizeBytes, command.filesystem(), mountedReadWrite));
        awaitState(volumeId, "AVAILABLE");
        return volumeId;
    }

    /** The command of {@code type} published for {@code volumeId} (the first one, when there are several), on its host's topic. */
    public static <T extends Command> T awaitCommand(UUID volumeId, Class<T> type) {
        String hostId = given().get("/api/v1/volumes/" + volumeId).then().statusCode(200).extract().path("hostId");
        return type.cast(MessageCodec.fromJson(KafkaTestClient.awaitRecord(kafka(), Topics.ofHost(Topics.COMMANDS, hostId),
                r -> r.value().contains(volumeId.toString()) && r.value().contains("\"type\":\"" + type.getSimpleName() + "\""),
                Duration.ofSeconds(30)).value(), Command.class));
    }

    /** A FILE volume on {@code hostId} that its "host" has reported created: AVAILABLE. */
    public static UUID availableFileVolume(String hostId, String name) {
        String body = "{\"name\":\"" + name + "\",\"hostId\":\"" + hostId + "\",\"kind\":\"FILE\",\"size\":\"1G\"}";
        UUID volumeId = UUID.fromString(given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes")
                .then().statusCode(202).extract().path("id"));
        CreateVolume command = awaitCommand(volumeId, CreateVolume.class);
        publishResult(new VolumeCreated(UUID.randomUUID(), command.commandId(), volumeId, hostId, Instant.now(), command.imagePath(),
                command.sizeBytes(), 4096, null, false));
        awaitState(volumeId, "AVAILABLE");
        return volumeId;
    }

    public static void awaitState(UUID volumeId, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/volumes/" + volumeId).then().body("state", org.hamcrest.Matchers.equalTo(state)));
    }

    /** PUT /api/v1/domains/{domain}/disks/{vdev}: attach {@code volumeId} with mode r or w. */
    public static io.restassured.response.ValidatableResponse attach(String domain, String vdev, UUID volumeId, String mode) {
        return given().contentType(ContentType.JSON)
                .body("{\"volumeId\":\"" + volumeId + "\",\"mode\":\"" + mode + "\"}")
                .put("/api/v1/domains/" + domain + "/disks/" + vdev)
                .then();
    }

    /** Publishes {@code result} as its host's agent: with that host's credential, on its results topic. */
    public static void publishResult(CommandResult result) {
        KafkaTestClient.send(host(result.hostId()), Topics.ofHost(Topics.RESULTS, result.hostId()), result.commandId().toString(),
                MessageCodec.toJson(result));
    }

    /** The broker's admin: a test's own view of every topic. */
    public static KafkaAccess kafka() {
        return RealInfrastructure.kafka().admin();
    }
}
