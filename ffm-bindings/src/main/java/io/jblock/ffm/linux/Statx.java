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
 * Result of {@code statx(2)}; fields are valid only where {@code stx_mask} has their STATX_ bit. {@code stx_dio_mem_align}/{@code stx_dio_offset_align} are filled for {@code STATX_DIOALIGN} (Linux 6.1+; 0 when the file does not support direct I/O).
 * {@snippet lang=c :
 * struct statx (sizeof == 256)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class Statx {

    Statx() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("stx_mask"),
        Libc.C_INT.withName("stx_blksize"),
        Libc.C_LONG_LONG.withName("stx_attributes"),
        Libc.C_INT.withName("stx_nlink"),
        Libc.C_INT.withName("stx_uid"),
        Libc.C_INT.withName("stx_gid"),
        Libc.C_SHORT.withName("stx_mode"),
        MemoryLayout.sequenceLayout(1, Libc.C_SHORT).withName("__spare0"),
        Libc.C_LONG_LONG.withName("stx_ino"),
        Libc.C_LONG_LONG.withName("stx_size"),
        Libc.C_LONG_LONG.withName("stx_blocks"),
        Libc.C_LONG_LONG.withName("stx_attributes_mask"),
        StatxTimestamp.layout().withName("stx_atime"),
        StatxTimestamp.layout().withName("stx_btime"),
        StatxTimestamp.layout().withName("stx_ctime"),
        StatxTimestamp.layout().withName("stx_mtime"),
        Libc.C_INT.withName("stx_rdev_major"),
        Libc.C_INT.withName("stx_rdev_minor"),
        Libc.C_INT.withName("stx_dev_major"),
        Libc.C_INT.withName("stx_dev_minor"),
        Libc.C_LONG_LONG.withName("stx_mnt_id"),
        Libc.C_INT.withName("stx_dio_mem_align"),
        Libc.C_INT.withName("stx_dio_offset_align"),
        MemoryLayout.sequenceLayout(12, Libc.C_LONG_LONG).withName("__spare3")
    ).withName("statx");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfInt stx_mask$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_mask"));

    /** Layout for field {@code u32 stx_mask}. */
    public static final ValueLayout.OfInt stx_mask$layout() {
        return stx_mask$LAYOUT;
    }

    private static final long stx_mask$OFFSET = 0;

    /** Offset for field {@code stx_mask}. */
    public static final long stx_mask$offset() {
        return stx_mask$OFFSET;
    }

    /** Getter for field {@code stx_mask}. */
    public static int stx_mask(MemorySegment struct) {
        return struct.get(stx_mask$LAYOUT, stx_mask$OFFSET);
    }

    /** Setter for field {@code stx_mask}. */
    public static void stx_mask(MemorySegment struct, int fieldValue) {
        struct.set(stx_mask$LAYOUT, stx_mask$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_blksize$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_blksize"));

    /** Layout for field {@code u32 stx_blksize}. */
    public static final ValueLayout.OfInt stx_blksize$layout() {
        return stx_blksize$LAYOUT;
    }

    private static final long stx_blksize$OFFSET = 4;

    /** Offset for field {@code stx_blksize}. */
    public static final long stx_blksize$offset() {
        return stx_blksize$OFFSET;
    }

    /** Getter for field {@code stx_blksize}. */
    public static int stx_blksize(MemorySegment struct) {
        return struct.get(stx_blksize$LAYOUT, stx_blksize$OFFSET);
    }

    /** Setter for field {@code stx_blksize}. */
    public static void stx_blksize(MemorySegment struct, int fieldValue) {
        struct.set(stx_blksize$LAYOUT, stx_blksize$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_attributes$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_attributes"));

    /** Layout for field {@code u64 stx_attributes}. */
    public static final ValueLayout.OfLong stx_attributes$layout() {
        return stx_attributes$LAYOUT;
    }

    private static final long stx_attributes$OFFSET = 8;

    /** Offset for field {@code stx_attributes}. */
    public static final long stx_attributes$offset() {
        return stx_attributes$OFFSET;
    }

    /** Getter for field {@code stx_attributes}. */
    public static long stx_attributes(MemorySegment struct) {
        return struct.get(stx_attributes$LAYOUT, stx_attributes$OFFSET);
    }

    /** Setter for field {@code stx_attributes}. */
    public static void stx_attributes(MemorySegment struct, long fieldValue) {
        struct.set(stx_attributes$LAYOUT, stx_attributes$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_nlink$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_nlink"));

    /** Layout for field {@code u32 stx_nlink}. */
    public static final ValueLayout.OfInt stx_nlink$layout() {
        return stx_nlink$LAYOUT;
    }

    private static final long stx_nlink$OFFSET = 16;

    /** Offset for field {@code stx_nlink}. */
    public static final long stx_nlink$offset() {
        return stx_nlink$OFFSET;
    }

    /** Getter for field {@code stx_nlink}. */
    public static int stx_nlink(MemorySegment struct) {
        return struct.get(stx_nlink$LAYOUT, stx_nlink$OFFSET);
    }

    /** Setter for field {@code stx_nlink}. */
    public static void stx_nlink(MemorySegment struct, int fieldValue) {
        struct.set(stx_nlink$LAYOUT, stx_nlink$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_uid$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_uid"));

    /** Layout for field {@code u32 stx_uid}. */
    public static final ValueLayout.OfInt stx_uid$layout() {
        return stx_uid$LAYOUT;
    }

    private static final long stx_uid$OFFSET = 20;

    /** Offset for field {@code stx_uid}. */
    public static final long stx_uid$offset() {
        return stx_uid$OFFSET;
    }

    /** Getter for field {@code stx_uid}. */
    public static int stx_uid(MemorySegment struct) {
        return struct.get(stx_uid$LAYOUT, stx_uid$OFFSET);
    }

    /** Setter for field {@code stx_uid}. */
    public static void stx_uid(MemorySegment struct, int fieldValue) {
        struct.set(stx_uid$LAYOUT, stx_uid$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_gid$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_gid"));

    /** Layout for field {@code u32 stx_gid}. */
    public static final ValueLayout.OfInt stx_gid$layout() {
        return stx_gid$LAYOUT;
    }

    private static final long stx_gid$OFFSET = 24;

    /** Offset for field {@code stx_gid}. */
    public static final long stx_gid$offset() {
        return stx_gid$OFFSET;
    }

    /** Getter for field {@code stx_gid}. */
    public static int stx_gid(MemorySegment struct) {
        return struct.get(stx_gid$LAYOUT, stx_gid$OFFSET);
    }

    /** Setter for field {@code stx_gid}. */
    public static void stx_gid(MemorySegment struct, int fieldValue) {
        struct.set(stx_gid$LAYOUT, stx_gid$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort stx_mode$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("stx_mode"));

    /** Layout for field {@code u16 stx_mode}. */
    public static final ValueLayout.OfShort stx_mode$layout() {
        return stx_mode$LAYOUT;
    }

    private static final long stx_mode$OFFSET = 28;

    /** Offset for field {@code stx_mode}. */
    public static final long stx_mode$offset() {
        return stx_mode$OFFSET;
    }

    /** Getter for field {@code stx_mode}. */
    public static short stx_mode(MemorySegment struct) {
        return struct.get(stx_mode$LAYOUT, stx_mode$OFFSET);
    }

    /** Setter for field {@code stx_mode}. */
    public static void stx_mode(MemorySegment struct, short fieldValue) {
        struct.set(stx_mode$LAYOUT, stx_mode$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_ino$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_ino"));

    /** Layout for field {@code u64 stx_ino}. */
    public static final ValueLayout.OfLong stx_ino$layout() {
        return stx_ino$LAYOUT;
    }

    private static final long stx_ino$OFFSET = 32;

    /** Offset for field {@code stx_ino}. */
    public static final long stx_ino$offset() {
        return stx_ino$OFFSET;
    }

    /** Getter for field {@code stx_ino}. */
    public static long stx_ino(MemorySegment struct) {
        return struct.get(stx_ino$LAYOUT, stx_ino$OFFSET);
    }

    /** Setter for field {@code stx_ino}. */
    public static void stx_ino(MemorySegment struct, long fieldValue) {
        struct.set(stx_ino$LAYOUT, stx_ino$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_size$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_size"));

    /** Layout for field {@code u64 stx_size}. */
    public static final ValueLayout.OfLong stx_size$layout() {
        return stx_size$LAYOUT;
    }

    private static final long stx_size$OFFSET = 40;

    /** Offset for field {@code stx_size}. */
    public static final long stx_size$offset() {
        return stx_size$OFFSET;
    }

    /** Getter for field {@code stx_size}. */
    public static long stx_size(MemorySegment struct) {
        return struct.get(stx_size$LAYOUT, stx_size$OFFSET);
    }

    /** Setter for field {@code stx_size}. */
    public static void stx_size(MemorySegment struct, long fieldValue) {
        struct.set(stx_size$LAYOUT, stx_size$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_blocks$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_blocks"));

    /** Layout for field {@code u64 stx_blocks}. */
    public static final ValueLayout.OfLong stx_blocks$layout() {
        return stx_blocks$LAYOUT;
    }

    private static final long stx_blocks$OFFSET = 48;

    /** Offset for field {@code stx_blocks}. */
    public static final long stx_blocks$offset() {
        return stx_blocks$OFFSET;
    }

    /** Getter for field {@code stx_blocks}. */
    public static long stx_blocks(MemorySegment struct) {
        return struct.get(stx_blocks$LAYOUT, stx_blocks$OFFSET);
    }

    /** Setter for field {@code stx_blocks}. */
    public static void stx_blocks(MemorySegment struct, long fieldValue) {
        struct.set(stx_blocks$LAYOUT, stx_blocks$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_attributes_mask$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_attributes_mask"));

    /** Layout for field {@code u64 stx_attributes_mask}. */
    public static final ValueLayout.OfLong stx_attributes_mask$layout() {
        return stx_attributes_mask$LAYOUT;
    }

    private static final long stx_attributes_mask$OFFSET = 56;

    /** Offset for field {@code stx_attributes_mask}. */
    public static final long stx_attributes_mask$offset() {
        return stx_attributes_mask$OFFSET;
    }

    /** Getter for field {@code stx_attributes_mask}. */
    public static long stx_attributes_mask(MemorySegment struct) {
        return struct.get(stx_attributes_mask$LAYOUT, stx_attributes_mask$OFFSET);
    }

    /** Setter for field {@code stx_attributes_mask}. */
    public static void stx_attributes_mask(MemorySegment struct, long fieldValue) {
        struct.set(stx_attributes_mask$LAYOUT, stx_attributes_mask$OFFSET, fieldValue);
    }

    private static final GroupLayout stx_atime$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("stx_atime"));

    /** Layout for field {@code stx_atime}. */
    public static final GroupLayout stx_atime$layout() {
        return stx_atime$LAYOUT;
    }

    private static final long stx_atime$OFFSET = 64;

    /** Offset for field {@code stx_atime}. */
    public static final long stx_atime$offset() {
        return stx_atime$OFFSET;
    }

    /** Getter for field {@code stx_atime}: a slice of {@code struct}, not a copy. */
    public static MemorySegment stx_atime(MemorySegment struct) {
        return struct.asSlice(stx_atime$OFFSET, stx_atime$LAYOUT.byteSize());
    }

    /** Setter for field {@code stx_atime}: copies {@code fieldValue} in. */
    public static void stx_atime(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, stx_atime$OFFSET, stx_atime$LAYOUT.byteSize());
    }

    private static final GroupLayout stx_btime$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("stx_btime"));

    /** Layout for field {@code stx_btime}. */
    public static final GroupLayout stx_btime$layout() {
        return stx_btime$LAYOUT;
    }

    private static final long stx_btime$OFFSET = 80;

    /** Offset for field {@code stx_btime}. */
    public static final long stx_btime$offset() {
        return stx_btime$OFFSET;
    }

    /** Getter for field {@code stx_btime}: a slice of {@code struct}, not a copy. */
    public static MemorySegment stx_btime(MemorySegment struct) {
        return struct.asSlice(stx_btime$OFFSET, stx_btime$LAYOUT.byteSize());
    }

    /** Setter for field {@code stx_btime}: copies {@code fieldValue} in. */
    public static void stx_btime(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, stx_btime$OFFSET, stx_btime$LAYOUT.byteSize());
    }

    private static final GroupLayout stx_ctime$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("stx_ctime"));

    /** Layout for field {@code stx_ctime}. */
    public static final GroupLayout stx_ctime$layout() {
        return stx_ctime$LAYOUT;
    }

    private static final long stx_ctime$OFFSET = 96;

    /** Offset for field {@code stx_ctime}. */
    public static final long stx_ctime$offset() {
        return stx_ctime$OFFSET;
    }

    /** Getter for field {@code stx_ctime}: a slice of {@code struct}, not a copy. */
    public static MemorySegment stx_ctime(MemorySegment struct) {
        return struct.asSlice(stx_ctime$OFFSET, stx_ctime$LAYOUT.byteSize());
    }

    /** Setter for field {@code stx_ctime}: copies {@code fieldValue} in. */
    public static void stx_ctime(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, stx_ctime$OFFSET, stx_ctime$LAYOUT.byteSize());
    }

    private static final GroupLayout stx_mtime$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("stx_mtime"));

    /** Layout for field {@code stx_mtime}. */
    public static final GroupLayout stx_mtime$layout() {
        return stx_mtime$LAYOUT;
    }

    private static final long stx_mtime$OFFSET = 112;

    /** Offset for field {@code stx_mtime}. */
    public static final long stx_mtime$offset() {
        return stx_mtime$OFFSET;
    }

    /** Getter for field {@code stx_mtime}: a slice of {@code struct}, not a copy. */
    public static MemorySegment stx_mtime(MemorySegment struct) {
        return struct.asSlice(stx_mtime$OFFSET, stx_mtime$LAYOUT.byteSize());
    }

    /** Setter for field {@code stx_mtime}: copies {@code fieldValue} in. */
    public static void stx_mtime(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, stx_mtime$OFFSET, stx_mtime$LAYOUT.byteSize());
    }

    private static final ValueLayout.OfInt stx_rdev_major$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_rdev_major"));

    /** Layout for field {@code u32 stx_rdev_major}. */
    public static final ValueLayout.OfInt stx_rdev_major$layout() {
        return stx_rdev_major$LAYOUT;
    }

    private static final long stx_rdev_major$OFFSET = 128;

    /** Offset for field {@code stx_rdev_major}. */
    public static final long stx_rdev_major$offset() {
        return stx_rdev_major$OFFSET;
    }

    /** Getter for field {@code stx_rdev_major}. */
    public static int stx_rdev_major(MemorySegment struct) {
        return struct.get(stx_rdev_major$LAYOUT, stx_rdev_major$OFFSET);
    }

    /** Setter for field {@code stx_rdev_major}. */
    public static void stx_rdev_major(MemorySegment struct, int fieldValue) {
        struct.set(stx_rdev_major$LAYOUT, stx_rdev_major$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_rdev_minor$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_rdev_minor"));

    /** Layout for field {@code u32 stx_rdev_minor}. */
    public static final ValueLayout.OfInt stx_rdev_minor$layout() {
        return stx_rdev_minor$LAYOUT;
    }

    private static final long stx_rdev_minor$OFFSET = 132;

    /** Offset for field {@code stx_rdev_minor}. */
    public static final long stx_rdev_minor$offset() {
        return stx_rdev_minor$OFFSET;
    }

    /** Getter for field {@code stx_rdev_minor}. */
    public static int stx_rdev_minor(MemorySegment struct) {
        return struct.get(stx_rdev_minor$LAYOUT, stx_rdev_minor$OFFSET);
    }

    /** Setter for field {@code stx_rdev_minor}. */
    public static void stx_rdev_minor(MemorySegment struct, int fieldValue) {
        struct.set(stx_rdev_minor$LAYOUT, stx_rdev_minor$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_dev_major$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_dev_major"));

    /** Layout for field {@code u32 stx_dev_major}. */
    public static final ValueLayout.OfInt stx_dev_major$layout() {
        return stx_dev_major$LAYOUT;
    }

    private static final long stx_dev_major$OFFSET = 136;

    /** Offset for field {@code stx_dev_major}. */
    public static final long stx_dev_major$offset() {
        return stx_dev_major$OFFSET;
    }

    /** Getter for field {@code stx_dev_major}. */
    public static int stx_dev_major(MemorySegment struct) {
        return struct.get(stx_dev_major$LAYOUT, stx_dev_major$OFFSET);
    }

    /** Setter for field {@code stx_dev_major}. */
    public static void stx_dev_major(MemorySegment struct, int fieldValue) {
        struct.set(stx_dev_major$LAYOUT, stx_dev_major$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_dev_minor$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_dev_minor"));

    /** Layout for field {@code u32 stx_dev_minor}. */
    public static final ValueLayout.OfInt stx_dev_minor$layout() {
        return stx_dev_minor$LAYOUT;
    }

    private static final long stx_dev_minor$OFFSET = 140;

    /** Offset for field {@code stx_dev_minor}. */
    public static final long stx_dev_minor$offset() {
        return stx_dev_minor$OFFSET;
    }

    /** Getter for field {@code stx_dev_minor}. */
    public static int stx_dev_minor(MemorySegment struct) {
        return struct.get(stx_dev_minor$LAYOUT, stx_dev_minor$OFFSET);
    }

    /** Setter for field {@code stx_dev_minor}. */
    public static void stx_dev_minor(MemorySegment struct, int fieldValue) {
        struct.set(stx_dev_minor$LAYOUT, stx_dev_minor$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong stx_mnt_id$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("stx_mnt_id"));

    /** Layout for field {@code u64 stx_mnt_id}. */
    public static final ValueLayout.OfLong stx_mnt_id$layout() {
        return stx_mnt_id$LAYOUT;
    }

    private static final long stx_mnt_id$OFFSET = 144;

    /** Offset for field {@code stx_mnt_id}. */
    public static final long stx_mnt_id$offset() {
        return stx_mnt_id$OFFSET;
    }

    /** Getter for field {@code stx_mnt_id}. */
    public static long stx_mnt_id(MemorySegment struct) {
        return struct.get(stx_mnt_id$LAYOUT, stx_mnt_id$OFFSET);
    }

    /** Setter for field {@code stx_mnt_id}. */
    public static void stx_mnt_id(MemorySegment struct, long fieldValue) {
        struct.set(stx_mnt_id$LAYOUT, stx_mnt_id$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_dio_mem_align$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_dio_mem_align"));

    /** Layout for field {@code u32 stx_dio_mem_align}. */
    public static final ValueLayout.OfInt stx_dio_mem_align$layout() {
        return stx_dio_mem_align$LAYOUT;
    }

    private static final long stx_dio_mem_align$OFFSET = 152;

    /** Offset for field {@code stx_dio_mem_align}. */
    public static final long stx_dio_mem_align$offset() {
        return stx_dio_mem_align$OFFSET;
    }

    /** Getter for field {@code stx_dio_mem_align}. */
    public static int stx_dio_mem_align(MemorySegment struct) {
        return struct.get(stx_dio_mem_align$LAYOUT, stx_dio_mem_align$OFFSET);
    }

    /** Setter for field {@code stx_dio_mem_align}. */
    public static void stx_dio_mem_align(MemorySegment struct, int fieldValue) {
        struct.set(stx_dio_mem_align$LAYOUT, stx_dio_mem_align$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt stx_dio_offset_align$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("stx_dio_offset_align"));

    /** Layout for field {@code u32 stx_dio_offset_align}. */
    public static final ValueLayout.OfInt stx_dio_offset_align$layout() {
        return stx_dio_offset_align$LAYOUT;
    }

    private static final long stx_dio_offset_align$OFFSET = 156;

    /** Offset for field {@code stx_dio_offset_align}. */
    public static final long stx_dio_offset_align$offset() {
        return stx_dio_offset_align$OFFSET;
    }

    /** Getter for field {@code stx_dio_offset_align}. */
    public static int stx_dio_offset_align(MemorySegment struct) {
        return struct.get(stx_dio_offset_align$LAYOUT, stx_dio_offset_align$OFFSET);
    }

    /** Setter for field {@code stx_dio_offset_align}. */
    public static void stx_dio_offset_align(MemorySegment struct, int fieldValue) {
        struct.set(stx_dio_offset_align$LAYOUT, stx_dio_offset_align$OFFSET, fieldValue);
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
