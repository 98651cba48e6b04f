package io.jblock.ffm.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native buffers whose address is a multiple of a power-of-two alignment, as O_DIRECT needs
 * (4096 by default, or the file's {@code statx} {@code dioMemAlign}, which the caller passes).
 * The buffer lives as long as the arena it came from.
 */
public final class AlignedMemory {

    /** Alignment that satisfies O_DIRECT on every device and file system we target. */
    public static final int DEFAULT_ALIGNMENT = 4096;

    private AlignedMemory() {
    }

    /**
     * Allocates {@code size} bytes at an address that is a multiple of {@code alignment}.
     *
     * @param arena the buffer's lifetime
     * @param size bytes, at least 0
     * @param alignment a positive power of two, e.g. {@link #DEFAULT_ALIGNMENT}
     * @return a zeroed native segment of {@code size} bytes at an aligned address
     * @throws IllegalArgumentException if {@code alignment} is not a positive power of two or {@code size < 0}
     */
    public static MemorySegment allocate(Arena arena, long size, long alignment) {
        requirePowerOfTwo(alignment);
        if (size < 0) {
            throw new IllegalArgumentException("buffer size must not be negative: " + size);
        }
        return arena.allocate(size, alignment);
    }

    /**
     * {@return true when {@code s} is native and both its address and its size are multiples of
     * {@code alignment} (the two things O_DIRECT checks about a buffer)}
     *
     * @param s the buffer
     * @param alignment a positive power of two
     */
    public static boolean isAligned(MemorySegment s, long alignment) {
        requirePowerOfTwo(alignment);
        return s.isNative() && ((s.address() | s.byteSize()) & (alignment - 1)) == 0;
    }

    /**
     * Checks {@link #isAligned}; {@code what} names the buffer in the message, e.g.
     * {@code "read buffer for /tmp/a.img"}.
     *
     * @param s the buffer
     * @param alignment a positive power of two
     * @param what names the buffer in the message
     * @throws IllegalArgumentException saying which of address and size is off, and by how much
     */
    public static void requireAligned(MemorySegment s, long alignment, String what) {
        requirePowerOfTwo(alignment);
        if (!s.isNative()) {
            throw new IllegalArgumentException(what + ": a heap segment cannot be used for direct I/O; "
                    + "use a native segment aligned to " + alignment + " bytes");
        }
        long misAddress = s.address() & (alignment - 1);
        if (misAddress != 0) {
            throw new IllegalArgumentException(what + ": address 0x" + Long.toHexString(s.address())
                    + " is not a multiple of the alignment (" + alignment + "); it is off by " + misAddress);
        }
        long misSize = s.byteSize() & (alignment - 1);
        if (misSize != 0) {
            throw new IllegalArgumentException(what + ": size " + s.byteSize()
                    + " is not a multiple of the alignment (" + alignment + ")");
        }
    }

    static void requirePowerOfTwo(long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a positive power of two, got " + alignment);
        }
    }
}
