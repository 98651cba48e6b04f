package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static Terminal terminal(StringWriter out, boolean interactive) {
        return new Terminal(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(new StringWriter()),
                interactive);
    }

    @Test
    void drawsQemuImgsLineOnATerminal() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(true, terminal(out, true), 400);
        bar.update(0);
        bar.update(100);
        bar.update(100); // unchanged: not redrawn
        bar.finish();
        assertEquals("    (0.00/100%)\r    (25.00/100%)\r    (100.00/100%)\r" + System.lineSeparator(), out.toString());
    }

    @Test
    void drawsNothingWhenPipedOrNotAsked() {
        StringWriter piped = new StringWriter();
        ProgressBar a = new ProgressBar(true, terminal(piped, false), 10);
        a.update(5);
        a.finish();
        assertEquals("", piped.toString());
        assertFalse(a.enabled());
        StringWriter quiet = new StringWriter();
        ProgressBar b = new ProgressBar(false, terminal(quiet, true), 10);
        b.update(5);
        b.finish();
        assertEquals("", quiet.toString());
    }
}
