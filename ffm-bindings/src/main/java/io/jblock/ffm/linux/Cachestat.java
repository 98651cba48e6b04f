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
 * Page-cache statistics returned by {@code cachestat(2)} (Linux 6.5+), counted in pages.
 * {@snippet lang=c :
 * struct cachestat (sizeof == 40)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class Cachestat {

    Cachestat() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_LONG_LONG.withName("nr_cache"),
        Libc.C_LONG_LONG.withName("nr_dirty"),
        Libc.C_LONG_LONG.withName("nr_writeback"),
        Libc.C_LONG_LONG.withName("nr_evicted"),
        Libc.C_LONG_LONG.withName("nr_recently_evicted")
    ).withName("cachestat");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfLong nr_cache$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("nr_cache"));

    /** Layout for field {@code u64 nr_cache}. */
    public static final ValueLayout.OfLong nr_cache$layout() {
        return nr_cache$LAYOUT;
    }

    private static final long nr_cache$OFFSET = 0;

    /** Offset for field {@code nr_cache}. */
    public static final long nr_cache$offset() {
        return nr_cache$OFFSET;
    }

    /** Getter for field {@code nr_cache}. */
    public static long nr_cache(MemorySegment struct) {
        return struct.get(nr_cache$LAYOUT, nr_cache$OFFSET);
    }

    /** Setter for field {@code nr_cache}. */
    public static void nr_cache(MemorySegment struct, long fieldValue) {
        struct.set(nr_cache$LAYOUT, nr_cache$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong nr_dirty$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("nr_dirty"));

    /** Layout for field {@code u64 nr_dirty}. */
    public static final ValueLayout.OfLong nr_dirty$layout() {
        return nr_dirty$LAYOUT;
    }

    private static final long nr_dirty$OFFSET = 8;

    /** Offset for field {@code nr_dirty}. */
    public static final long nr_dirty$offset() {
        return nr_dirty$OFFSET;
    }

    /** Getter for field {@code nr_dirty}. */
    public static long nr_dirty(MemorySegment struct) {
        return struct.get(nr_dirty$LAYOUT, nr_dirty$OFFSET);
    }

    /** Setter for field {@code nr_dirty}. */
    public static void nr_dirty(MemorySegment struct, long fieldValue) {
        struct.set(nr_dirty$LAYOUT, nr_dirty$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong nr_writeback$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("nr_writeback"));

    /** Layout for field {@code u64 nr_writeback}. */
    public static final ValueLayout.OfLong nr_writeback$layout() {
        return nr_writeback$LAYOUT;
    }

    private static final long nr_writeback$OFFSET = 16;

    /** Offset for field {@code nr_writeback}. */
    public static final long nr_writeback$offset() {
        return nr_writeback$OFFSET;
    }

    /** Getter for field {@code nr_writeback}. */
    public static long nr_writeback(MemorySegment struct) {
        return struct.get(nr_writeback$LAYOUT, nr_writeback$OFFSET);
    }

    /** Setter for field {@code nr_writeback}. */
    public static void nr_writeback(MemorySegment struct, long fieldValue) {
        struct.set(nr_writeback$LAYOUT, nr_writeback$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong nr_evicted$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("nr_evicted"));

    /** Layout for field {@code u64 nr_evicted}. */
    public static final ValueLayout.OfLong nr_evicted$layout() {
        return nr_evicted$LAYOUT;
    }

    private static final long nr_evicted$OFFSET = 24;

    /** Offset for field {@code nr_evicted}. */
    public static final long nr_evicted$offset() {
        return nr_evicted$OFFSET;
    }

    /** Getter for field {@code nr_evicted}. */
    public static long nr_evicted(MemorySegment struct) {
        return struct.get(nr_evicted$LAYOUT, nr_evicted$OFFSET);
    }

    /** Setter for field {@code nr_evicted}. */
    public static void nr_evicted(MemorySegment struct, long fieldValue) {
        struct.set(nr_evicted$LAYOUT, nr_evicted$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong nr_recently_evicted$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("nr_recently_evicted"));

    /** Layout for field {@code u64 nr_recently_evicted}. */
    public static final ValueLayout.OfLong nr_recently_evicted$layout() {
        return nr_recently_evicted$LAYOUT;
    }

    private static final long nr_recently_evicted$OFFSET = 32;

    /** Offset for field {@code nr_recently_evicted}. */
    public static final long nr_recently_evicted$offset() {
        return nr_recently_evicted$OFFSET;
    }

    /** Getter for field {@code nr_recently_evicted}. */
    public static long nr_recently_evicted(MemorySegment struct) {
        return struct.get(nr_recently_evicted$LAYOUT, nr_recently_evicted$OFFSET);
    }

    /** Setter for field {@code nr_recently_evicted}. */
    public static void nr_recently_evicted(MemorySegment struct, long fieldValue) {
        struct.set(nr_recently_evicted$LAYOUT, nr_recently_evicted$OFFSET, fieldValue);
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
