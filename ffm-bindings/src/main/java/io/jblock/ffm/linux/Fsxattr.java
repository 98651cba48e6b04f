// Written by hand in the shape jextract 22 generates for jextract/linux_io.h; see jextract/PATCHES.md.

package io.jblock.ffm.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

import static java.lang.foreign.MemoryLayout.PathElement.*;

/**
 * The extended attributes {@code FS_IOC_FSGETXATTR}/{@code FS_IOC_FSSETXATTR} read and write
 * (the extent size hint QEMU's file driver sets on new images).
 * {@snippet lang=c :
 * struct fsxattr (sizeof == 28)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class Fsxattr {

    Fsxattr() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("fsx_xflags"),
        Libc.C_INT.withName("fsx_extsize"),
        Libc.C_INT.withName("fsx_nextents"),
        Libc.C_INT.withName("fsx_projid"),
        Libc.C_INT.withName("fsx_cowextsize"),
        MemoryLayout.sequenceLayout(8, Libc.C_CHAR).withName("fsx_pad")
    ).withName("fsxattr");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfInt fsx_xflags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fsx_xflags"));

    /** Layout for field {@code __u32 fsx_xflags} (xflags (FS_XFLAG_*)). */
    public static final ValueLayout.OfInt fsx_xflags$layout() {
        return fsx_xflags$LAYOUT;
    }

    private static final long fsx_xflags$OFFSET = 0;

    /** Offset for field {@code fsx_xflags}. */
    public static final long fsx_xflags$offset() {
        return fsx_xflags$OFFSET;
    }

    /** Getter for field {@code fsx_xflags}. */
    public static int fsx_xflags(MemorySegment struct) {
        return struct.get(fsx_xflags$LAYOUT, fsx_xflags$OFFSET);
    }

    /** Setter for field {@code fsx_xflags}. */
    public static void fsx_xflags(MemorySegment struct, int fieldValue) {
        struct.set(fsx_xflags$LAYOUT, fsx_xflags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fsx_extsize$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fsx_extsize"));

    /** Layout for field {@code __u32 fsx_extsize} (extent size hint in bytes). */
    public static final ValueLayout.OfInt fsx_extsize$layout() {
        return fsx_extsize$LAYOUT;
    }

    private static final long fsx_extsize$OFFSET = 4;

    /** Offset for field {@code fsx_extsize}. */
    public static final long fsx_extsize$offset() {
        return fsx_extsize$OFFSET;
    }

    /** Getter for field {@code fsx_extsize}. */
    public static int fsx_extsize(MemorySegment struct) {
        return struct.get(fsx_extsize$LAYOUT, fsx_extsize$OFFSET);
    }

    /** Setter for field {@code fsx_extsize}. */
    public static void fsx_extsize(MemorySegment struct, int fieldValue) {
        struct.set(fsx_extsize$LAYOUT, fsx_extsize$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fsx_nextents$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fsx_nextents"));

    /** Layout for field {@code __u32 fsx_nextents} (number of extents (read only)). */
    public static final ValueLayout.OfInt fsx_nextents$layout() {
        return fsx_nextents$LAYOUT;
    }

    private static final long fsx_nextents$OFFSET = 8;

    /** Offset for field {@code fsx_nextents}. */
    public static final long fsx_nextents$offset() {
        return fsx_nextents$OFFSET;
    }

    /** Getter for field {@code fsx_nextents}. */
    public static int fsx_nextents(MemorySegment struct) {
        return struct.get(fsx_nextents$LAYOUT, fsx_nextents$OFFSET);
    }

    /** Setter for field {@code fsx_nextents}. */
    public static void fsx_nextents(MemorySegment struct, int fieldValue) {
        struct.set(fsx_nextents$LAYOUT, fsx_nextents$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fsx_projid$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fsx_projid"));

    /** Layout for field {@code __u32 fsx_projid} (project id). */
    public static final ValueLayout.OfInt fsx_projid$layout() {
        return fsx_projid$LAYOUT;
    }

    private static final long fsx_projid$OFFSET = 12;

    /** Offset for field {@code fsx_projid}. */
    public static final long fsx_projid$offset() {
        return fsx_projid$OFFSET;
    }

    /** Getter for field {@code fsx_projid}. */
    public static int fsx_projid(MemorySegment struct) {
        return struct.get(fsx_projid$LAYOUT, fsx_projid$OFFSET);
    }

    /** Setter for field {@code fsx_projid}. */
    public static void fsx_projid(MemorySegment struct, int fieldValue) {
        struct.set(fsx_projid$LAYOUT, fsx_projid$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fsx_cowextsize$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fsx_cowextsize"));

    /** Layout for field {@code __u32 fsx_cowextsize} (copy-on-write extent size hint). */
    public static final ValueLayout.OfInt fsx_cowextsize$layout() {
        return fsx_cowextsize$LAYOUT;
    }

    private static final long fsx_cowextsize$OFFSET = 16;

    /** Offset for field {@code fsx_cowextsize}. */
    public static final long fsx_cowextsize$offset() {
        return fsx_cowextsize$OFFSET;
    }

    /** Getter for field {@code fsx_cowextsize}. */
    public static int fsx_cowextsize(MemorySegment struct) {
        return struct.get(fsx_cowextsize$LAYOUT, fsx_cowextsize$OFFSET);
    }

    /** Setter for field {@code fsx_cowextsize}. */
    public static void fsx_cowextsize(MemorySegment struct, int fieldValue) {
        struct.set(fsx_cowextsize$LAYOUT, fsx_cowextsize$OFFSET, fieldValue);
    }

    /** The size (in bytes) of this struct. */
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
