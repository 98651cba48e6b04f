package io.jblock.ffm;

import io.jblock.ffm.linux.Iovec;
import io.jblock.ffm.linux.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Native memory each thread reuses for syscall arguments: the errno capture segment, one
 * {@code struct iovec}, a 256-byte struct area (stat, statx, flock, cachestat, ioctl results,
 * strerror_r text), a C-string buffer for paths and, on first need, a bounce buffer for iovec
 * transfers. Allocated once per thread from an automatic arena, so the
 * syscall helpers allocate nothing per call; the memory goes when the thread and its
 * {@code ThreadLocal} entry are gone. Never shared between threads, and every helper finishes
 * with the scratch before it returns (no helper calls another while holding it).
 */
final class ThreadScratch {

    private static final ThreadLocal<ThreadScratch> CURRENT = ThreadLocal.withInitial(ThreadScratch::new);

    static final long STRUCT_BYTES = 256;
    private static final long INITIAL_PATH_BYTES = 4096 + 1; // PATH_MAX plus the NUL

    private final Arena arena = Arena.ofAuto();
    final MemorySegment capture = arena.allocate(Libc.errnoCaptureLayout());
    final MemorySegment iovec = Iovec.allocate(arena);
    final MemorySegment struct = arena.allocate(STRUCT_BYTES, 8);
    private MemorySegment path = arena.allocate(INITIAL_PATH_BYTES);

    /** Bytes of the bounce buffer {@link #bounce()} hands out. */
    static final long BOUNCE_BYTES = 1 << 20;

    private MemorySegment bounce;

    /**
     * This thread's scratch. Every checked system call starts here, so this is where the
     * {@link NativeAccess} gate sits: nothing native is linked or called before it passed.
     */
    static ThreadScratch get() {
        NativeAccess.require();
        return CURRENT.get();
    }

    /**
     * A {@value #BOUNCE_BYTES}-byte buffer aligned to 4096 (O_DIRECT's strictest memory
     * alignment on the devices we target), allocated on first use and kept for the thread's life.
     */
    MemorySegment bounce() {
        if (bounce == null) {
            bounce = arena.allocate(BOUNCE_BYTES, 4096);
        }
        return bounce;
    }

    /** {@code s} as a NUL-terminated UTF-8 string in this thread's path buffer. */
    MemorySegment cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("path contains a NUL character: " + s);
            }
        }
        if (bytes.length + 1 > path.byteSize()) {
            path = arena.allocate(bytes.length + 1); // rare: longer than PATH_MAX, open will say ENAMETOOLONG
        }
        MemorySegment.copy(bytes, 0, path, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        path.set(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return path;
    }
}
