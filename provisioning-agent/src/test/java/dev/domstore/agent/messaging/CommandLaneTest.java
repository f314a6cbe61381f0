package dev.domstore.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.Filesystem;
import dev.domstore.common.messages.CreateVolume;

class CommandLaneTest {
    @Test
    void aSnapshotWaitsForItsOriginInTheLaneOfTheirVolumeGroup() {
        CreateVolume origin = CreateVolume.lvm(UUID.randomUUID(), UUID.randomUUID(), "h1", Instant.now(), "vg0", "data", 1 << 26, null, null);
        CreateVolume snapshot = CreateVolume.snapshot(UUID.randomUUID(), UUID.randomUUID(), "h1", Instant.now(), "vg0", "data", "snap1", 1 << 26);
        CreateVolume elsewhere = CreateVolume.lvm(UUID.randomUUID(), UUID.randomUUID(), "h2", Instant.now(), "vg0", "data", 1 << 26, null, null);
        assertEquals(CommandConsumer.laneOf(origin), CommandConsumer.laneOf(snapshot));
        assertNotEquals(CommandConsumer.laneOf(origin), CommandConsumer.laneOf(elsewhere), "another host's volume group is another lane");
    }

    @Test
    void imagesHaveALaneEach() {
        CreateVolume one = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "h1", Instant.now(), "one", 1 << 30, Filesystem.EXT4,
                "/images/one", null);
        CreateVolume two = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "h1", Instant.now(), "two", 1 << 30, Filesystem.EXT4,
                "/images/two", null);
        assertNotEquals(CommandConsumer.laneOf(one), CommandConsumer.laneOf(two));
        assertEquals("volume " + one.volumeId(), CommandConsumer.laneOf(one));
    }
}
