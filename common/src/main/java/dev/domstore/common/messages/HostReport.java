package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What really exists on a host, published by its agent on start and on a schedule, on
 * {@code domstore.host-reports} keyed by host id. A host is known to the inventory once it reports.
 *
 * @param imageRootFreeBytes bytes free for images under {@code imageRoot}
 * @param loopDevicesInUse   loop devices with a backing file attached
 * @param loopDeviceLimit    how many loop devices the host allows ({@code max_loop})
 * @param simulated          true for an in-memory host used in demos and load tests, never a real one
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record HostReport(
        UUID messageId,
        String hostId,
        String hostname,
        Instant occurredAt,
        String imageRoot,
        long imageRootFreeBytes,
        int loopDevicesInUse,
        int loopDeviceLimit,
        boolean simulated) implements Versioned {
}
