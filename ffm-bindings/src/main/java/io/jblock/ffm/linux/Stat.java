// Written by hand in the shape jextract 22 generates for jextract/linux_io.h; see jextract/PATCHES.md.

package io.jblock.ffm.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * Result of {@code fstat(2)}: glibc's {@code struct stat} for LP64 Linux.
 * {@snippet lang=c :
 * struct stat (sizeof == 144 on x86-64, 128 on aarch64)
 * }
 * PATCH(arch): unlike the other structs, {@code struct stat} differs between x86-64 (the old
 * x86-64 kernel ABI: 64-bit {@code st_nlink} before {@code st_mode}, 64-bit {@code st_blksize})
 * and aarch64 (asm-generic: 32-bit {@code st_nlink} after {@code st_mode}, 32-bit
 * {@code st_blksize}). jextract would generate one of the two; this class holds both layouts
 * and picks the running architecture's. Getters of fields whose width differs return the wider
 * Java type (zero-extended for unsigned C types); there are no setters for them.
 */
public class Stat {

    Stat() {
        // Should not be called directly
    }

    private static final GroupLayout TIMESPEC = MemoryLayout.structLayout(
        Libc.C_LONG.withName("tv_sec"),
        Libc.C_LONG.withName("tv_nsec")
    ).withName("timespec");

    static final GroupLayout X86_64_LAYOUT = MemoryLayout.structLayout(
        Libc.C_LONG.withName("st_dev"),
        Libc.C_LONG.withName("st_ino"),
        Libc.C_LONG.withName("st_nlink"),
        Libc.C_INT.withName("st_mode"),
        Libc.C_INT.withName("st_uid"),
        Libc.C_INT.withName("st_gid"),
        Libc.C_INT.withName("__pad0"),
        Libc.C_LONG.withName("st_rdev"),
        Libc.C_LONG.withName("st_size"),
        Libc.C_LONG.withName("st_blksize"),
        Libc.C_LONG.withName("st_blocks"),
        TIMESPEC.withName("st_atim"),
        TIMESPEC.withName("st_mtim"),
        TIMESPEC.withName("st_ctim"),
        MemoryLayout.sequenceLayout(3, Libc.C_LONG).withName("__glibc_reserved")
    ).withName("stat");

    static final GroupLayout AARCH64_LAYOUT = MemoryLayout.structLayout(
        Libc.C_LONG.withName("st_dev"),
        Libc.C_LONG.withName("st_ino"),
        Libc.C_INT.withName("st_mode"),
        Libc.C_INT.withName("st_nlink"),
        Libc.C_INT.withName("st_uid"),
        Libc.C_INT.withName("st_gid"),
        Libc.C_LONG.withName("st_rdev"),
        Libc.C_LONG.withName("__pad1"),
        Libc.C_LONG.withName("st_size"),
        Libc.C_INT.withName("st_blksize"),
        Libc.C_INT.withName("__pad2"),
        Libc.C_LONG.withName("st_blocks"),
        TIMESPEC.withName("st_atim"),
        TIMESPEC.withName("st_mtim"),
        TIMESPEC.withName("st_ctim"),
        MemoryLayout.sequenceLayout(2, Libc.C_INT).withName("__glibc_reserved")
    ).withName("stat");

    private static final boolean AARCH64 = Arch.current() == Arch.AARCH64;

    private static final GroupLayout $LAYOUT = AARCH64 ? AARCH64_LAYOUT : X86_64_LAYOUT;

