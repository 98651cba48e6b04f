// Written by hand in the shape jextract 22 generates for jextract/linux_io.h; see jextract/PATCHES.md.

package io.jblock.ffm.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

import static java.lang.foreign.MemoryLayout.PathElement.*;

/**
 * Argument of {@code io_uring_setup}: requested sizes and flags in, features and ring offsets out.
 * {@snippet lang=c :
 * struct io_uring_params (sizeof == 120)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class IoUringParams {

    IoUringParams() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("sq_entries"),
        Libc.C_INT.withName("cq_entries"),
        Libc.C_INT.withName("flags"),
        Libc.C_INT.withName("sq_thread_cpu"),
        Libc.C_INT.withName("sq_thread_idle"),
        Libc.C_INT.withName("features"),
        Libc.C_INT.withName("wq_fd"),
        MemoryLayout.sequenceLayout(3, Libc.C_INT).withName("resv"),
        IoSqringOffsets.layout().withName("sq_off"),
        IoCqringOffsets.layout().withName("cq_off")
    ).withName("io_uring_params");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfInt sq_entries$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("sq_entries"));

    /** Layout for field {@code u32 sq_entries}. */
    public static final ValueLayout.OfInt sq_entries$layout() {
        return sq_entries$LAYOUT;
    }

    private static final long sq_entries$OFFSET = 0;

    /** Offset for field {@code sq_entries}. */
    public static final long sq_entries$offset() {
        return sq_entries$OFFSET;
    }

    /** Getter for field {@code sq_entries}. */
    public static int sq_entries(MemorySegment struct) {
        return struct.get(sq_entries$LAYOUT, sq_entries$OFFSET);
    }

    /** Setter for field {@code sq_entries}. */
    public static void sq_entries(MemorySegment struct, int fieldValue) {
        struct.set(sq_entries$LAYOUT, sq_entries$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt cq_entries$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("cq_entries"));

    /** Layout for field {@code u32 cq_entries}. */
    public static final ValueLayout.OfInt cq_entries$layout() {
        return cq_entries$LAYOUT;
    }

    private static final long cq_entries$OFFSET = 4;

    /** Offset for field {@code cq_entries}. */
    public static final long cq_entries$offset() {
        return cq_entries$OFFSET;
    }

    /** Getter for field {@code cq_entries}. */
    public static int cq_entries(MemorySegment struct) {
        return struct.get(cq_entries$LAYOUT, cq_entries$OFFSET);
    }

    /** Setter for field {@code cq_entries}. */
    public static void cq_entries(MemorySegment struct, int fieldValue) {
        struct.set(cq_entries$LAYOUT, cq_entries$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("flags"));

    /** Layout for field {@code u32 flags}. */
    public static final ValueLayout.OfInt flags$layout() {
        return flags$LAYOUT;
    }

    private static final long flags$OFFSET = 8;

    /** Offset for field {@code flags}. */
    public static final long flags$offset() {
        return flags$OFFSET;
    }

    /** Getter for field {@code flags}. */
    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    /** Setter for field {@code flags}. */
    public static void flags(MemorySegment struct, int fieldValue) {
        struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt sq_thread_cpu$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("sq_thread_cpu"));

    /** Layout for field {@code u32 sq_thread_cpu}. */
    public static final ValueLayout.OfInt sq_thread_cpu$layout() {
        return sq_thread_cpu$LAYOUT;
    }

    private static final long sq_thread_cpu$OFFSET = 12;

    /** Offset for field {@code sq_thread_cpu}. */
    public static final long sq_thread_cpu$offset() {
        return sq_thread_cpu$OFFSET;
    }

    /** Getter for field {@code sq_thread_cpu}. */
    public static int sq_thread_cpu(MemorySegment struct) {
        return struct.get(sq_thread_cpu$LAYOUT, sq_thread_cpu$OFFSET);
    }

    /** Setter for field {@code sq_thread_cpu}. */
    public static void sq_thread_cpu(MemorySegment struct, int fieldValue) {
        struct.set(sq_thread_cpu$LAYOUT, sq_thread_cpu$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt sq_thread_idle$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("sq_thread_idle"));

    /** Layout for field {@code u32 sq_thread_idle}. */
    public static final ValueLayout.OfInt sq_thread_idle$layout() {
        return sq_thread_idle$LAYOUT;
    }

    private static final long sq_thread_idle$OFFSET = 16;

    /** Offset for field {@code sq_thread_idle}. */
    public static final long sq_thread_idle$offset() {
        return sq_thread_idle$OFFSET;
    }

    /** Getter for field {@code sq_thread_idle}. */
    public static int sq_thread_idle(MemorySegment struct) {
        return struct.get(sq_thread_idle$LAYOUT, sq_thread_idle$OFFSET);
    }

    /** Setter for field {@code sq_thread_idle}. */
    public static void sq_thread_idle(MemorySegment struct, int fieldValue) {
        struct.set(sq_thread_idle$LAYOUT, sq_thread_idle$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt features$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("features"));

    /** Layout for field {@code u32 features}. */
    public static final ValueLayout.OfInt features$layout() {
        return features$LAYOUT;
    }

    private static final long features$OFFSET = 20;

    /** Offset for field {@code features}. */
    public static final long features$offset() {
        return features$OFFSET;
    }

    /** Getter for field {@code features}. */
    public static int features(MemorySegment struct) {
        return struct.get(features$LAYOUT, features$OFFSET);
    }

    /** Setter for field {@code features}. */
    public static void features(MemorySegment struct, int fieldValue) {
        struct.set(features$LAYOUT, features$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt wq_fd$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("wq_fd"));

    /** Layout for field {@code u32 wq_fd}. */
    public static final ValueLayout.OfInt wq_fd$layout() {
        return wq_fd$LAYOUT;
    }

    private static final long wq_fd$OFFSET = 24;

    /** Offset for field {@code wq_fd}. */
    public static final long wq_fd$offset() {
        return wq_fd$OFFSET;
    }

    /** Getter for field {@code wq_fd}. */
    public static int wq_fd(MemorySegment struct) {
        return struct.get(wq_fd$LAYOUT, wq_fd$OFFSET);
    }

    /** Setter for field {@code wq_fd}. */
    public static void wq_fd(MemorySegment struct, int fieldValue) {
        struct.set(wq_fd$LAYOUT, wq_fd$OFFSET, fieldValue);
    }

    private static final SequenceLayout resv$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("resv"));

    /** Layout for field {@code resv}. */
    public static final SequenceLayout resv$layout() {
        return resv$LAYOUT;
    }

    private static final long resv$OFFSET = 28;

    /** Offset for field {@code resv}. */
    public static final long resv$offset() {
        return resv$OFFSET;
    }

    /** Getter for field {@code resv}: a slice of {@code struct}, not a copy. */
    public static MemorySegment resv(MemorySegment struct) {
        return struct.asSlice(resv$OFFSET, resv$LAYOUT.byteSize());
    }

    /** Setter for field {@code resv}: copies {@code fieldValue} in. */
    public static void resv(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, resv$OFFSET, resv$LAYOUT.byteSize());
    }

    private static final GroupLayout sq_off$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("sq_off"));

    /** Layout for field {@code sq_off}. */
    public static final GroupLayout sq_off$layout() {
        return sq_off$LAYOUT;
    }

    private static final long sq_off$OFFSET = 40;

    /** Offset for field {@code sq_off}. */
    public static final long sq_off$offset() {
        return sq_off$OFFSET;
    }

    /** Getter for field {@code sq_off}: a slice of {@code struct}, not a copy. */
    public static MemorySegment sq_off(MemorySegment struct) {
        return struct.asSlice(sq_off$OFFSET, sq_off$LAYOUT.byteSize());
    }

    /** Setter for field {@code sq_off}: copies {@code fieldValue} in. */
    public static void sq_off(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, sq_off$OFFSET, sq_off$LAYOUT.byteSize());
    }

    private static final GroupLayout cq_off$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("cq_off"));

    /** Layout for field {@code cq_off}. */
    public static final GroupLayout cq_off$layout() {
        return cq_off$LAYOUT;
    }

    private static final long cq_off$OFFSET = 80;

    /** Offset for field {@code cq_off}. */
    public static final long cq_off$offset() {
        return cq_off$OFFSET;
    }

    /** Getter for field {@code cq_off}: a slice of {@code struct}, not a copy. */
    public static MemorySegment cq_off(MemorySegment struct) {
        return struct.asSlice(cq_off$OFFSET, cq_off$LAYOUT.byteSize());
    }

    /** Setter for field {@code cq_off}: copies {@code fieldValue} in. */
    public static void cq_off(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, cq_off$OFFSET, cq_off$LAYOUT.byteSize());
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
