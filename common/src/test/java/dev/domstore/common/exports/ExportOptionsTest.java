package dev.domstore.common.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.domstore.common.validation.InvalidInputException;

class ExportOptionsTest {

    /** Every pair of options that set the same thing to opposite values, synonyms included. */
    static Stream<Arguments> conflictingPairs() {
        return Stream.of(
                Arguments.of("rw", "ro"),
                Arguments.of("sync", "async"),
                Arguments.of("root_squash", "no_root_squash"),
                Arguments.of("secure", "insecure"),
                Arguments.of("subtree_check", "no_subtree_check"),
                Arguments.of("all_squash", "no_all_squash"),
                Arguments.of("hide", "nohide"),
                Arguments.of("wdelay", "no_wdelay"),
                Arguments.of("crossmnt", "nocrossmnt"),
                Arguments.of("secure_locks", "insecure_locks"),
                Arguments.of("auth_nlm", "no_auth_nlm"),
                Arguments.of("secure_locks", "no_auth_nlm"),
                Arguments.of("auth_nlm", "insecure_locks"),
                Arguments.of("acl", "no_acl"),
                Arguments.of("pnfs", "no_pnfs"));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("conflictingPairs")
    void refusesEveryConflictingPairInEitherOrder(String one, String other) {
        for (List<String> options : List.of(List.of(one, other), List.of(other, one), List.of("rw".equals(one) ? "sync" : "rw", one, other))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportOptions.canonical("clients[0]", options),
                    options.toString());
            assertEquals(InvalidInputException.Kind.FIELD, e.kind());
            assertEquals("clients[0]", e.field());
            assertTrue(e.getMessage().contains("contradict each other"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + one + "'") && e.getMessage().contains("'" + other + "'"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rw,rw|rw,sync,no_subtree_check",
            "sync,sync,ro,ro|ro,sync,no_subtree_check",
            "no_auth_nlm,insecure_locks|sync,no_subtree_check,insecure_locks",
            "auth_nlm|sync,no_subtree_check,secure_locks",
            "mp,mountpoint|sync,no_subtree_check,mountpoint",
            "fsid=root,fsid=0|sync,no_subtree_check,fsid=0",
            "anonuid=65534,anonuid=65534|sync,no_subtree_check,anonuid=65534",
            "sec=sys:krb5,sec=sys:krb5|sync,no_subtree_check,sec=sys:krb5"})
    void foldsDuplicatesAndSynonyms(String given, String canonical) {
        assertEquals(Arrays.asList(canonical.split(",")), ExportOptions.canonical("o", Arrays.asList(given.split(","))));
    }

    @Test
    void addsSyncAndNoSubtreeCheckOnlyWhenTheirPairIsAbsent() {
        assertEquals(List.of("sync", "no_subtree_check"), ExportOptions.canonical("o", List.of()));
        assertEquals(List.of("async", "subtree_check"), ExportOptions.canonical("o", List.of("subtree_check", "async")));
        assertEquals(List.of("rw", "sync", "no_root_squash", "no_subtree_check"),
                ExportOptions.canonical("o", List.of("rw", "sync", "no_root_squash")));
    }

    @Test
    void acceptsEveryWhitelistedOption() {
        List<String> all = List.of("rw", "sync", "no_root_squash", "no_all_squash", "no_subtree_check", "insecure", "no_wdelay",
                "nohide", "crossmnt", "insecure_locks", "no_acl", "pnfs", "nordirplus", "security_label", "mountpoint=/srv",
                "fsid=7", "anonuid=1000", "anongid=1000", "sec=krb5p:krb5i:krb5:sys");
        assertEquals(all, ExportOptions.canonical("o", all));
        List<String> others = List.of("ro", "async", "root_squash", "all_squash", "subtree_check", "secure", "wdelay", "hide",
                "nocrossmnt", "secure_locks", "acl", "no_pnfs", "mountpoint");
        assertEquals(others, ExportOptions.canonical("o", others));
    }

    @Test
    void splitsAnOptionListAndRefusesWhitespaceInIt() {
        assertEquals(List.of("rw", "sync"), ExportOptions.split("o", "rw,sync"));
        assertEquals(List.of(), ExportOptions.split("o", ""));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportOptions.split("o", "rw, sync"));
        assertTrue(e.getMessage().contains("Write (rw,sync)."), e.getMessage());
    }

    @Test
    void theEffectiveOptionsOfAGoodLineMatchWhatExportfsReportedForIt() {
        // exports-01-good.txt, then exportfs-v-01-good.txt and etab-01-good.txt for the same clients.
        List<String> written = ExportClient.parse("c", "127.0.0.1(rw,sync,no_subtree_check,no_root_squash)", false).options();
        List<String> exportfsV = List.of("sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,no_root_squash,no_all_squash".split(","));
        List<String> etab = List.of(("rw,sync,wdelay,hide,nocrossmnt,secure,no_root_squash,no_all_squash,no_subtree_check,secure_locks,"
                + "acl,no_pnfs,anonuid=65534,anongid=65534,sec=sys,rw,secure,no_root_squash,no_all_squash").split(","));

        List<String> expected = List.of("rw", "sync", "no_root_squash", "no_all_squash", "no_subtree_check", "secure", "wdelay",
                "hide", "nocrossmnt", "secure_locks", "acl", "no_pnfs", "anonuid=65534", "anongid=65534", "sec=sys");
        assertEquals(expected, ExportOptions.effective(written));
        assertEquals(expected, ExportOptions.effectiveAsReported(exportfsV));
        assertEquals(expected, ExportOptions.effectiveAsReported(etab));
    }

    @Test
    void reportedOptionsWithoutNoSubtreeCheckMeanSubtreeCheck() {
        List<String> reported = List.of("sync,wdelay,hide,sec=sys,ro,secure,root_squash,no_all_squash".split(","));

        assertTrue(ExportOptions.effectiveAsReported(reported).contains("subtree_check"));
        assertTrue(ExportOptions.effective(ExportOptions.canonical("o", List.of("ro"))).contains("no_subtree_check"));
    }

    @Test
    void reportedOptionsDomstoreDoesNotKnowAreKeptAtTheEnd() {
        List<String> effective = ExportOptions.effectiveAsReported(List.of("sync", "xprtsec=tls", "rw", "zzz_new"));
        assertEquals(List.of("xprtsec=tls", "zzz_new"), effective.subList(effective.size() - 2, effective.size()));
        assertTrue(effective.contains("rw"));
    }

    @Test
    void readWriteRootAccessAndFsidQueries() {
        assertTrue(ExportOptions.grantsReadWrite(List.of("rw", "sync")));
        assertFalse(ExportOptions.grantsReadWrite(List.of("ro", "sync")));
        assertFalse(ExportOptions.grantsReadWrite(List.of("sync")));
        assertTrue(ExportOptions.grantsRootAccess(List.of("no_root_squash")));
        assertTrue(ExportOptions.grantsRootAccess(List.of("all_squash", "anonuid=0")));
        assertFalse(ExportOptions.grantsRootAccess(List.of("root_squash", "anonuid=65534")));
        assertEquals(Optional.of("0"), ExportOptions.fsid(ExportOptions.canonical("o", List.of("fsid=root"))));
        assertEquals(Optional.empty(), ExportOptions.fsid(List.of("rw")));
    }
}
