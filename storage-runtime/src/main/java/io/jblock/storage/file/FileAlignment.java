package io.jblock.storage.file;

/**
 * The alignment a file descriptor needs, found once at open. Request alignment (offset and
 * length of every request) and memory alignment (buffer address) are separate facts: under
 * O_DIRECT ext4 on a virtio disk needs 512-byte offsets but only 4-byte buffers.
 *
 * @param requestAlignment  offset and length alignment, a power of two
 * @param memoryAlignment   buffer address alignment, a power of two
 * @param physicalBlockSize the device's physical block size when known (block devices), else 0
 * @param source            how it was found, for diagnostics ("statx STATX_DIOALIGN", ...)
 */
record FileAlignment(int requestAlignment, int memoryAlignment, int physicalBlockSize, String source) {

    FileAlignment {
        if (requestAlignment < 1 || Integer.bitCount(requestAlignment) != 1) {
            throw new IllegalArgumentException("request alignment " + requestAlignment + " from " + source
                    + " is not a power of two");
        }
        if (memoryAlignment < 1 || Integer.bitCount(memoryAlignment) != 1) {
            throw new IllegalArgumentException("memory alignment " + memoryAlignment + " from " + source
                    + " is not a power of two");
        }
    }

    /**
     * Buffered I/O: the kernel copies through the page cache, so any offset and any buffer
     * work. We say 1 rather than the page size: padding to pages would make the generic layer
     * bounce and read-modify-write for nothing, since the kernel does the same copy anyway.
     */
    static final FileAlignment BUFFERED = new FileAlignment(1, 1, 0, "buffered I/O");
}
