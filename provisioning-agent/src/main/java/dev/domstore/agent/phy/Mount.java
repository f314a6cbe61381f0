package dev.domstore.agent.phy;

import java.util.List;

/**
 * One line of {@code /proc/mounts}: what is mounted ({@code source}, a device path for block
 * devices), where, with which file system type and options.
 */
public record Mount(String source, String mountPoint, String type, List<String> options) {

    public Mount {
        options = List.copyOf(options);
    }

    /** The kernel writes {@code rw} or {@code ro} as the first option of every mount. */
    public boolean readWrite() {
        return options.contains("rw");
    }
}
