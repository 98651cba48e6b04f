package io.jblock.storage.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Builds crash states as files: a copy of the base image (the file as it was before the logged
 * run) with the durable entries applied, then the chosen others, in log order. Keeps the durable
 * image of the last state and moves it forward, so states sorted by {@code durableEnd} (as
 * {@link CrashPlanner} returns them) cost one copy each. Writes are copied from the log; a
 * discard that reached the disk reads as zeroes (as a punched hole); a resize sets the size.
 */
public final class CrashStateBuilder implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final WriteLogFile log;
    private final List<WriteLogFile.Entry> entries;
    private final Path base;
    private final Path durable;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    private final ByteBuffer zeroes = ByteBuffer.allocateDirect(CHUNK);
    private int durableAt = -1;

    /** {@code workDir} holds the durable image ({@code durable.img}); the caller deletes the directory. */
    public CrashStateBuilder(WriteLogFile log, Path base, Path workDir) {
        this(log, log.entries(), base, workDir);
    }

    /**
     * As above over {@code entries} instead of the log's own: a tampered copy (a flush entry
     * turned into a mark, a write dropped) for negative controls. Data is still read from the log.
     */
    public CrashStateBuilder(WriteLogFile log, List<WriteLogFile.Entry> entries, Path base, Path workDir) {
        this.log = log;
        this.entries = entries;
        this.base = base;
        this.durable = workDir.resolve("durable.img");
    }

    /** Writes state {@code s} to {@code target} (replaced). */
    public void build(CrashState s, Path target) throws IOException {
        advance(s.durableEnd());
        Files.copy(durable, target, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            for (int i = s.applied().nextSetBit(0); i >= 0; i = s.applied().nextSetBit(i + 1)) {
                if (i < s.durableEnd() || i >= s.prefix()) {
                    throw new IllegalArgumentException(s + " applies entry " + i + " outside its pending range");
                }
                apply(entries.get(i), ch);
            }
        }
    }

    /** Writes the image with the first {@code entries} entries all applied to {@code target}. */
    public void buildPrefix(int entries, Path target) throws IOException {
        advance(entries);
        Files.copy(durable, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Replays the whole log {@code logFile} over a copy of {@code base} into {@code target}: the
     * image as the logged run left it. Uses {@code target}'s directory for the work file.
     */
    public static void replayAll(Path logFile, Path base, Path target) throws IOException {
        try (WriteLogFile f = WriteLogFile.open(logFile);
             CrashStateBuilder b = new CrashStateBuilder(f, base, target.toAbsolutePath().getParent())) {
            b.buildPrefix(f.entries().size(), target);
        }
    }

    private void advance(int to) throws IOException {
        if (to < durableAt || durableAt < 0) {
            Files.copy(base, durable, StandardCopyOption.REPLACE_EXISTING);
            durableAt = 0;
        }
        if (to == durableAt) {
            return;
        }
        try (FileChannel ch = FileChannel.open(durable, StandardOpenOption.WRITE)) {
            for (int i = durableAt; i < to; i++) {
                apply(entries.get(i), ch);
            }
        }
        durableAt = to;
    }

    private void apply(WriteLogFile.Entry e, FileChannel ch) throws IOException {
        switch (e.kind()) {
            case WRITE -> {
                for (long done = 0; done < e.length(); ) {
                    int n = (int) Math.min(CHUNK, e.length() - done);
                    buffer.clear().limit(n);
                    log.readData(e, done, buffer);
                    buffer.flip();
                    writeFully(ch, buffer, e.offset() + done);
                    done += n;
                }
            }
            case DISCARD -> {
                long end = Math.min(e.offset() + e.length(), ch.size());
                for (long p = e.offset(); p < end; ) {
                    int n = (int) Math.min(CHUNK, end - p);
                    zeroes.clear().limit(n);
                    writeFully(ch, zeroes, p);
                    p += n;
                }
            }
            case TRUNCATE -> {
                long size = ch.size();
                if (e.offset() < size) {
                    ch.truncate(e.offset());
                } else if (e.offset() > size) {
                    zeroes.clear().limit(1);
                    writeFully(ch, zeroes, e.offset() - 1);
                }
            }
            case FLUSH, MARK -> { }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(durable);
    }
}
