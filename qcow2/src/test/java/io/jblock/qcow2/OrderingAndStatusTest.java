package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata write ordering of an allocating write, and block status against qemu-img map. */
class OrderingAndStatusTest {
    @TempDir
    Path tmp;

    private static int indexOf(List<RecordingNode.Event> ev, String kind, long from, long to) {
        for (int i = 0; i < ev.size(); i++) {
            RecordingNode.Event e = ev.get(i);
            if (e.kind().equals(kind) && e.offset() >= from && e.offset() < to) {
                return i;
            }
        }
        return -1;
    }

    private static boolean flushBetween(List<RecordingNode.Event> ev, int a, int b) {
        for (int i = a + 1; i < b; i++) {
            if (ev.get(i).kind().equals("flush")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void refcountAndDataReachTheDiskBeforeTheMappingThatNeedsThem() throws IOException {
        Path img = tmp.resolve("o.qcow2");
        TestImages.create(img, 4 << 20, Map.of("cluster_size", "4096"));
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        long refBlock = java.nio.ByteBuffer.wrap(all).getLong((int) h.refcountTableOffset);
        RecordingNode rec = new RecordingNode(new ChannelNode(img, false));
        long fileEnd = Files.size(img);
        try (DriverBackedNode n = TestImages.open(rec, img, false, false, Map.of()); Arena a = Arena.ofConfined()) {
            rec.events.clear();
            n.write(1 << 20, a.allocate(4096).fill((byte) 1)); // needs a new L2 table and a data cluster
            n.flush();
            List<RecordingNode.Event> ev = List.copyOf(rec.events);
            // New clusters lie past the old end: the L2 table is written twice (empty, then with
            // the entry), the data cluster once.
            long l2Off = -1;
            long dataOff = -1;
            for (RecordingNode.Event e : ev) {
                if (e.kind().equals("write") && e.offset() >= fileEnd) {
                    long count = ev.stream().filter(x -> x.kind().equals("write") && x.offset() == e.offset()).count();
                    if (count == 2) {
                        l2Off = e.offset();
                    } else {
                        dataOff = e.offset();
                    }
                }
            }
            int l1 = indexOf(ev, "write", h.l1TableOffset, h.l1TableOffset + 4096);
            int refcount = indexOf(ev, "write", refBlock, refBlock + 4096);
            int newL2 = indexOf(ev, "write", l2Off, l2Off + 1);
            int data = indexOf(ev, "write", dataOff, dataOff + 1);
            assertTrue(l1 >= 0 && refcount >= 0 && newL2 >= 0 && data >= 0, ev.toString());
            assertTrue(refcount < l1 && flushBetween(ev, refcount, l1), "refcount block, flush, L1 entry: " + ev);
            assertTrue(newL2 < l1 && flushBetween(ev, newL2, l1), "new L2 table, flush, L1 entry: " + ev);
            int l2Entry = -1;
            for (int i = newL2 + 1; i < ev.size(); i++) {
                if (ev.get(i).kind().equals("write") && ev.get(i).offset() == l2Off) {
                    l2Entry = i;
                }
            }
            assertTrue(l2Entry > data && flushBetween(ev, data, l2Entry), "data, flush, L2 entry: " + ev);
        }
    }

    @Test
    void blockStatusAgreesWithQemuImgMap() throws IOException {
        QemuTools.require();
        Path img = tmp.resolve("m.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", img.toString(), "1M");
        QemuTools.io(img, "qcow2", "write -P 1 0 16k", "write -z 64k 16k", "write -P 2 200k 4k", "write -z -u 300k 8k");
        String map = QemuTools.ok("qemu-img", "map", "--output=json", img.toString());
        Pattern p = Pattern.compile("\"start\": (\\d+), \"length\": (\\d+), \"depth\": \\d+, \"present\": (\\w+), "
                + "\"zero\": (\\w+), \"data\": (\\w+)");
        Matcher m = p.matcher(map);
        int entries = 0;
        try (BlockNode n = TestImages.openReadOnly(img)) {
            while (m.find()) {
                entries++;
                long start = Long.parseLong(m.group(1));
                long len = Long.parseLong(m.group(2));
                boolean zero = Boolean.parseBoolean(m.group(4));
                boolean data = Boolean.parseBoolean(m.group(5));
                for (long off = start; off < start + len; ) {
                    BlockStatus s = n.blockStatus(off, start + len - off);
                    assertEquals(data, s.data(), "data at " + off + " in " + map);
                    assertEquals(zero, s.zero(), "zero at " + off + " in " + map);
                    off += s.length();
                }
            }
        }
        assertTrue(entries >= 4, map);
    }
}
