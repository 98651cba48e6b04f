package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Lines read from stdin by {@code jblock io}, as qemu-io's fgets into a 1024-byte buffer reads them. */
class IoCommandLineTest {

    @Test
    void readsLinesAndTheLastOneWithoutNewline() throws IOException {
        BufferedReader in = new BufferedReader(new StringReader("read 0 4k\nflush\n\nquit"));
        StringBuilder line = new StringBuilder();
        assertTrue(IoCommand.readLine(in, line));
        assertEquals("read 0 4k", line.toString());
        assertTrue(IoCommand.readLine(in, line));
        assertEquals("flush", line.toString());
        assertTrue(IoCommand.readLine(in, line), "an empty line is a line");
        assertEquals("", line.toString());
        assertTrue(IoCommand.readLine(in, line));
        assertEquals("quit", line.toString());
        assertFalse(IoCommand.readLine(in, line), "end of input");
    }

    @Test
    void aLongLineIsReadAsSeveralAsFgetsDoes() throws IOException {
        String huge = "x".repeat(IoCommand.MAX_LINE * 2 + 5);
        BufferedReader in = new BufferedReader(new StringReader(huge + "\nflush\n"));
        StringBuilder line = new StringBuilder();
        assertTrue(IoCommand.readLine(in, line));
        assertEquals(IoCommand.MAX_LINE, line.length());
        assertTrue(IoCommand.readLine(in, line));
        assertEquals(IoCommand.MAX_LINE, line.length());
        assertTrue(IoCommand.readLine(in, line));
        assertEquals("xxxxx", line.toString());
        assertTrue(IoCommand.readLine(in, line));
        assertEquals("flush", line.toString());
    }
}
