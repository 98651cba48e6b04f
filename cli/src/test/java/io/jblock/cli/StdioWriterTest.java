package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StdioWriter}: the write(2) calls C's stdio would make. */
class StdioWriterTest {

    /** Records each write reaching the file descriptor. */
    private static final class Writes extends OutputStream {
        final List<String> chunks = new ArrayList<>();
        final ByteArrayOutputStream all = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            chunks.add(new String(b, off, len, StandardCharsets.UTF_8));
            all.write(b, off, len);
        }
    }

    @Test
    void fullBufferingWritesWholeBlocksAndTheRestOnFlush() throws IOException {
        Writes w = new Writes();
        PrintWriter out = new PrintWriter(new StdioWriter(w, StdioWriter.Buffering.FULL));
        String line = "x".repeat(99) + "\n";
        for (int i = 0; i < 100; i++) {
            out.print(line);
        }
        assertEquals(2, w.chunks.size(), "10000 bytes: two full blocks so far, none written early");
        assertEquals(StdioWriter.BLOCK, w.chunks.get(0).length());
        assertEquals(StdioWriter.BLOCK, w.chunks.get(1).length());
        out.flush();
        assertEquals(3, w.chunks.size());
        assertEquals(10000 - 2 * StdioWriter.BLOCK, w.chunks.get(2).length());
        assertEquals(line.repeat(100), w.all.toString(StandardCharsets.UTF_8));
        out.flush();
        assertEquals(3, w.chunks.size(), "an empty buffer writes nothing");
    }

    @Test
    void lineBufferingWritesAtNewlinesAndNoneWritesAtOnce() {
        Writes w = new Writes();
        PrintWriter line = new PrintWriter(new StdioWriter(w, StdioWriter.Buffering.LINE));
        line.print("prompt> ");
        assertEquals(0, w.chunks.size());
        line.println("done");
        assertEquals(List.of("prompt> done\n"), w.chunks);
        Writes e = new Writes();
        PrintWriter err = new PrintWriter(new StdioWriter(e, StdioWriter.Buffering.NONE));
        err.print("a");
        err.print("b");
        assertEquals(List.of("a", "b"), e.chunks);
    }

    @Test
    void encodesUtf8AsWritten() {
        Writes w = new Writes();
        PrintWriter out = new PrintWriter(new StdioWriter(w, StdioWriter.Buffering.FULL));
        out.print("é".repeat(StdioWriter.BLOCK));
        assertEquals(2, w.chunks.size(), "two bytes a character: two blocks");
        out.flush();
        assertEquals("é".repeat(StdioWriter.BLOCK), w.all.toString(StandardCharsets.UTF_8));
    }
}
