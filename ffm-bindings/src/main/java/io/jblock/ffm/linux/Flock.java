// Written by hand in the shape jextract 22 generates for jextract/linux_io.h; see jextract/PATCHES.md.

package io.jblock.ffm.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

import static java.lang.foreign.MemoryLayout.PathElement.*;

/**
 * A byte-range lock for {@code fcntl} F_GETLK/F_SETLK(W) and the OFD variants (which require {@code l_pid == 0}).
 * {@snippet lang=c :
 * struct flock (sizeof == 32)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class Flock {

    Flock() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_SHORT.withName("l_type"),
        Libc.C_SHORT.withName("l_whence"),
        MemoryLayout.paddingLayout(4),
        Libc.C_LONG.withName("l_start"),
        Libc.C_LONG.withName("l_len"),
        Libc.C_INT.withName("l_pid"),
        MemoryLayout.paddingLayout(4)
    ).withName("flock");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfShort l_type$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("l_type"));

    /** Layout for field {@code s16 l_type}. */
    public static final ValueLayout.OfShort l_type$layout() {
        return l_type$LAYOUT;
    }

    private static final long l_type$OFFSET = 0;

    /** Offset for field {@code l_type}. */
    public static final long l_type$offset() {
        return l_type$OFFSET;
    }

    /** Getter for field {@code l_type}. */
    public static short l_type(MemorySegment struct) {
        return struct.get(l_type$LAYOUT, l_type$OFFSET);
    }

    /** Setter for field {@code l_type}. */
    public static void l_type(MemorySegment struct, short fieldValue) {
        struct.set(l_type$LAYOUT, l_type$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort l_whence$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("l_whence"));

    /** Layout for field {@code s16 l_whence}. */
    public static final ValueLayout.OfShort l_whence$layout() {
        return l_whence$LAYOUT;
    }

    private static final long l_whence$OFFSET = 2;

    /** Offset for field {@code l_whence}. */
    public static final long l_whence$offset() {
        return l_whence$OFFSET;
    }

    /** Getter for field {@code l_whence}. */
    public static short l_whence(MemorySegment struct) {
        return struct.get(l_whence$LAYOUT, l_whence$OFFSET);
    }

    /** Setter for field {@code l_whence}. */
    public static void l_whence(MemorySegment struct, short fieldValue) {
        struct.set(l_whence$LAYOUT, l_whence$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong l_start$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("l_start"));

    /** Layout for field {@code long l_start}. */
    public static final ValueLayout.OfLong l_start$layout() {
        return l_start$LAYOUT;
    }

    private static final long l_start$OFFSET = 8;

    /** Offset for field {@code l_start}. */
    public static final long l_start$offset() {
        return l_start$OFFSET;
    }

    /** Getter for field {@code l_start}. */
    public static long l_start(MemorySegment struct) {
        return struct.get(l_start$LAYOUT, l_start$OFFSET);
    }

    /** Setter for field {@code l_start}. */
    public static void l_start(MemorySegment struct, long fieldValue) {
        struct.set(l_start$LAYOUT, l_start$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong l_len$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("l_len"));

    /** Layout for field {@code long l_len}. */
    public static final ValueLayout.OfLong l_len$layout() {
        return l_len$LAYOUT;
    }

    private static final long l_len$OFFSET = 16;

    /** Offset for field {@code l_len}. */
    public static final long l_len$offset() {
        return l_len$OFFSET;
    }

    /** Getter for field {@code l_len}. */
    public static long l_len(MemorySegment struct) {
        return struct.get(l_len$LAYOUT, l_len$OFFSET);
    }

    /** Setter for field {@code l_len}. */
    public static void l_len(MemorySegment struct, long fieldValue) {
        struct.set(l_len$LAYOUT, l_len$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt l_pid$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("l_pid"));

    /** Layout for field {@code s32 l_pid}. */
    public static final ValueLayout.OfInt l_pid$layout() {
        return l_pid$LAYOUT;
    }

    private static final long l_pid$OFFSET = 24;

    /** Offset for field {@code l_pid}. */
    public static final long l_pid$offset() {
        return l_pid$OFFSET;
    }

    /** Getter for field {@code l_pid}. */
    public static int l_pid(MemorySegment struct) {
        return struct.get(l_pid$LAYOUT, l_pid$OFFSET);
    }

    /** Setter for field {@code l_pid}. */
    public static void l_pid(MemorySegment struct, int fieldValue) {
        struct.set(l_pid$LAYOUT, l_pid$OFFSET, fieldValue);
    }

    /** Obtains a slice of {@code arrayParam} which selects the array element at {@code index}. */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /** The size (in bytes) of this struct. */
    public static long sizeof() {
        return layout().byteSize();
    }

    /** Allocate a segment of size {@code layout().byteSize()} using {@code allocator}. */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /** Allocate an array of size {@code elementCount} using {@code allocator}. */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /** Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any). */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /** Reinterprets {@code addr} as an array of {@code elementCount} structs. */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
