package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IoSessionTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private IoSession session(MemoryNode node) {
        return new IoSession(node, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void writeThenReadVerifiesThePattern() {
        MemoryNode node = new MemoryNode(1 << 20, false, false);
        IoSession s = session(node);
        assertTrue(s.execute("write -P 0xab 4k 4k"));
        byte[] expect = new byte[4096];
        Arrays.fill(expect, (byte) 0xab);
        assertArrayEquals(expect, Arrays.copyOfRange(node.data, 4096, 8192));
        assertEquals(0, node.data[4095]);
        assertTrue(s.execute("read -P 0xab 4096 4096"));
        String o = out.toString();
        assertTrue(o.startsWith("wrote 4096/4096 bytes at offset 4096\n4 KiB, 1 ops; "), o);
        assertTrue(o.contains("read 4096/4096 bytes at offset 4096\n"), o);
        for (String pair : o.split("\n(?=read|wrote)")) {
            assertTrue(pair.strip().matches(IoReportTest.REPORT), pair);
        }
        assertEquals("", err.toString());
    }

    @Test
    void patternMismatchIsReportedAsQemuIoAndFails() {
        MemoryNode node = new MemoryNode(1 << 20, false, false);
        node.data[100] = 1;
        IoSession s = session(node);
        assertFalse(s.execute("read -P 0 0 512"));
        assertTrue(out.toString().startsWith("Pattern verification failed at offset 0, 512 bytes\nread 512/512"), out.toString());
        out.getBuffer().setLength(0);
        assertTrue(s.execute("read -P 0 512 512"), "the rest is zero");
        assertFalse(s.execute("read -q -P 0 0 4k"));
        assertTrue(s.execute("read -q -P 0 -s 128 -l 128 0 4k"), "verified part excludes byte 100");
    }

    @Test
    void defaultWritePatternIsQemuIos0xcdAndZeroesWrite() {
        MemoryNode node = new MemoryNode(65536, false, false);
        IoSession s = session(node);
        assertTrue(s.execute("write 0 1k"));
        assertEquals((byte) 0xcd, node.data[1023]);
        assertEquals(0, node.data[1024]);
        assertTrue(s.execute("write -z 512 512"));
        assertEquals(0, node.data[512]);
        assertEquals((byte) 0xcd, node.data[511]);
    }

    @Test
    void quietSuppressesTheReport() {
        IoSession s = session(new MemoryNode(65536, false, false));
        assertTrue(s.execute("write -q -P 1 0 512"));
        assertTrue(s.execute("read -q -P 1 0 512"));
        assertEquals("", out.toString());
    }

    @Test
    void errorsAreWordedAndRoutedAsQemuIosAndFail() {
        IoSession s = session(new MemoryNode(65536, false, false));
        assertFalse(s.execute("read 64k 512"));
        assertEquals("read failed: Input/output error\n", out.toString(), "strerror(EIO), on stdout as qemu-io");
        assertFalse(s.execute("bogus"));
        assertEquals("command \"bogus\" not found\n", err.toString());
        out.getBuffer().setLength(0);
        assertFalse(s.execute("read 0 abc"));
        assertFalse(s.execute("write -P 300 0 1"));
        assertFalse(s.execute("write -z -P 1 0 1"));
        assertEquals("Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- abc\n"
                + "300 is not a valid pattern byte\n"
                + "Only one of -z, -P, and -s can be specified at the same time\n", out.toString());
        assertFalse(s.execute("read 0"));
        assertTrue(err.toString().endsWith("bad argument count 1 to read, expected at least 2 arguments\n"), err.toString());
        assertTrue(s.execute("   "), "blank lines are no command");
    }

    @Test
    void inactiveNodeRefusesWritesUntilActivated() {
        MemoryNode node = new MemoryNode(65536, false, true);
        IoSession s = session(node);
        assertFalse(s.execute("write 0 512"));
        assertTrue(out.toString().startsWith("write failed: Operation not permitted\n"), out.toString());
        assertTrue(s.execute("activate"));
        assertTrue(out.toString().contains("activated node 'mem0'"), out.toString());
        assertTrue(s.execute("write 0 512"));
        assertTrue(s.execute("inactivate"));
        assertTrue(out.toString().contains("inactivated node 'mem0'"));
        assertFalse(s.execute("write 0 512"));
    }

    @Test
    void aioReportsWaitForAioFlushInCompletionOrder() {
        MemoryNode node = new MemoryNode(1 << 20, false, false);
        IoSession s = session(node);
        assertTrue(s.execute("aio_write -P 0x11 0 4k"));
        assertEquals("", out.toString(), "nothing reported at submission");
        assertTrue(s.execute("aio_flush"));
        assertTrue(out.toString().startsWith("wrote 4096/4096 bytes at offset 0\n"), out.toString());
        assertEquals((byte) 0x11, node.data[4095]);
        out.getBuffer().setLength(0);
        node.failAt = 8192;
        assertTrue(s.execute("aio_write 8k 4k"), "an aio request succeeds at submission, as in qemu-io");
        assertTrue(s.execute("aio_read -P 0x11 0 4k"));
        assertTrue(s.execute("aio_flush"));
        String o = out.toString();
        assertTrue(o.contains("aio_write failed: Input/output error\n"), o);
        assertTrue(o.contains("read 4096/4096 bytes at offset 0\n"), o);
    }

    @Test
    void noFileOpenUntilOpen() {
        IoSession s = new IoSession(null, new PrintWriter(out), new PrintWriter(err));
        assertFalse(s.execute("read 0 1"));
        assertEquals("no file open, try 'help open'\n", err.toString());
        assertTrue(s.execute("help"), "help needs no file");
        assertTrue(out.toString().contains("read [-abCqv] [-P pattern [-s off] [-l len]] off len -- reads a number of bytes"
                + " at a specified offset\n"), out.toString());
        assertFalse(out.toString().contains("activate"), "jblock's own commands stay out of qemu-io's listing");
    }

    @Test
    void quitEndsTheSession() {
        IoSession s = session(new MemoryNode(4096, false, false));
        assertFalse(s.quitRequested());
        assertTrue(s.execute("quit"));
        assertTrue(s.quitRequested());
    }

    @Test
    void splitsWordsAtSpacesOnlyAsQemuIoDoes() {
        assertEquals(java.util.List.of("read", "-P", "0xab", "0", "4k"), IoSession.breakline("  read -P 0xab  0 4k "));
        // no quoting, and a tab is part of a word (qemu-io's breakline splits at ' ' only)
        assertEquals(java.util.List.of("a", "'b", "c'", "x\ty"), IoSession.breakline("a 'b c' x\ty"));
    }

    @Test
    void patternsInCNotation() {
        assertEquals(0xab, IoSession.parsePattern("0xab"));
        assertEquals(171, IoSession.parsePattern("171"));
        assertEquals(8, IoSession.parsePattern("010"));
        assertEquals(0, IoSession.parsePattern("0"));
    }
}
