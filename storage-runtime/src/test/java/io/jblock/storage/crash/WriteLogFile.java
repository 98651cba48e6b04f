package io.jblock.storage.crash;

import io.jblock.storage.filter.WriteLogFormat;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A write log (dm-log-writes format, {@link WriteLogFormat}) read from a file: jblock's
 * {@code blklogwrites} logs and QEMU's alike. The data of each write stays in the file and is read
 * when a crash state is built ({@link #readData}).
 */
public final class WriteLogFile implements AutoCloseable {

    /** What an entry does to the logged node. */
    public enum Kind {
        /** Data written (write-zeroes too: its data is zeroes). */
        WRITE,
        /** A discard: the range may read as zeroes afterwards, or keep its data. */
        DISCARD,
        /** A completed flush: every entry before it was stable once it was logged. */
        FLUSH,
        /** A resize of the logged node (jblock's {@link WriteLogFormat#TRUNCATE_MARK} mark). */
        TRUNCATE,
        /** A named point; no effect. */
        MARK
    }

    /**
     * One entry.
     *
     * @param index        position in the log, from 0
     * @param kind         what it does
     * @param offset       byte offset in the logged node (writes, discards); for {@link Kind#TRUNCATE} the new size
     * @param length       bytes concerned (writes, discards)
     * @param fua          stable when it completed (no flush needed)
     * @param dataPosition where its data starts in the log file (writes)
     * @param mark         a mark's name, else null
     */
    public record Entry(int index, Kind kind, long offset, long length, boolean fua, long dataPosition, String mark) {
        /** Whether the entry changes the node's content or size. */
        public boolean modifies() {
            return kind == Kind.WRITE || kind == Kind.DISCARD || kind == Kind.TRUNCATE;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case FLUSH -> "#" + index + " flush";
                case MARK -> "#" + index + " mark '" + mark + "'";
                case TRUNCATE -> "#" + index + " truncate to " + offset;
                default -> "#" + index + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + (fua ? "+fua" : "")
                        + " [" + offset + ", +" + length + ")";
            };
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final int sectorSize;
    private final List<Entry> entries;

    private WriteLogFile(Path path, FileChannel channel, int sectorSize, List<Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.sectorSize = sectorSize;
        this.entries = entries;
    }

    /** Reads the super block and every entry it counts; fails on anything malformed. */
    public static WriteLogFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        boolean ok = false;
        try (Arena arena = Arena.ofConfined()) {
            long fileSize = ch.size();
            MemorySegment head = arena.allocate(WriteLogFormat.SUPER_SIZE);
            readFully(ch, head, 0, path);
            WriteLogFormat.Super s = WriteLogFormat.decodeSuper(head);
            if (!s.valid()) {
                throw new IOException(path + ": not a write log (magic 0x" + Long.toHexString(s.magic()) + ", version "
                        + s.version() + ")");
            }
            int ss = s.sectorSize();
            if (!WriteLogFormat.validSectorSize(Integer.toUnsignedLong(ss))) {
                throw new IOException(path + ": invalid log sector size " + Integer.toUnsignedLong(ss));
            }
            int bits = Integer.numberOfTrailingZeros(ss);
            MemorySegment sector = arena.allocate(ss);
            List<Entry> list = new ArrayList<>();
            long next = 1;
            for (long i = 0; i < s.entries(); i++) {
                long at = next << bits;
                if (at + ss > fileSize) {
                    throw new IOException(path + ": entry " + i + " at " + at + " lies past the end of the log ("
                            + fileSize + " bytes)");
                }
                readFully(ch, sector, at, path);
                WriteLogFormat.Entry e = WriteLogFormat.decodeEntry(sector);
                if ((e.flags() & ~WriteLogFormat.FLAG_MASK) != 0) {
                    throw new IOException(path + ": invalid flags 0x" + Long.toHexString(e.flags()) + " in entry " + i);
                }
                if (e.sectors() < 0 || e.sector() < 0 || e.sectors() > (Long.MAX_VALUE >> bits) - next) {
                    throw new IOException(path + ": entry " + i + " has an impossible range (sector " + e.sector()
                            + ", " + e.sectors() + " sectors)");
                }
                list.add(toEntry((int) i, e, sector, at + ss, bits));
                next += e.logSectors();
                if (e.hasData() && (next << bits) > fileSize) {
                    throw new IOException(path + ": the data of entry " + i + " runs past the end of the log");
                }
            }
            WriteLogFile f = new WriteLogFile(path, ch, ss, List.copyOf(list));
            ok = true;
            return f;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    private static Entry toEntry(int index, WriteLogFormat.Entry e, MemorySegment sector, long dataPosition, int bits) {
        long flags = e.flags();
        boolean fua = (flags & WriteLogFormat.FUA) != 0;
        long offset = e.sector() << bits;
        long length = e.sectors() << bits;
        if ((flags & WriteLogFormat.MARK) != 0) {
            String name = WriteLogFormat.markName(sector, e);
            if (name != null && name.startsWith(WriteLogFormat.TRUNCATE_MARK)) {
                long size = Long.parseLong(name.substring(WriteLogFormat.TRUNCATE_MARK.length()));
                return new Entry(index, Kind.TRUNCATE, size, 0, false, -1, name);
            }
            return new Entry(index, Kind.MARK, 0, 0, false, -1, name);
        }
        if ((flags & WriteLogFormat.FLUSH) != 0) {
            return new Entry(index, Kind.FLUSH, 0, 0, fua, -1, null);
        }
        if ((flags & WriteLogFormat.DISCARD) != 0) {
            return new Entry(index, Kind.DISCARD, offset, length, fua, -1, null);
        }
        return new Entry(index, Kind.WRITE, offset, length, fua, dataPosition, null);
    }

    private static void readFully(FileChannel ch, MemorySegment dst, long position, Path path) throws IOException {
        ByteBuffer b = dst.asByteBuffer();
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException(path + ": short read at " + p);
            }
            p += n;
        }
    }

    public Path path() {
        return path;
    }

    public int sectorSize() {
        return sectorSize;
    }

    /** Every entry, in log order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Reads {@code dst.remaining()} bytes of a write's data, starting {@code skip} bytes into it. */
    public void readData(Entry e, long skip, ByteBuffer dst) throws IOException {
        if (e.kind() != Kind.WRITE || skip < 0 || skip + dst.remaining() > e.length()) {
            throw new IllegalArgumentException("no such data in " + e);
        }
        long p = e.dataPosition() + skip;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new IOException(path + ": short read of the data of " + e);
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
