package dev.domstore.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.domstore.agent.HostTests;
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
        assertEquals(List.of("losetup", "--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE"), LoopCommands.listAttached());
    }

    @Test
    void losetupListWithAwkwardNamesAndADeletedFile() {
        List<LoopCommands.AttachedLine> lines = LoopCommands.parseAttached(HostTests.capture("build-losetup-list-raw.txt"));

        assertEquals(List.of(
                new LoopCommands.AttachedLine("/dev/loop1", "/tmp/lcap/gone (deleted)"),
                new LoopCommands.AttachedLine("/dev/loop6", "/tmp/lcap/\u00fcn\u00ef"),
                new LoopCommands.AttachedLine("/dev/loop4", "/tmp/lcap/vm1disk"),
                new LoopCommands.AttachedLine("/dev/loop2", "/tmp/lcap/" + "l".repeat(90)),
                new LoopCommands.AttachedLine("/dev/loop0", "/tmp/lcap/back\\slash"),
                new LoopCommands.AttachedLine("/dev/loop5", "/tmp/lcap/with space"),
                new LoopCommands.AttachedLine("/dev/loop3", "/tmp/lcap/new\nline")), lines);
        assertEquals(new LoopDevices.BackingFile(Path.of("/tmp/lcap/gone"), true), LoopDevices.parseBackingFile(lines.get(0).backingFile()).orElseThrow());
    }

    @Test
    void losetupListWithNothingAttached() {
        assertEquals(List.of(), LoopCommands.parseAttached(""));
        assertEquals("a\\x2", LoopCommands.unescapeRaw("a\\x2"), "an escape cut short stays as it is");
    }

    @Test
    void duOutput() {
        assertEquals(123456, LoopCommands.parseTreeBytes("123456\t/srv/template\n"));
        assertThrows(IllegalArgumentException.class, () -> LoopCommands.parseTreeBytes("du: cannot access"));
    }
}
