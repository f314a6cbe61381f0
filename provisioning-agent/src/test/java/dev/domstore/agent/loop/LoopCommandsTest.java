package dev.domstore.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.domstore.common.Filesystem;

class LoopCommandsTest {

    @Test
    void argv() {
        assertEquals(List.of("losetup", "-f", "--show", "/var/lib/domstore/images/vm1disk"),
                LoopCommands.attach(Path.of("/var/lib/domstore/images/vm1disk")));
        assertEquals(List.of("losetup", "-d", "/dev/loop3"), LoopCommands.detach("/dev/loop3"));
        assertEquals(List.of("mount", "-t", "ext4", "/dev/loop3", "/var/lib/domstore/agent/mnt/populate-1"),
                LoopCommands.mount(Filesystem.EXT4, "/dev/loop3", Path.of("/var/lib/domstore/agent/mnt/populate-1")));
        assertEquals(List.of("umount", "/mnt/x"), LoopCommands.unmount(Path.of("/mnt/x")));
        assertEquals(List.of("cp", "-a", "--one-file-system", "/srv/template/.", "/mnt/x/"),
                LoopCommands.copyTree(Path.of("/srv/template"), Path.of("/mnt/x")));
        assertEquals(List.of("du", "-s", "-b", "-x", "/srv/template"), LoopCommands.treeBytes(Path.of("/srv/template")));
    }

    @Test
    void duOutput() {
        assertEquals(123456, LoopCommands.parseTreeBytes("123456\t/srv/template\n"));
        assertThrows(IllegalArgumentException.class, () -> LoopCommands.parseTreeBytes("du: cannot access"));
    }
}
