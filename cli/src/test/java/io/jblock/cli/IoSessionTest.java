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
    void errorsGoToStderrAndFail() {
        IoSession s = session(new MemoryNode(65536, false, false));
        assertFalse(s.execute("read 64k 512"));
        assertTrue(err.toString().startsWith("read failed: node 'mem0' (file memory.img) at offset 65536"), err.toString());
        assertFalse(s.execute("bogus"));
        assertTrue(err.toString().contains("command \"bogus\" not found"));
        assertFalse(s.execute("read 0 abc"));
        assertTrue(err.toString().contains("Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- abc"));
        assertFalse(s.execute("write -P 300 0 1"));
        assertTrue(err.toString().contains("300 is not a valid pattern byte"));
        assertFalse(s.execute("write -z -P 1 0 1"));
        assertFalse(s.execute("read 0"));
        assertTrue(s.execute("   "), "blank lines are no command");
    }

    @Test
    void inactiveNodeRefusesWritesUntilActivated() {
        MemoryNode node = new MemoryNode(65536, false, true);
        IoSession s = session(node);
        assertFalse(s.execute("write 0 512"));
        assertTrue(err.toString().contains("write failed: "), err.toString());
        assertTrue(s.execute("activate"));
        assertTrue(out.toString().contains("activated node 'mem0'"), out.toString());
        assertTrue(s.execute("write 0 512"));
        assertTrue(s.execute("inactivate"));
        assertTrue(out.toString().contains("inactivated node 'mem0'"));
        assertFalse(s.execute("write 0 512"));
    }

    @Test
    void quitEndsTheSession() {
        IoSession s = session(new MemoryNode(4096, false, false));
        assertFalse(s.quitRequested());
        assertTrue(s.execute("quit"));
        assertTrue(s.quitRequested());
    }

    @Test
    void splitsWordsWithQuotes() {
        assertEquals(java.util.List.of("read", "-P", "0xab", "0", "4k"), IoSession.split("  read -P 0xab\t0 4k "));
        assertEquals(java.util.List.of("a", "b c", "d"), IoSession.split("a 'b c' \"d\""));
    }

    @Test
    void patternsInCNotation() {
        assertEquals(0xab, IoSession.parsePattern("0xab"));
        assertEquals(171, IoSession.parsePattern("171"));
        assertEquals(8, IoSession.parsePattern("010"));
        assertEquals(0, IoSession.parsePattern("0"));
    }
}
