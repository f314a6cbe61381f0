package dev.domstore.common.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;

/** Every message against its golden file: the wire form is a contract between services. */
class MessageCodecTest {
    private static final UUID COMMAND = UUID.fromString("6f1c2b9e-4d0a-4a53-9a57-3b8f7c1d2e01");
    private static final UUID VOLUME = UUID.fromString("0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02");
    private static final UUID MESSAGE = UUID.fromString("a3d5e7f9-1b2c-4d6e-8f0a-1c3e5a7b9d03");
    private static final Instant AT = Instant.parse("2026-11-26T09:15:30.123Z");

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("CreateVolume.json", Command.class, CreateVolume.file(COMMAND, VOLUME, "dom0-a", AT,
                        "vm1disk", 2147483648L, Filesystem.EXT4, "/var/lib/domstore/images/vm1disk", null)),
                Arguments.of("CreateVolume-lvm.json", Command.class, CreateVolume.lvm(COMMAND, VOLUME, "dom0-a", AT, "vg",
                        "myvmdisk1", 4294967296L, Filesystem.EXT3, "/srv/rootfs")),
                Arguments.of("CreateVolume-snapshot.json", Command.class, CreateVolume.snapshot(COMMAND, VOLUME, "dom0-a", AT, "vg",
                        "myvmdisk1", "myclonedisk1", 1073741824L)),
                Arguments.of("CreateVolume-physical.json", Command.class, CreateVolume.physical(COMMAND, VOLUME, "dom0-a", AT,
                        "hda3", "/dev/hda3")),
                Arguments.of("DeleteVolume.json", Command.class, new DeleteVolume(COMMAND, VOLUME, "dom0-a", AT, VolumeKind.FILE,
                        "vm1disk", "/var/lib/domstore/images/vm1disk", null)),
                Arguments.of("ExtendVolume.json", Command.class, new ExtendVolume(COMMAND, VOLUME, "dom0-a", AT, VolumeKind.LVM,
                        "myvmdisk1", "vg", null, 5368709120L, Filesystem.EXT3)),
                Arguments.of("VolumeCreated.json", CommandResult.class, new VolumeCreated(MESSAGE, COMMAND, VOLUME, "dom0-a", AT,
                        "/var/lib/domstore/images/vm1disk", 2147483648L, 1232896L, Filesystem.EXT4, false)),
                Arguments.of("VolumeExtended.json", CommandResult.class, new VolumeExtended(MESSAGE, COMMAND, VOLUME, "dom0-a", AT,
                        5368709120L)),
                Arguments.of("VolumeExtensionFailed.json", CommandResult.class, new VolumeExtensionFailed(MESSAGE, COMMAND, VOLUME,
                        "dom0-a", AT, 4294967296L, FailureReason.INSUFFICIENT_CAPACITY, "Insufficient free space: 256 extents needed, but only 12 available")),
                Arguments.of("SnapshotExtendRequested.json", SnapshotExtendRequested.class, new SnapshotExtendRequested(MESSAGE, VOLUME,
                        "dom0-a", AT, 1073741824L, 1288490189L, 68.4, "PREDICTION", 3.5)),
                Arguments.of("SnapshotUsage.json", SnapshotUsage.class, new SnapshotUsage(MESSAGE, VOLUME, "dom0-a", AT, "vg0", "snap1",
                        "data", 8388608L, 67108864L, 75.39, "swi-a-s---", false)),
                Arguments.of("SnapshotGuardPolicy.json", SnapshotGuardPolicy.class, new SnapshotGuardPolicy(MESSAGE, VOLUME, "dom0-a", AT,
                        "vg0", "snap1", true, 60, 30, 134217728L, true, 4.0, 60000L, 45000L, 65536L)),
                Arguments.of("SnapshotGuardPolicy-disabled.json", SnapshotGuardPolicy.class, new SnapshotGuardPolicy(MESSAGE, VOLUME,
                        "dom0-a", AT, "vg0", "snap1", false, null, null, null, null, null, null, null, null)),
                Arguments.of("VolumeCreationFailed.json", CommandResult.class, new VolumeCreationFailed(MESSAGE, COMMAND, VOLUME,
                        "dom0-a", AT, FailureReason.INSUFFICIENT_CAPACITY, "truncate: No space left on device")),
                Arguments.of("VolumeDeleted.json", CommandResult.class, new VolumeDeleted(MESSAGE, COMMAND, VOLUME, "dom0-a", AT)),
                Arguments.of("VolumeDeletionFailed.json", CommandResult.class, new VolumeDeletionFailed(MESSAGE, COMMAND, VOLUME,
                        "dom0-a", AT, FailureReason.BUSY, "image is attached to /dev/loop3")),
                Arguments.of("HostReport.json", HostReport.class, new HostReport(MESSAGE, "dom0-a", "dom0-a.example", AT,
                        "/var/lib/domstore/images", 53687091200L, 1, 8, false,
                        List.of(new HostReport.VolumeGroup("vg0", 1069547520L, 1002438656L, 4194304L)),
                        List.of(new HostReport.LogicalVolume("vg0", "data", 67108864L, "owi-a-s---", null, null, false,
                                        List.of("domstore", "domstore_volume_" + VOLUME), VOLUME),
                                new HostReport.LogicalVolume("vg0", "snap1", 8388608L, "swi-a-s---", "data", 75.39, false, List.of(), null)),
                        List.of(new HostReport.LoopDevice("/dev/loop0", "/var/lib/domstore/images/vm1disk", false)),
                        List.of(new HostReport.BlockDevice("/dev/vda", 268435456000L, true, List.of("/"))),
                        List.of(new HostReport.Image("/var/lib/domstore/images/vm1disk", 2147483648L, 1232896L)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    <T extends Versioned> void writesTheGoldenForm(String golden, Class<T> readAs, T message) throws IOException {
        ObjectMapper plain = new ObjectMapper();
        assertEquals(plain.readTree(golden(golden)), plain.readTree(MessageCodec.toJson(message)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    <T extends Versioned> void readsTheGoldenForm(String golden, Class<T> readAs, T message) throws IOException {
        assertEquals(message, MessageCodec.fromJson(golden(golden), readAs));
    }

    @Test
    void toleratesFieldsAddedByANewerWriter() {
        String json = "{\"type\":\"VolumeDeleted\",\"version\":1,\"messageId\":\"" + MESSAGE + "\",\"commandId\":\"" + COMMAND
                + "\",\"volumeId\":\"" + VOLUME + "\",\"hostId\":\"dom0-a\",\"occurredAt\":\"2026-11-26T09:15:30.123Z\",\"addedLater\":42}";
        assertEquals(new VolumeDeleted(MESSAGE, COMMAND, VOLUME, "dom0-a", AT), MessageCodec.fromJson(json, CommandResult.class));
    }

    @Test
    void refusesWhatIsNotTheMessage() {
        assertThrows(MalformedMessageException.class, () -> MessageCodec.fromJson("{\"type\":\"Nonsense\"}", Command.class));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.fromJson("not json", HostReport.class));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = MessageCodecTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