    /** The layout of this struct on the running architecture. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static long offset(String field) {
        return $LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private static final long st_dev$OFFSET = offset("st_dev");
    private static final long st_ino$OFFSET = offset("st_ino");
    private static final long st_nlink$OFFSET = offset("st_nlink");
    private static final long st_mode$OFFSET = offset("st_mode");
    private static final long st_uid$OFFSET = offset("st_uid");
    private static final long st_gid$OFFSET = offset("st_gid");
    private static final long st_rdev$OFFSET = offset("st_rdev");
    private static final long st_size$OFFSET = offset("st_size");
    private static final long st_blksize$OFFSET = offset("st_blksize");
    private static final long st_blocks$OFFSET = offset("st_blocks");
    private static final long st_atim$OFFSET = offset("st_atim");
    private static final long st_mtim$OFFSET = offset("st_mtim");
    private static final long st_ctim$OFFSET = offset("st_ctim");

    /** Offset for field {@code st_dev}. */
    public static final long st_dev$offset() { return st_dev$OFFSET; }
    /** Offset for field {@code st_ino}. */
    public static final long st_ino$offset() { return st_ino$OFFSET; }
    /** Offset for field {@code st_nlink}. */
    public static final long st_nlink$offset() { return st_nlink$OFFSET; }
    /** Offset for field {@code st_mode}. */
    public static final long st_mode$offset() { return st_mode$OFFSET; }
    /** Offset for field {@code st_uid}. */
    public static final long st_uid$offset() { return st_uid$OFFSET; }
    /** Offset for field {@code st_gid}. */
    public static final long st_gid$offset() { return st_gid$OFFSET; }
    /** Offset for field {@code st_rdev}. */
    public static final long st_rdev$offset() { return st_rdev$OFFSET; }
    /** Offset for field {@code st_size}. */
    public static final long st_size$offset() { return st_size$OFFSET; }
    /** Offset for field {@code st_blksize}. */
    public static final long st_blksize$offset() { return st_blksize$OFFSET; }
    /** Offset for field {@code st_blocks}. */
    public static final long st_blocks$offset() { return st_blocks$OFFSET; }
    /** Offset for field {@code st_atim}. */
    public static final long st_atim$offset() { return st_atim$OFFSET; }
    /** Offset for field {@code st_mtim}. */
    public static final long st_mtim$offset() { return st_mtim$OFFSET; }
    /** Offset for field {@code st_ctim}. */
    public static final long st_ctim$offset() { return st_ctim$OFFSET; }

    /** Getter for field {@code dev_t st_dev}. */
    public static long st_dev(MemorySegment struct) { return struct.get(ValueLayout.JAVA_LONG, st_dev$OFFSET); }
    /** Getter for field {@code ino_t st_ino}. */
    public static long st_ino(MemorySegment struct) { return struct.get(ValueLayout.JAVA_LONG, st_ino$OFFSET); }
    /** Getter for field {@code nlink_t st_nlink} (64-bit on x86-64, 32-bit unsigned on aarch64). */
    public static long st_nlink(MemorySegment struct) {
        return AARCH64 ? Integer.toUnsignedLong(struct.get(ValueLayout.JAVA_INT, st_nlink$OFFSET))
                : struct.get(ValueLayout.JAVA_LONG, st_nlink$OFFSET);
    }
    /** Getter for field {@code mode_t st_mode}. */
    public static int st_mode(MemorySegment struct) { return struct.get(ValueLayout.JAVA_INT, st_mode$OFFSET); }
    /** Getter for field {@code uid_t st_uid}. */
    public static int st_uid(MemorySegment struct) { return struct.get(ValueLayout.JAVA_INT, st_uid$OFFSET); }
    /** Getter for field {@code gid_t st_gid}. */
    public static int st_gid(MemorySegment struct) { return struct.get(ValueLayout.JAVA_INT, st_gid$OFFSET); }
    /** Getter for field {@code dev_t st_rdev}. */
    public static long st_rdev(MemorySegment struct) { return struct.get(ValueLayout.JAVA_LONG, st_rdev$OFFSET); }
    /** Getter for field {@code off_t st_size}. */
    public static long st_size(MemorySegment struct) { return struct.get(ValueLayout.JAVA_LONG, st_size$OFFSET); }
    /** Getter for field {@code blksize_t st_blksize} (64-bit on x86-64, 32-bit on aarch64). */
    public static long st_blksize(MemorySegment struct) {
        return AARCH64 ? struct.get(ValueLayout.JAVA_INT, st_blksize$OFFSET)
                : struct.get(ValueLayout.JAVA_LONG, st_blksize$OFFSET);
    }
    /** Getter for field {@code blkcnt_t st_blocks} (512-byte units). */
    public static long st_blocks(MemorySegment struct) { return struct.get(ValueLayout.JAVA_LONG, st_blocks$OFFSET); }
    /** Getter for field {@code struct timespec st_atim}: a slice, not a copy. */
    public static MemorySegment st_atim(MemorySegment struct) { return struct.asSlice(st_atim$OFFSET, TIMESPEC.byteSize()); }
    /** Getter for field {@code struct timespec st_mtim}: a slice, not a copy. */
    public static MemorySegment st_mtim(MemorySegment struct) { return struct.asSlice(st_mtim$OFFSET, TIMESPEC.byteSize()); }
    /** Getter for field {@code struct timespec st_ctim}: a slice, not a copy. */
    public static MemorySegment st_ctim(MemorySegment struct) { return struct.asSlice(st_ctim$OFFSET, TIMESPEC.byteSize()); }

    /** The size (in bytes) of this struct on the running architecture. */
    public static long sizeof() {
        return layout().byteSize();
    }

    /** Allocate a segment of size {@code layout().byteSize()} using {@code allocator}. */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /** Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any). */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize(), arena, cleanup);
    }
}
