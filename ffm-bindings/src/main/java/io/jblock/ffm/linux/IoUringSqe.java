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
 * A 64-byte submission queue entry. Unions are flattened: every member has its own accessors at the union's offset.
 * {@snippet lang=c :
 * struct io_uring_sqe (sizeof == 64)
 * }
 * Accessors are static and take the struct's segment; they are thread-safe as far as the
 * segment's own access rules allow.
 */
public class IoUringSqe {

    IoUringSqe() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        Libc.C_CHAR.withName("opcode"),
        Libc.C_CHAR.withName("flags"),
        Libc.C_SHORT.withName("ioprio"),
        Libc.C_INT.withName("fd"),
        MemoryLayout.unionLayout(
            Libc.C_LONG_LONG.withName("off"),
            Libc.C_LONG_LONG.withName("addr2")
        ).withName("$anon$8"),
        MemoryLayout.unionLayout(
            Libc.C_LONG_LONG.withName("addr"),
            Libc.C_LONG_LONG.withName("splice_off_in")
        ).withName("$anon$16"),
        Libc.C_INT.withName("len"),
        MemoryLayout.unionLayout(
            Libc.C_INT.withName("rw_flags"),
            Libc.C_INT.withName("fsync_flags"),
            Libc.C_INT.withName("poll32_events"),
            Libc.C_INT.withName("sync_range_flags"),
            Libc.C_INT.withName("msg_flags"),
            Libc.C_INT.withName("timeout_flags"),
            Libc.C_INT.withName("accept_flags"),
            Libc.C_INT.withName("cancel_flags"),
            Libc.C_INT.withName("open_flags"),
            Libc.C_INT.withName("statx_flags"),
            Libc.C_INT.withName("fadvise_advice")
        ).withName("$anon$28"),
        Libc.C_LONG_LONG.withName("user_data"),
        MemoryLayout.unionLayout(
            Libc.C_SHORT.withName("buf_index"),
            Libc.C_SHORT.withName("buf_group")
        ).withName("$anon$40"),
        Libc.C_SHORT.withName("personality"),
        MemoryLayout.unionLayout(
            Libc.C_INT.withName("splice_fd_in"),
            Libc.C_INT.withName("file_index")
        ).withName("$anon$44"),
        Libc.C_LONG_LONG.withName("addr3"),
        MemoryLayout.sequenceLayout(1, Libc.C_LONG_LONG).withName("__pad2")
    ).withName("io_uring_sqe");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfByte opcode$LAYOUT = (ValueLayout.OfByte) $LAYOUT.select(groupElement("opcode"));

    /** Layout for field {@code u8 opcode}. */
    public static final ValueLayout.OfByte opcode$layout() {
        return opcode$LAYOUT;
    }

    private static final long opcode$OFFSET = 0;

    /** Offset for field {@code opcode}. */
    public static final long opcode$offset() {
        return opcode$OFFSET;
    }

    /** Getter for field {@code opcode}. */
    public static byte opcode(MemorySegment struct) {
        return struct.get(opcode$LAYOUT, opcode$OFFSET);
    }

    /** Setter for field {@code opcode}. */
    public static void opcode(MemorySegment struct, byte fieldValue) {
        struct.set(opcode$LAYOUT, opcode$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfByte flags$LAYOUT = (ValueLayout.OfByte) $LAYOUT.select(groupElement("flags"));

    /** Layout for field {@code u8 flags}. */
    public static final ValueLayout.OfByte flags$layout() {
        return flags$LAYOUT;
    }

    private static final long flags$OFFSET = 1;

    /** Offset for field {@code flags}. */
    public static final long flags$offset() {
        return flags$OFFSET;
    }

    /** Getter for field {@code flags}. */
    public static byte flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    /** Setter for field {@code flags}. */
    public static void flags(MemorySegment struct, byte fieldValue) {
        struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort ioprio$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("ioprio"));

    /** Layout for field {@code u16 ioprio}. */
    public static final ValueLayout.OfShort ioprio$layout() {
        return ioprio$LAYOUT;
    }

    private static final long ioprio$OFFSET = 2;

    /** Offset for field {@code ioprio}. */
    public static final long ioprio$offset() {
        return ioprio$OFFSET;
    }

    /** Getter for field {@code ioprio}. */
    public static short ioprio(MemorySegment struct) {
        return struct.get(ioprio$LAYOUT, ioprio$OFFSET);
    }

    /** Setter for field {@code ioprio}. */
    public static void ioprio(MemorySegment struct, short fieldValue) {
        struct.set(ioprio$LAYOUT, ioprio$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fd$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("fd"));

    /** Layout for field {@code s32 fd}. */
    public static final ValueLayout.OfInt fd$layout() {
        return fd$LAYOUT;
    }

    private static final long fd$OFFSET = 4;

    /** Offset for field {@code fd}. */
    public static final long fd$offset() {
        return fd$OFFSET;
    }

    /** Getter for field {@code fd}. */
    public static int fd(MemorySegment struct) {
        return struct.get(fd$LAYOUT, fd$OFFSET);
    }

    /** Setter for field {@code fd}. */
    public static void fd(MemorySegment struct, int fieldValue) {
        struct.set(fd$LAYOUT, fd$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong off$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("$anon$8"), groupElement("off"));

    /** Layout for field {@code u64 off}. */
    public static final ValueLayout.OfLong off$layout() {
        return off$LAYOUT;
    }

    private static final long off$OFFSET = 8;

    /** Offset for field {@code off}. */
    public static final long off$offset() {
        return off$OFFSET;
    }

    /** Getter for field {@code off}. */
    public static long off(MemorySegment struct) {
        return struct.get(off$LAYOUT, off$OFFSET);
    }

    /** Setter for field {@code off}. */
    public static void off(MemorySegment struct, long fieldValue) {
        struct.set(off$LAYOUT, off$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong addr2$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("$anon$8"), groupElement("addr2"));

    /** Layout for field {@code u64 addr2}. */
    public static final ValueLayout.OfLong addr2$layout() {
        return addr2$LAYOUT;
    }

    private static final long addr2$OFFSET = 8;

    /** Offset for field {@code addr2}. */
    public static final long addr2$offset() {
        return addr2$OFFSET;
    }

    /** Getter for field {@code addr2}. */
    public static long addr2(MemorySegment struct) {
        return struct.get(addr2$LAYOUT, addr2$OFFSET);
    }

    /** Setter for field {@code addr2}. */
    public static void addr2(MemorySegment struct, long fieldValue) {
        struct.set(addr2$LAYOUT, addr2$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong addr$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("$anon$16"), groupElement("addr"));

    /** Layout for field {@code u64 addr}. */
    public static final ValueLayout.OfLong addr$layout() {
        return addr$LAYOUT;
    }

    private static final long addr$OFFSET = 16;

    /** Offset for field {@code addr}. */
    public static final long addr$offset() {
        return addr$OFFSET;
    }

    /** Getter for field {@code addr}. */
    public static long addr(MemorySegment struct) {
        return struct.get(addr$LAYOUT, addr$OFFSET);
    }

    /** Setter for field {@code addr}. */
    public static void addr(MemorySegment struct, long fieldValue) {
        struct.set(addr$LAYOUT, addr$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong splice_off_in$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("$anon$16"), groupElement("splice_off_in"));

    /** Layout for field {@code u64 splice_off_in}. */
    public static final ValueLayout.OfLong splice_off_in$layout() {
        return splice_off_in$LAYOUT;
    }

    private static final long splice_off_in$OFFSET = 16;

    /** Offset for field {@code splice_off_in}. */
    public static final long splice_off_in$offset() {
        return splice_off_in$OFFSET;
    }

    /** Getter for field {@code splice_off_in}. */
    public static long splice_off_in(MemorySegment struct) {
        return struct.get(splice_off_in$LAYOUT, splice_off_in$OFFSET);
    }

    /** Setter for field {@code splice_off_in}. */
    public static void splice_off_in(MemorySegment struct, long fieldValue) {
        struct.set(splice_off_in$LAYOUT, splice_off_in$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt len$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("len"));

    /** Layout for field {@code u32 len}. */
    public static final ValueLayout.OfInt len$layout() {
        return len$LAYOUT;
    }

    private static final long len$OFFSET = 24;

    /** Offset for field {@code len}. */
    public static final long len$offset() {
        return len$OFFSET;
    }

    /** Getter for field {@code len}. */
    public static int len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    /** Setter for field {@code len}. */
    public static void len(MemorySegment struct, int fieldValue) {
        struct.set(len$LAYOUT, len$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt rw_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("rw_flags"));

    /** Layout for field {@code u32 rw_flags}. */
    public static final ValueLayout.OfInt rw_flags$layout() {
        return rw_flags$LAYOUT;
    }

    private static final long rw_flags$OFFSET = 28;

    /** Offset for field {@code rw_flags}. */
    public static final long rw_flags$offset() {
        return rw_flags$OFFSET;
    }

    /** Getter for field {@code rw_flags}. */
    public static int rw_flags(MemorySegment struct) {
        return struct.get(rw_flags$LAYOUT, rw_flags$OFFSET);
    }

    /** Setter for field {@code rw_flags}. */
    public static void rw_flags(MemorySegment struct, int fieldValue) {
        struct.set(rw_flags$LAYOUT, rw_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fsync_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("fsync_flags"));

    /** Layout for field {@code u32 fsync_flags}. */
    public static final ValueLayout.OfInt fsync_flags$layout() {
        return fsync_flags$LAYOUT;
    }

    private static final long fsync_flags$OFFSET = 28;

    /** Offset for field {@code fsync_flags}. */
    public static final long fsync_flags$offset() {
        return fsync_flags$OFFSET;
    }

    /** Getter for field {@code fsync_flags}. */
    public static int fsync_flags(MemorySegment struct) {
        return struct.get(fsync_flags$LAYOUT, fsync_flags$OFFSET);
    }

    /** Setter for field {@code fsync_flags}. */
    public static void fsync_flags(MemorySegment struct, int fieldValue) {
        struct.set(fsync_flags$LAYOUT, fsync_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt poll32_events$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("poll32_events"));

    /** Layout for field {@code u32 poll32_events}. */
    public static final ValueLayout.OfInt poll32_events$layout() {
        return poll32_events$LAYOUT;
    }

    private static final long poll32_events$OFFSET = 28;

    /** Offset for field {@code poll32_events}. */
    public static final long poll32_events$offset() {
        return poll32_events$OFFSET;
    }

    /** Getter for field {@code poll32_events}. */
    public static int poll32_events(MemorySegment struct) {
        return struct.get(poll32_events$LAYOUT, poll32_events$OFFSET);
    }

    /** Setter for field {@code poll32_events}. */
    public static void poll32_events(MemorySegment struct, int fieldValue) {
        struct.set(poll32_events$LAYOUT, poll32_events$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt sync_range_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("sync_range_flags"));

    /** Layout for field {@code u32 sync_range_flags}. */
    public static final ValueLayout.OfInt sync_range_flags$layout() {
        return sync_range_flags$LAYOUT;
    }

    private static final long sync_range_flags$OFFSET = 28;

    /** Offset for field {@code sync_range_flags}. */
    public static final long sync_range_flags$offset() {
        return sync_range_flags$OFFSET;
    }

    /** Getter for field {@code sync_range_flags}. */
    public static int sync_range_flags(MemorySegment struct) {
        return struct.get(sync_range_flags$LAYOUT, sync_range_flags$OFFSET);
    }

    /** Setter for field {@code sync_range_flags}. */
    public static void sync_range_flags(MemorySegment struct, int fieldValue) {
        struct.set(sync_range_flags$LAYOUT, sync_range_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt msg_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("msg_flags"));

    /** Layout for field {@code u32 msg_flags}. */
    public static final ValueLayout.OfInt msg_flags$layout() {
        return msg_flags$LAYOUT;
    }

    private static final long msg_flags$OFFSET = 28;

    /** Offset for field {@code msg_flags}. */
    public static final long msg_flags$offset() {
        return msg_flags$OFFSET;
    }

    /** Getter for field {@code msg_flags}. */
    public static int msg_flags(MemorySegment struct) {
        return struct.get(msg_flags$LAYOUT, msg_flags$OFFSET);
    }

    /** Setter for field {@code msg_flags}. */
    public static void msg_flags(MemorySegment struct, int fieldValue) {
        struct.set(msg_flags$LAYOUT, msg_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt timeout_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("timeout_flags"));

    /** Layout for field {@code u32 timeout_flags}. */
    public static final ValueLayout.OfInt timeout_flags$layout() {
        return timeout_flags$LAYOUT;
    }

    private static final long timeout_flags$OFFSET = 28;

    /** Offset for field {@code timeout_flags}. */
    public static final long timeout_flags$offset() {
        return timeout_flags$OFFSET;
    }

    /** Getter for field {@code timeout_flags}. */
    public static int timeout_flags(MemorySegment struct) {
        return struct.get(timeout_flags$LAYOUT, timeout_flags$OFFSET);
    }

    /** Setter for field {@code timeout_flags}. */
    public static void timeout_flags(MemorySegment struct, int fieldValue) {
        struct.set(timeout_flags$LAYOUT, timeout_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt accept_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("accept_flags"));

    /** Layout for field {@code u32 accept_flags}. */
    public static final ValueLayout.OfInt accept_flags$layout() {
        return accept_flags$LAYOUT;
    }

    private static final long accept_flags$OFFSET = 28;

    /** Offset for field {@code accept_flags}. */
    public static final long accept_flags$offset() {
        return accept_flags$OFFSET;
    }

    /** Getter for field {@code accept_flags}. */
    public static int accept_flags(MemorySegment struct) {
        return struct.get(accept_flags$LAYOUT, accept_flags$OFFSET);
    }

    /** Setter for field {@code accept_flags}. */
    public static void accept_flags(MemorySegment struct, int fieldValue) {
        struct.set(accept_flags$LAYOUT, accept_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt cancel_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("cancel_flags"));

    /** Layout for field {@code u32 cancel_flags}. */
    public static final ValueLayout.OfInt cancel_flags$layout() {
        return cancel_flags$LAYOUT;
    }

    private static final long cancel_flags$OFFSET = 28;

    /** Offset for field {@code cancel_flags}. */
    public static final long cancel_flags$offset() {
        return cancel_flags$OFFSET;
    }

    /** Getter for field {@code cancel_flags}. */
    public static int cancel_flags(MemorySegment struct) {
        return struct.get(cancel_flags$LAYOUT, cancel_flags$OFFSET);
    }

    /** Setter for field {@code cancel_flags}. */
    public static void cancel_flags(MemorySegment struct, int fieldValue) {
        struct.set(cancel_flags$LAYOUT, cancel_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt open_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("open_flags"));

    /** Layout for field {@code u32 open_flags}. */
    public static final ValueLayout.OfInt open_flags$layout() {
        return open_flags$LAYOUT;
    }

    private static final long open_flags$OFFSET = 28;

    /** Offset for field {@code open_flags}. */
    public static final long open_flags$offset() {
        return open_flags$OFFSET;
    }

    /** Getter for field {@code open_flags}. */
    public static int open_flags(MemorySegment struct) {
        return struct.get(open_flags$LAYOUT, open_flags$OFFSET);
    }

    /** Setter for field {@code open_flags}. */
    public static void open_flags(MemorySegment struct, int fieldValue) {
        struct.set(open_flags$LAYOUT, open_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt statx_flags$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("statx_flags"));

    /** Layout for field {@code u32 statx_flags}. */
    public static final ValueLayout.OfInt statx_flags$layout() {
        return statx_flags$LAYOUT;
    }

    private static final long statx_flags$OFFSET = 28;

    /** Offset for field {@code statx_flags}. */
    public static final long statx_flags$offset() {
        return statx_flags$OFFSET;
    }

    /** Getter for field {@code statx_flags}. */
    public static int statx_flags(MemorySegment struct) {
        return struct.get(statx_flags$LAYOUT, statx_flags$OFFSET);
    }

    /** Setter for field {@code statx_flags}. */
    public static void statx_flags(MemorySegment struct, int fieldValue) {
        struct.set(statx_flags$LAYOUT, statx_flags$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt fadvise_advice$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$28"), groupElement("fadvise_advice"));

    /** Layout for field {@code u32 fadvise_advice}. */
    public static final ValueLayout.OfInt fadvise_advice$layout() {
        return fadvise_advice$LAYOUT;
    }

    private static final long fadvise_advice$OFFSET = 28;

    /** Offset for field {@code fadvise_advice}. */
    public static final long fadvise_advice$offset() {
        return fadvise_advice$OFFSET;
    }

    /** Getter for field {@code fadvise_advice}. */
    public static int fadvise_advice(MemorySegment struct) {
        return struct.get(fadvise_advice$LAYOUT, fadvise_advice$OFFSET);
    }

    /** Setter for field {@code fadvise_advice}. */
    public static void fadvise_advice(MemorySegment struct, int fieldValue) {
        struct.set(fadvise_advice$LAYOUT, fadvise_advice$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong user_data$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("user_data"));

    /** Layout for field {@code u64 user_data}. */
    public static final ValueLayout.OfLong user_data$layout() {
        return user_data$LAYOUT;
    }

    private static final long user_data$OFFSET = 32;

    /** Offset for field {@code user_data}. */
    public static final long user_data$offset() {
        return user_data$OFFSET;
    }

    /** Getter for field {@code user_data}. */
    public static long user_data(MemorySegment struct) {
        return struct.get(user_data$LAYOUT, user_data$OFFSET);
    }

    /** Setter for field {@code user_data}. */
    public static void user_data(MemorySegment struct, long fieldValue) {
        struct.set(user_data$LAYOUT, user_data$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort buf_index$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("$anon$40"), groupElement("buf_index"));

    /** Layout for field {@code u16 buf_index}. */
    public static final ValueLayout.OfShort buf_index$layout() {
        return buf_index$LAYOUT;
    }

    private static final long buf_index$OFFSET = 40;

    /** Offset for field {@code buf_index}. */
    public static final long buf_index$offset() {
        return buf_index$OFFSET;
    }

    /** Getter for field {@code buf_index}. */
    public static short buf_index(MemorySegment struct) {
        return struct.get(buf_index$LAYOUT, buf_index$OFFSET);
    }

    /** Setter for field {@code buf_index}. */
    public static void buf_index(MemorySegment struct, short fieldValue) {
        struct.set(buf_index$LAYOUT, buf_index$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort buf_group$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("$anon$40"), groupElement("buf_group"));

    /** Layout for field {@code u16 buf_group}. */
    public static final ValueLayout.OfShort buf_group$layout() {
        return buf_group$LAYOUT;
    }

    private static final long buf_group$OFFSET = 40;

    /** Offset for field {@code buf_group}. */
    public static final long buf_group$offset() {
        return buf_group$OFFSET;
    }

    /** Getter for field {@code buf_group}. */
    public static short buf_group(MemorySegment struct) {
        return struct.get(buf_group$LAYOUT, buf_group$OFFSET);
    }

    /** Setter for field {@code buf_group}. */
    public static void buf_group(MemorySegment struct, short fieldValue) {
        struct.set(buf_group$LAYOUT, buf_group$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort personality$LAYOUT = (ValueLayout.OfShort) $LAYOUT.select(groupElement("personality"));

    /** Layout for field {@code u16 personality}. */
    public static final ValueLayout.OfShort personality$layout() {
        return personality$LAYOUT;
    }

    private static final long personality$OFFSET = 42;

    /** Offset for field {@code personality}. */
    public static final long personality$offset() {
        return personality$OFFSET;
    }

    /** Getter for field {@code personality}. */
    public static short personality(MemorySegment struct) {
        return struct.get(personality$LAYOUT, personality$OFFSET);
    }

    /** Setter for field {@code personality}. */
    public static void personality(MemorySegment struct, short fieldValue) {
        struct.set(personality$LAYOUT, personality$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt splice_fd_in$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$44"), groupElement("splice_fd_in"));

    /** Layout for field {@code s32 splice_fd_in}. */
    public static final ValueLayout.OfInt splice_fd_in$layout() {
        return splice_fd_in$LAYOUT;
    }

    private static final long splice_fd_in$OFFSET = 44;

    /** Offset for field {@code splice_fd_in}. */
    public static final long splice_fd_in$offset() {
        return splice_fd_in$OFFSET;
    }

    /** Getter for field {@code splice_fd_in}. */
    public static int splice_fd_in(MemorySegment struct) {
        return struct.get(splice_fd_in$LAYOUT, splice_fd_in$OFFSET);
    }

    /** Setter for field {@code splice_fd_in}. */
    public static void splice_fd_in(MemorySegment struct, int fieldValue) {
        struct.set(splice_fd_in$LAYOUT, splice_fd_in$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt file_index$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(groupElement("$anon$44"), groupElement("file_index"));

    /** Layout for field {@code u32 file_index}. */
    public static final ValueLayout.OfInt file_index$layout() {
        return file_index$LAYOUT;
    }

    private static final long file_index$OFFSET = 44;

    /** Offset for field {@code file_index}. */
    public static final long file_index$offset() {
        return file_index$OFFSET;
    }

    /** Getter for field {@code file_index}. */
    public static int file_index(MemorySegment struct) {
        return struct.get(file_index$LAYOUT, file_index$OFFSET);
    }

    /** Setter for field {@code file_index}. */
    public static void file_index(MemorySegment struct, int fieldValue) {
        struct.set(file_index$LAYOUT, file_index$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong addr3$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(groupElement("addr3"));

    /** Layout for field {@code u64 addr3}. */
    public static final ValueLayout.OfLong addr3$layout() {
        return addr3$LAYOUT;
    }

    private static final long addr3$OFFSET = 48;

    /** Offset for field {@code addr3}. */
    public static final long addr3$offset() {
        return addr3$OFFSET;
    }

    /** Getter for field {@code addr3}. */
    public static long addr3(MemorySegment struct) {
        return struct.get(addr3$LAYOUT, addr3$OFFSET);
    }

    /** Setter for field {@code addr3}. */
    public static void addr3(MemorySegment struct, long fieldValue) {
        struct.set(addr3$LAYOUT, addr3$OFFSET, fieldValue);
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
