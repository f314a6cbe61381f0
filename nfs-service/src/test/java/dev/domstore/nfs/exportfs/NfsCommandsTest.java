package dev.domstore.nfs.exportfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class NfsCommandsTest {

    @Test
    void buildsArgvWithoutRunningAnything() {
        assertEquals(List.of("exportfs", "-ra"), NfsCommands.reexportAll("exportfs"));
        assertEquals(List.of("/usr/sbin/exportfs", "-v"), NfsCommands.listVerbose("/usr/sbin/exportfs"));
        assertEquals(List.of("cp", "-a", "--", "/srv/templates/debian/.", "/srv/domstore/nfs/.vm1root.domstore-populating"),
                NfsCommands.copyTree("/srv/templates/debian", "/srv/domstore/nfs/.vm1root.domstore-populating"));
        assertEquals(List.of("rm", "-rf", "--one-file-system", "--", "/srv/domstore/nfs/.vm1root.domstore-populating"),
                NfsCommands.removeTree("/srv/domstore/nfs/.vm1root.domstore-populating"));
    }
}
