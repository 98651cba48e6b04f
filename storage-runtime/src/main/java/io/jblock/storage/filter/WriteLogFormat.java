package io.jblock.storage.filter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The on-disk format of a write log, as Linux's dm-log-writes defines it and QEMU's
 * blklogwrites writes it. All fields are little-endian; the unit is the log's sector size
 * ({@code sectorsize} in the super block, 512 by default).
 *
 * <pre>
 * sector 0            super block: magic u64, version u64 (1), nr_entries u64, sectorsize u32
 * sector 1 ...        entries, one after the other:
 *   one sector          entry header: sector u64, nr_sectors u64, flags u64, data_len u64
 *                       (a mark's name, data_len bytes, follows the header in the same sector)
 *   nr_sectors sectors  the data written (zeroes for write-zeroes); none for discards
 * </pre>
 *
 * <p>{@code sector} and {@code nr_sectors} address the logged node in log sectors. Flags:
 * {@link #FLUSH} (a flush completed: every entry before it had completed when the flush was
 * issued), {@link #FUA} (the write was stable when it completed), {@link #DISCARD} (no data
 * follows) and {@link #MARK} (a named point, no data). Write-zeroes is a write whose data is
 * zeroes. The super block's {@code nr_entries} says how many entries are valid; it is rewritten
 * on every flush entry, every {@code log-super-update-interval} entries and on close.
 *
 * <p>jblock adds one convention inside the format: a resize of the logged node is a mark named
 * {@link #TRUNCATE_MARK}{@code <new size in bytes>}, so a replay can reproduce the file's size.
 * Tools that do not know it see a mark and skip it.
 */
public final class WriteLogFormat {
    /** "jsfwshr" plus a zero byte, read as a little-endian u64. */
    public static final long MAGIC = 0x6a736677736872L;
    public static final long VERSION = 1;
    /** Size of the super block's fields (the rest of sector 0 is zero). */
    public static final int SUPER_SIZE = 28;
    /** Size of an entry header (the rest of its sector is zero, or a mark's name). */
    public static final int ENTRY_SIZE = 32;
    public static final int DEFAULT_SECTOR_SIZE = 512;

    public static final long FLUSH = 1;
    public static final long FUA = 1 << 1;
    public static final long DISCARD = 1 << 2;
    public static final long MARK = 1 << 3;
    /** Every flag the format defines; any other bit makes an entry invalid. */
    public static final long FLAG_MASK = FLUSH | FUA | DISCARD | MARK;

    /** Prefix of the mark that records a resize of the logged node. */
    public static final String TRUNCATE_MARK = "jblock.truncate=";

    static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WriteLogFormat() {
    }

    /** The decoded super block. */
    public record Super(long magic, long version, long entries, int sectorSize) {
        /** Whether the magic and version are dm-log-writes'. */
        public boolean valid() {
            return magic == MAGIC && version == VERSION;
        }
    }

    /**
     * One decoded entry header.
     *
     * @param sector    first log sector of the logged node the entry concerns
     * @param sectors   how many log sectors it concerns (0 for flushes and marks)
     * @param flags     {@link #FLUSH}, {@link #FUA}, {@link #DISCARD}, {@link #MARK}
     * @param dataLength length of a mark's name (0 otherwise, as QEMU writes it)
     */
    public record Entry(long sector, long sectors, long flags, long dataLength) {
        /** Whether data sectors follow the header in the log. */
        public boolean hasData() {
            return (flags & DISCARD) == 0;
        }

        /** How many log sectors the entry takes: its header and its data. */
        public long logSectors() {
            return 1 + (hasData() ? sectors : 0);
        }
    }

    /**
     * QEMU's rule for a usable sector size: a power of two, large enough for the super block
     * and an entry header, below 16 MiB.
     */
    public static boolean validSectorSize(long size) {
        return size > 0 && Long.bitCount(size) == 1 && size >= ENTRY_SIZE && size >= SUPER_SIZE && size < (1L << 24);
    }

    /** Fills {@code sector} (one log sector, zeroed here) with a super block. */
    public static void encodeSuper(MemorySegment sector, long entries, int sectorSize) {
        sector.fill((byte) 0);
        sector.set(LE_LONG, 0, MAGIC);
        sector.set(LE_LONG, 8, VERSION);
        sector.set(LE_LONG, 16, entries);
        sector.set(LE_INT, 24, sectorSize);
    }

    public static Super decodeSuper(MemorySegment s) {
        return new Super(s.get(LE_LONG, 0), s.get(LE_LONG, 8), s.get(LE_LONG, 16), s.get(LE_INT, 24));
    }

    /**
     * Fills {@code sector} (one log sector, zeroed here) with an entry header and, for a mark,
     * its name after the header.
     */
    public static void encodeEntry(MemorySegment sector, long firstSector, long sectors, long flags, byte[] markName) {
        sector.fill((byte) 0);
        sector.set(LE_LONG, 0, firstSector);
        sector.set(LE_LONG, 8, sectors);
        sector.set(LE_LONG, 16, flags);
        sector.set(LE_LONG, 24, markName == null ? 0 : markName.length);
        if (markName != null) {
            MemorySegment.copy(markName, 0, sector, ValueLayout.JAVA_BYTE, ENTRY_SIZE, markName.length);
        }
    }

    public static Entry decodeEntry(MemorySegment s) {
        return new Entry(s.get(LE_LONG, 0), s.get(LE_LONG, 8), s.get(LE_LONG, 16), s.get(LE_LONG, 24));
    }

    /** A mark's name from its header sector, or null when the entry is no mark or the name does not fit. */
    public static String markName(MemorySegment sector, Entry e) {
        if ((e.flags() & MARK) == 0 || e.dataLength() < 0 || e.dataLength() > sector.byteSize() - ENTRY_SIZE) {
            return null;
        }
        byte[] name = sector.asSlice(ENTRY_SIZE, e.dataLength()).toArray(ValueLayout.JAVA_BYTE);
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Largest mark name (in UTF-8 bytes) a sector of {@code sectorSize} holds. */
    public static int maxMarkBytes(int sectorSize) {
        return sectorSize - ENTRY_SIZE;
    }
}
