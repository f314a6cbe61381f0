package dev.domstore.nfs.exportfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.domstore.common.exports.ExportInForce;
import dev.domstore.nfs.Captures;

/** exportfs -v and etab as nfs-utils 2.6.2 really prints them (src/test/resources/host-captures). */
class ExportfsListingTest {
    private static final List<String> RW_NO_ROOT_SQUASH = List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw", "secure",
            "no_root_squash", "no_all_squash");

    @Test
    void nothingExported() {
        assertEquals(List.of(), ExportfsListing.parse(Captures.read("exportfs-v-00-empty.txt")));
        assertEquals(List.of(), ExportfsListing.parse(""));
    }

    @Test
    void theGoodConfiguration() {
        assertEquals(List.of(
                new ExportInForce("/export/x", "127.0.0.1", RW_NO_ROOT_SQUASH),
                new ExportInForce("/export/x", "10.0.2.0/24", List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw",
                        "insecure", "root_squash", "no_all_squash")),
                new ExportInForce("/export/y", "192.168.10.0/24", List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "ro",
                        "secure", "root_squash", "no_all_squash")),
                new ExportInForce("/export/y", "*.example.com", List.of("async", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw",
                        "secure", "root_squash", "no_all_squash"))),
                ExportfsListing.parse(Captures.read("exportfs-v-01-good.txt")));
    }

    @Test
    void theSpaceMistakeShowsTheWorldWithTheOptionsAndTheNetworkReadOnly() {
        List<ExportInForce> inForce = ExportfsListing.parse(Captures.read("exportfs-v-02-space-mistake.txt"));

        assertEquals(2, inForce.size());
        assertEquals(new ExportInForce("/export/x", "1.2.3.4/24", List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "ro",
                "secure", "root_squash", "no_all_squash")), inForce.get(0));
        assertEquals(new ExportInForce("/export/x", "*", RW_NO_ROOT_SQUASH), inForce.get(1), "<world> is read as *");
    }

    @Test
    void aPathLongerThanFourteenCharactersHasItsClientOnTheNextLine() {
        assertEquals(List.of(new ExportInForce("/export/missing", "127.0.0.1", List.of("sync", "wdelay", "hide", "no_subtree_check",
                "sec=sys", "rw", "secure", "root_squash", "no_all_squash"))), ExportfsListing.parse(Captures.read("exportfs-v-03-errors.txt")));
    }

    @Test
    void adHocExportsAndATmpfsExport() {
        assertEquals(List.of(new ExportInForce("/export/y", "127.0.0.1", List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys",
                "rw", "secure", "root_squash", "no_all_squash"))), ExportfsListing.parse(Captures.afterRcLine("exportfs-o-04-adhoc.txt")));
        assertEquals("/tmp/t", ExportfsListing.parse(Captures.afterRcLine("exportfs-ra-05-tmpfs-nofsid.txt")).get(0).path());
    }

    @Test
    void plainExportfsHasNoOptions() {
        List<ExportInForce> plain = ExportfsListing.parse(Captures.read("exportfs-plain-01-good.txt"));

        assertEquals(List.of("/export/x 127.0.0.1", "/export/x 10.0.2.0/24", "/export/y 192.168.10.0/24", "/export/y *.example.com"),
                plain.stream().map(e -> e.path() + " " + e.host()).toList());
        assertTrue(plain.stream().allMatch(e -> e.options().isEmpty()));
    }

    @Test
    void exportFormatSeparatesWithSpaces() {
        assertEquals(ExportfsListing.parse(Captures.read("exportfs-v-01-good.txt")),
                ExportfsListing.parse(Captures.read("exportfs-s-01-good.txt")));
    }

    @Test
    void etabHasTheSameShapeWithEveryOption() {
        List<ExportInForce> etab = ExportfsListing.parse(Captures.read("etab-01-good.txt"));

        assertEquals(4, etab.size());
        assertEquals("/export/y", etab.get(1).path());
        assertEquals("192.168.10.0/24", etab.get(1).host());
        assertTrue(etab.get(0).options().contains("anonuid=65534"));
        List<ExportInForce> mistake = ExportfsListing.parse(Captures.read("etab-02-space-mistake.txt"));
        assertEquals("*", mistake.get(1).host());
    }

    @Test
    void longPathsAndClientsWithoutOptionsMixed() {
        String listing = "/srv/domstore/nfs/vm1root\n\t\t10.0.0.1(sync,rw)\n/short        \t<world>(sync,ro)\n"
                + "/srv/domstore/nfs/vm2root\n\t\t@admins\n";

        assertEquals(List.of(new ExportInForce("/srv/domstore/nfs/vm1root", "10.0.0.1", List.of("sync", "rw")),
                new ExportInForce("/short", "*", List.of("sync", "ro")),
                new ExportInForce("/srv/domstore/nfs/vm2root", "@admins", List.of())), ExportfsListing.parse(listing));
    }

    @Test
    void refusesWhatIsNoListing() {
        assertThrows(IllegalArgumentException.class, () -> ExportfsListing.parse("\t\t10.0.0.1(rw)\n"));
        assertThrows(IllegalArgumentException.class, () -> ExportfsListing.parse("/srv/domstore/nfs/vm1root\n"));
        assertThrows(IllegalArgumentException.class, () -> ExportfsListing.parse("/x\t10.0.0.1(rw\n"));
    }
}
