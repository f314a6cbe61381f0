package dev.domstore.common.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.domstore.common.validation.InvalidInputException;

/** A single client spec, as a request field such as {@code clients[0]} carries it. */
class ExportClientTest {

    @Test
    void theManualsSpecInARequestFieldIsRefusedWithTheCorrection() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ExportClient.parse("clients[0]", "1.2.3.4/24 (rw,sync,no_root_squash)", false));

        assertEquals("clients[0]", e.field());
        assertEquals(InvalidInputException.Kind.FIELD, e.kind());
        assertTrue(e.getMessage().contains("Write it without the space: 1.2.3.4/24(rw,sync,no_root_squash)."), e.getMessage());
        assertTrue(e.getMessage().contains("whole world"), e.getMessage());
    }

    @Test
    void aSpecWithoutAClientIsTheWorldByMistake() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportClient.parse("clients[1]", "(rw)", false));

        assertEquals("clients[1]", e.field());
        assertTrue(e.getMessage().contains("or write *(rw) if the whole world is really meant"), e.getMessage());
    }

    @Test
    void whitespaceElsewhereIsRefusedToo() {
        assertTrue(assertThrows(InvalidInputException.class, () -> ExportClient.parse("c", "1.2.3.4(rw, sync)", false))
                .getMessage().contains("Write 1.2.3.4(rw,sync)."));
        assertTrue(assertThrows(InvalidInputException.class, () -> ExportClient.parse("c", "1.2.3.4 rw", false))
                .getMessage().contains("one client per entry"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ExportClient.parse("c", "  ", false))
                .getMessage().contains("missing"));
    }

    @Test
    void parsesAndRendersASpec() {
        ExportClient client = ExportClient.parse("c", "  10.0.0.0/255.255.255.0(ro,fsid=root)  ", false);

        assertEquals(new ExportClient("10.0.0.0/24", List.of("ro", "sync", "no_subtree_check", "fsid=0"), false), client);
        assertEquals("10.0.0.0/24(ro,sync,no_subtree_check,fsid=0)", client.render());
    }

    @Test
    void forcedRootForManyHostsIsAcceptedAndRemembered() {
        ExportClient forced = ExportClient.parse("c", "1.2.3.4/24(rw,no_root_squash)", true);

        assertTrue(forced.forceRootToManyHosts());
        assertTrue(forced.grantsRootAccess());
        assertEquals(forced, forced.validated("c"));
    }

    @Test
    void aClientFromAMessageIsCheckedAgain() {
        assertEquals(new ExportClient("vm1.example.com", List.of("rw", "sync", "no_subtree_check"), false),
                new ExportClient(" VM1.example.com ", List.of("rw"), false).validated("exports[0].clients[0]"));

        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        for (ExportClient bad : List.of(new ExportClient(null, List.of("rw"), false),
                new ExportClient("1.2.3.4(rw)", List.of(), false),
                new ExportClient("1.2.3.4", List.of("rw,sync"), false),
                new ExportClient("1.2.3.4", List.of("rw sync"), false),
                new ExportClient("1.2.3.4", withNull, false),
                new ExportClient("1.2.3.4", List.of("rw", "ro"), false),
                new ExportClient("*", List.of("rw", "no_root_squash"), false))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> bad.validated("exports[0].clients[0]"),
                    bad.toString());
            assertEquals("exports[0].clients[0]", e.field(), e.getMessage());
        }
    }
}
