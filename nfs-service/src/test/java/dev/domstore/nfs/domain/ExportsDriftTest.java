package dev.domstore.nfs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.exports.ExportInForce;
import dev.domstore.common.exports.ExportLine;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.nfs.Captures;
import dev.domstore.nfs.exportfs.ExportfsListing;

/** The applied set against what the captured servers really had in force. */
class ExportsDriftTest {

    private static List<ApplyExports.Export> applied(String exportsFile, boolean force) {
        return exportsFile.lines().filter(line -> !line.isBlank())
                .map(line -> ExportLine.parse(line, force))
                .map(line -> new ApplyExports.Export(UUID.randomUUID(), line.path(), line.clients(), false, null))
                .toList();
    }

    @Test
    void theGoodConfigurationHasNoDriftAgainstItsExportfsListingOrItsEtab() {
        List<ApplyExports.Export> applied = applied(Captures.read("exports-01-good.txt"), false);

        assertFalse(ExportsDrift.compare(applied, ExportfsListing.parse(Captures.read("exportfs-v-01-good.txt")), "/srv/domstore/nfs").any());
        assertFalse(ExportsDrift.compare(applied, ExportfsListing.parse(Captures.read("etab-01-good.txt")), "/srv/domstore/nfs").any());
    }

    @Test
    void theSpaceMistakeShowsAsTheWorldUnexpectedAndTheNetworkReadOnly() {
        // What was meant: the manual's line without the space (forced: no_root_squash for a /24).
        List<ApplyExports.Export> meant = applied("/export/x 1.2.3.4/24(rw,sync,no_root_squash)", true);

        ExportsReport.Drift drift = ExportsDrift.compare(meant, ExportfsListing.parse(Captures.read("exportfs-v-02-space-mistake.txt")),
                "/srv/domstore/nfs");

        assertEquals(List.of(), drift.missing());
        assertEquals(1, drift.unexpected().size());
        assertEquals("*", drift.unexpected().get(0).host());
        assertTrue(drift.unexpected().get(0).actualOptions().containsAll(List.of("rw", "no_root_squash")));
        assertNull(drift.unexpected().get(0).expectedOptions());
        assertEquals(1, drift.optionsDiffer().size());
        ExportsReport.Difference network = drift.optionsDiffer().get(0);
        assertEquals("1.2.3.4/24", network.host());
        assertTrue(network.expectedOptions().contains("rw") && network.actualOptions().contains("ro"), network.toString());
        assertTrue(network.expectedOptions().contains("no_root_squash") && network.actualOptions().contains("root_squash"));
    }

    @Test
    void anExportThatExportfsRefusedIsMissing() {
        // exports-03: /export/x had an unknown option; exportfs left it out.
        List<ApplyExports.Export> applied = applied("/export/missing 127.0.0.1(rw,sync,no_subtree_check)\n/export/x 127.0.0.1(rw)", false);

        ExportsReport.Drift drift = ExportsDrift.compare(applied, ExportfsListing.parse(Captures.read("exportfs-v-03-errors.txt")),
                "/srv/domstore/nfs");

        assertEquals(List.of("/export/x"), drift.missing().stream().map(ExportsReport.Difference::path).toList());
        assertEquals(List.of(), drift.unexpected());
        assertEquals(List.of(), drift.optionsDiffer());
    }

    @Test
    void foreignExportsCountOnlyBelowTheExportRoot() {
        List<ApplyExports.Export> applied = applied("/srv/domstore/nfs/vm1 10.0.0.1(rw)", false);
        List<ExportInForce> inForce = List.of(
                new ExportInForce("/srv/domstore/nfs/vm1", "10.0.0.1", List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys",
                        "rw", "secure", "root_squash", "no_all_squash")),
                new ExportInForce("/home", "*", List.of("ro")),
                new ExportInForce("/srv/domstore/nfs/stray", "10.0.0.9", List.of("rw")));

        ExportsReport.Drift drift = ExportsDrift.compare(applied, inForce, "/srv/domstore/nfs");

        assertEquals(List.of("/srv/domstore/nfs/stray"), drift.unexpected().stream().map(ExportsReport.Difference::path).toList());
        assertEquals(List.of(), drift.missing());
        assertEquals(List.of(), drift.optionsDiffer());
    }

    @Test
    void hostsAreComparedInDomstoresSpelling() {
        List<ApplyExports.Export> applied = applied("/srv/domstore/nfs/vm1 2001:db8::1(rw)", false);
        List<ExportInForce> inForce = List.of(new ExportInForce("/srv/domstore/nfs/vm1", "2001:DB8:0:0::1", List.of("sync", "wdelay",
                "hide", "no_subtree_check", "sec=sys", "rw", "secure", "root_squash", "no_all_squash")));

        assertFalse(ExportsDrift.compare(applied, inForce, "/srv/domstore/nfs").any());
    }
}
