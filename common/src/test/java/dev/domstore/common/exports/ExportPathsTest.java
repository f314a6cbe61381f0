package dev.domstore.common.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.domstore.common.validation.InvalidInputException;

class ExportPathsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/export/vm1root,/export/vm1root",
            "/export/vm1root/,/export/vm1root",
            "//export///vm1root,/export/vm1root",
            "/export/./vm1root/.,/export/vm1root",
            "/srv/domstore/nfs/vm-1_root.v2+x@y,/srv/domstore/nfs/vm-1_root.v2+x@y"})
    void normalises(String given, String canonical) {
        assertEquals(canonical, ExportPaths.requireExportPath("path", given));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "export/x", "./x", "/export/../etc", "/export/x/..", "/", "//", "/./", "/export/my dir", "/export/x\t",
            "/export/x\n/y", "/export/\"x\"", "/export/x#1", "/export/x\\040y", "/export/a,b", "/export/a(b)", "/export/a*", "/export/a:b",
            "/export/é", "/export/x\u0000"})
    void refuses(String path) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportPaths.requireExportPath("exports[1].path", path));

        assertEquals(InvalidInputException.Kind.PATH, e.kind());
        assertEquals("exports[1].path", e.field());
    }

    @Test
    void refusesNullAndOverlongPaths() {
        assertThrows(InvalidInputException.class, () -> ExportPaths.requireExportPath("path", null));
        assertThrows(InvalidInputException.class, () -> ExportPaths.requireExportPath("path", "/" + "a".repeat(256)));
        assertThrows(InvalidInputException.class, () -> ExportPaths.requireExportPath("path", ("/" + "a".repeat(200)).repeat(21)));
    }

    @Test
    void somethingUnderTheExportRoot() {
        assertEquals("/srv/domstore/nfs/vm1root", ExportPaths.requireUnder("path", "/srv/domstore/nfs/", "/srv/domstore/nfs//vm1root"));
        for (String outside : new String[] {"/srv/domstore/nfs", "/srv/domstore/nfsX/a", "/etc/x", "/srv/domstore"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> ExportPaths.requireUnder("path", "/srv/domstore/nfs", outside));
            assertEquals("path", e.field());
        }
    }
}
