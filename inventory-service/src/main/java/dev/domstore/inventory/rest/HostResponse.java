package dev.domstore.inventory.rest;

import java.time.Instant;

import dev.domstore.inventory.domain.Host;

/** A host as its agent last reported it. */
public record HostResponse(
        String hostId,
        String hostname,
        String imageRoot,
        long imageRootFreeBytes,
        int loopDevicesInUse,
        int loopDeviceLimit,
        boolean simulated,
        Instant firstSeenAt,
        Instant lastReportAt) {

    public static HostResponse from(Host host) {
        return new HostResponse(host.id, host.hostname, host.imageRoot, host.imageRootFreeBytes, host.loopDevicesInUse,
                host.loopDeviceLimit, host.simulated, host.firstSeenAt, host.lastReportAt);
    }
}
