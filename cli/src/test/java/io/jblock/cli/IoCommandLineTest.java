package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Lines read from stdin by {@code jblock io}: bounded, CRLF-tolerant, last line without newline. */
class IoCommandLineTest {

    @Test
    void readsLinesAndTheLastOneWithoutNewline() throws IOException {
        BufferedReader in = new BufferedReader(new StringReader("read 0 4k\r\nflush\nquit"));
        StringBuilder line = new StringBuilder();
        assertEquals(0, IoCommand.readLine(in, line));
        assertEquals("read 0 4k", line.toString());
        assertEquals(0, IoCommand.readLine(in, line));
        assertEquals("flush", line.toString());
        assertEquals(1, IoCommand.readLine(in, line));
        assertEquals("quit", line.toString());
        assertEquals(1, IoCommand.readLine(in, line));
        assertEquals("", line.toString());
    }

    @Test
    void anEndlessLineIsCutNotBuffered() throws IOException {
        String huge = "x".repeat(IoCommand.MAX_LINE * 3);
        BufferedReader in = new BufferedReader(new StringReader(huge + "\nflush\n"));
        StringBuilder line = new StringBuilder();
        assertEquals(2, IoCommand.readLine(in, line));
        assertEquals(IoCommand.MAX_LINE, line.length());
        assertEquals(0, IoCommand.readLine(in, line));
        assertEquals("flush", line.toString());
    }
}
