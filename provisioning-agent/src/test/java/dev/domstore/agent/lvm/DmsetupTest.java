package dev.domstore.agent.lvm;

import static dev.domstore.agent.HostTests.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.domstore.agent.phy.BlockDevices;

/** The event counters dmsetup wait is given, parsed from real dmsetup output of the lab. */
class DmsetupTest {

    @AfterAll
    static void sayWhereTheRestIsVerified() {
        System.out.println("DmsetupTest: parsers and argv only. dmsetup wait itself needs device-mapper, which this kernel lacks: "
                + "it is verified in the lab (QEMU guest): it blocked before snap2 overflowed and returned rc=0 with the event number "
                + "going 0 -> 1 (host-captures/dmsetup-wait-snap2-result.txt, dmsetup-info-05/06).");
    }

    @Test
    void eventNumberGoesFromZeroToOneWhenTheSnapshotOverflows() {
        assertEquals(OptionalInt.of(0), Dmsetup.parseEventNumberFromInfo(capture("dmsetup-info-05-snap2-before-overflow.txt")));
        assertEquals(OptionalInt.of(1), Dmsetup.parseEventNumberFromInfo(capture("dmsetup-info-06-snap2-invalid.txt")));
    }

    @Test
    void eventColumnOfTheTable() {
        assertEquals(Map.of("vg0-data", 0, "vg0-data-real", 0, "vg0-snap1", 0, "vg0-snap1-cow", 0),
                Dmsetup.parseEventNumbersFromColumns(capture("dmsetup-info-c-01.txt")));
    }

    @Test
    void eventNumberAloneWithoutHeadings() {
        // The lab piped it through tr -d ' ' (dmsetup-wait-invalid-timeout.txt: event_nr=1); dmsetup pads the column.
        assertEquals(OptionalInt.of(1), Dmsetup.parseEventNumber("       1\n"));
        assertEquals(OptionalInt.of(1), Dmsetup.parseEventNumber(capture("dmsetup-wait-invalid-timeout.txt").split("[= ]")[1]));
        assertEquals(OptionalInt.of(17), Dmsetup.parseEventNumber("17"));
        assertEquals(OptionalInt.empty(), Dmsetup.parseEventNumber(""));
        assertEquals(OptionalInt.empty(), Dmsetup.parseEventNumber("Device does not exist."));
    }

    @Test
    void deviceMapperNamesDoubleTheDashes() {
        assertEquals("vg0-snap2", BlockDevices.dmName("vg0", "snap2"));
        assertEquals("my--vg-my--snap", BlockDevices.dmName("my-vg", "my-snap"));
    }
}
