package dev.domstore.common.lvm;

/** LVM allocates whole extents: sizes asked for are rounded up, space available is rounded down. */
public final class Extents {
    private Extents() {
    }

    public static long roundUp(long bytes, long extentBytes) {
        if (extentBytes <= 1) {
            return bytes;
        }
        return -Math.floorDiv(-bytes, extentBytes) * extentBytes;
    }

    public static long roundDown(long bytes, long extentBytes) {
        if (extentBytes <= 1) {
            return bytes;
        }
        return Math.floorDiv(bytes, extentBytes) * extentBytes;
    }
}
