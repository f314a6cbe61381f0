package dev.domstore.agent.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.domstore.common.Filesystem;

class FileImageCommandsTest {
    private static final Path IMAGE = Path.of("/var/lib/domstore/images/vm1disk");

    @Test
    void truncateSetsTheApparentSizeInBytes() {
        assertEquals(List.of("truncate", "-s", "2147483648", "/var/lib/domstore/images/vm1disk"),
                FileImageCommands.truncate(IMAGE, 2L << 30));
    }

    @Test
    void mkfsForcesARegularFileAndKeepsItSparse() {
        assertEquals(List.of("mkfs", "-t", "ext4", "-F", "-q", "-E", "lazy_journal_init=1", "/var/lib/domstore/images/vm1disk"),
                FileImageCommands.mkfs(Filesystem.EXT4, IMAGE));
        assertEquals(List.of("mkfs", "-t", "ext2", "-F", "-q", "-E", "lazy_journal_init=1", "/var/lib/domstore/images/vm1disk"),
                FileImageCommands.mkfs(Filesystem.EXT2, IMAGE));
    }

    @Test
    void probeAsksBlkidForTheTypeOnly() {
        assertEquals(List.of("blkid", "-p", "-o", "value", "-s", "TYPE", "/var/lib/domstore/images/vm1disk"),
                FileImageCommands.probeFilesystem(IMAGE));
    }

    @Test
    void allocatedBlocksAsksStatForBlocksAndBlockSize() {
        assertEquals(List.of("stat", "-c", "%b %B", "/var/lib/domstore/images/vm1disk"), FileImageCommands.allocatedBlocks(IMAGE));
    }

    @Test
    void growingAnExtFileSystem() {
        assertEquals(List.of("e2fsck", "-f", "-y", "/var/lib/domstore/images/vm1disk"), FileImageCommands.e2fsck(IMAGE));
        assertEquals(List.of("resize2fs", "/var/lib/domstore/images/vm1disk"), FileImageCommands.resize2fs(IMAGE));
    }

    @Test
    void imagesAreListedByOneFind() {
        assertEquals(List.of("find", "/var/lib/domstore/images", "-xdev", "-type", "f", "-printf", "%s %b %p\\0"),
                FileImageCommands.listImages(Path.of("/var/lib/domstore/images")));
    }
}
