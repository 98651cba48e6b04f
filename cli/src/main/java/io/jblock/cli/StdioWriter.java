package io.jblock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A character stream buffered as the C library buffers {@code stdout} and {@code stderr}, so
 * that what jblock prints interleaves with its error messages exactly as qemu-img's and
 * qemu-io's do when both streams go to one pipe or file (QEMU's test suite compares that
 * merged output): fully buffered in blocks of {@value #BLOCK} bytes that go out when the block
 * is full (never earlier), line buffered on a terminal, or unbuffered ({@code stderr}).
 * {@link #flush()} is C's {@code fflush}. Characters are encoded as UTF-8 the moment they are
 * written. Not thread-safe: one command's output stream.
 */
final class StdioWriter extends Writer {
    /** glibc's buffer for a pipe or an ext4 file: its {@code st_blksize}. */
    static final int BLOCK = 4096;

    /** How output is held back before it reaches the file descriptor. */
    enum Buffering {
        /** Written when a block is full or on flush ({@code stdout} to a pipe or file). */
        FULL,
        /** Also written at every newline ({@code stdout} to a terminal). */
        LINE,
        /** Written at once ({@code stderr}). */
        NONE
    }

    private final OutputStream sink;
    private final Buffering buffering;
    private final byte[] block = new byte[BLOCK];
    private int used;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer encoded = ByteBuffer.allocate(1024);

    StdioWriter(OutputStream sink, Buffering buffering) {
        this.sink = sink;
        this.buffering = buffering;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        CharBuffer in = CharBuffer.wrap(cbuf, off, len);
        boolean newline = false;
        while (true) {
            CoderResult r = encoder.encode(in, encoded, false);
            encoded.flip();
            for (int i = encoded.position(); i < encoded.limit(); i++) {
                newline |= encoded.get(i) == '\n';
            }
            put(encoded.array(), encoded.position(), encoded.remaining());
            encoded.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        if (buffering == Buffering.NONE || (newline && buffering == Buffering.LINE)) {
            drain();
        }
    }

    private void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - used);
            System.arraycopy(b, off, block, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == BLOCK) {
                drain();
            }
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            sink.write(block, 0, used);
            used = 0;
        }
        sink.flush();
    }

    /** C's {@code fflush}: what is buffered goes out now. */
    @Override
    public void flush() throws IOException {
        drain();
    }

    /** Flushes; the file descriptor stays open (it is the process's). */
    @Override
    public void close() throws IOException {
        flush();
    }
}
