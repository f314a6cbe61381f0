package dev.domstore.common.lvm;

/**
 * The largest differences area a classic snapshot can ever use: room for every chunk of the origin
 * plus the exception metadata. Beyond it growth is waste, and lvextend itself stops there
 * ("Reached maximum COW size").
 *
 * <p>The formula is lvm2's own ({@code _cow_max_size} in {@code lib/metadata/snapshot_manip.c}),
 * from dm-snapshot's persistent exception store layout: one header chunk; then areas of one
 * metadata chunk followed by {@code chunk/16} data chunks (an exception is two 64-bit chunk
 * numbers), plus one more metadata chunk as terminator:
 * <pre>
 *   originChunks   = ceil(origin / chunk)
 *   perArea        = chunk / 16
 *   metadataChunks = (originChunks + perArea) / perArea          (integer division)
 *   chunks         = 1 + originChunks + metadataChunks
 *   [leak allowance: chunks += ceil(chunks / 64), for old kernels]
 *   ceiling        = chunks × chunk, rounded up to the volume group's extent
 * </pre>
 * With lvcreate's default 4 KiB chunks the metadata is 1/256 of the origin (0.4 %) plus two
 * chunks: a 1 GiB origin gives 1028 MiB, 1032 MiB in 4 MiB extents. Larger chunks need less, so
 * 4 KiB is the safe default when the chunk size is not known. With the leak allowance it is about
 * 2 % — the "origin + 1–2 %" rule of thumb.
 */
public final class CowCeiling {
    /** lvcreate's default chunk size, and its smallest: the most metadata per byte of origin. */
    public static final long SMALLEST_CHUNK_BYTES = 4096;

    private CowCeiling() {
    }

    public static long maxCowBytes(long originBytes, long chunkBytes, boolean leakAllowance) {
        long originChunks = (originBytes + chunkBytes - 1) / chunkBytes;
        long perArea = chunkBytes / 16;
        long metadataChunks = (originChunks + perArea) / perArea;
        long chunks = 1 + originChunks + metadataChunks;
        if (leakAllowance) {
            chunks += (chunks + 63) / 64;
        }
        return chunks * chunkBytes;
    }

    /**
     * The ceiling no snapshot of {@code originBytes} can need more than, whatever its chunk size and
     * with the leak allowance: the bound for a service that does not know the snapshot's chunk size.
     */
    public static long largestCeilingBytes(long originBytes, long extentBytes) {
        return ceilingBytes(originBytes, SMALLEST_CHUNK_BYTES, true, extentBytes);
    }

    /** {@link #maxCowBytes} rounded up to whole extents, as lvm allocates. */
    public static long ceilingBytes(long originBytes, long chunkBytes, boolean leakAllowance, long extentBytes) {
        return Extents.roundUp(maxCowBytes(originBytes, chunkBytes, leakAllowance), extentBytes);
    }
}
