package dev.domstore.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/** What the inventory's tests do in place of a host: report as its agent would, answer commands. */
public final class InventoryTestSupport {
    public static final String IMAGE_ROOT = "/var/lib/domstore/images";

    private InventoryTestSupport() {
    }

    /** A new host id, reported through Kafka and visible in the API before this returns. */
    public static String reportedHost() {
        String hostId = "host-" + UUID.randomUUID().toString().substring(0, 8);
        HostReport report = new HostReport(UUID.randomUUID(), hostId, hostId + ".test", Instant.now(), IMAGE_ROOT,
                100L << 30, 0, 8, false);
        KafkaTestClient.send(bootstrap(), Topics.HOST_REPORTS, hostId, MessageCodec.toJson(report));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        return hostId;
    }

    public static void publishResult(CommandResult result) {
        KafkaTestClient.send(bootstrap(), Topics.RESULTS, result.commandId().toString(), MessageCodec.toJson(result));
    }

    public static String bootstrap() {
        return RealInfrastructure.kafka().bootstrapServers();
    }
}
