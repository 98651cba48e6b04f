package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blkdebug against QEMU's own: seeded random rule sets (events, states, set-state, iotype,
 * sector, errno, once) written as a QEMU config file, and random command sequences; qemu-io runs
 * them on {@code blkdebug:CONF:IMG} with {@code -f raw}, jblock runs them on the same graph.
 * Every read, write, write-zeroes and discard must succeed or fail with the same errno in both,
 * and both images must end up byte for byte the same.
 *
 * <p>One known difference is kept out of the sequences: QEMU's block layer skips a flush (and its
 * flush_to_disk event) of a node nothing was written to since its last successful flush; jblock's
 * raw announces every flush. So every generated flush follows a modification.
 * {@code -Djblock.blkdebug.scenarios=N} runs more scenarios (default 30).
 */
class BlkdebugQemuDifferentialTest {

    private static final int SIZE = 256 * 1024;
    private static final String[] EVENTS = {"read_aio", "write_aio", "flush_to_os", "flush_to_disk", "none",
        "pwritev", "pwritev_zero", "pwritev_done"};
    private static final String[] IOTYPES = {"read", "write", "write-zeroes", "discard", "flush"};
    private static final Pattern OK = Pattern.compile("^(wrote|read|discard) \\d+/\\d+ bytes at offset \\d+$");
    private static final Pattern FAILED = Pattern.compile("^(read|write|discard) failed: (.*)$");

    @TempDir
    Path tmp;

    @Test
    void randomRulesAndCommandsBehaveAsInQemu() throws IOException {
        QemuTools.require();
        int scenarios = Integer.getInteger("jblock.blkdebug.scenarios", 30);
        int injectedSomewhere = 0;
        for (int s = 0; s < scenarios; s++) {
            Random r = new Random(9000 + s);
            String config = config(r);
            List<String> commands = commands(r);
            Path conf = tmp.resolve("s" + s + ".conf");
            Files.writeString(conf, config);
            Path qemuImg = tmp.resolve("q" + s + ".img");
            Path ourImg = tmp.resolve("j" + s + ".img");
            byte[] initial = new byte[SIZE];
            r.nextBytes(initial);
            Files.write(qemuImg, initial);
            Files.write(ourImg, initial);
            String what = "scenario " + s + "\n" + config + String.join("\n", commands);

            List<String> qemu = qemuOutcomes(conf, qemuImg, commands, what);
            List<String> ours = jblockOutcomes(conf, ourImg, commands);
            assertEquals(qemu, ours, what);
            assertTrue(Arrays.equals(Files.readAllBytes(qemuImg), Files.readAllBytes(ourImg)),
                    "images differ after " + what);
            if (qemu.stream().anyMatch(o -> !o.equals("ok"))) {
                injectedSomewhere++;
            }
        }
        // negative control: the rule sets do fail requests, so equal outcomes are not vacuous
        assertTrue(injectedSomewhere >= scenarios / 4, "only " + injectedSomewhere + " scenarios injected errors");
    }

    private static String config(Random r) {
        StringBuilder sb = new StringBuilder();
        int rules = 1 + r.nextInt(3);
        for (int i = 0; i < rules; i++) {
            if (r.nextInt(4) == 0) {
                sb.append("[set-state]\n");
                sb.append("event = \"").append(EVENTS[r.nextInt(EVENTS.length)]).append("\"\n");
                if (r.nextBoolean()) {
                    sb.append("state = \"").append(1 + r.nextInt(2)).append("\"\n");
                }
                sb.append("new_state = \"").append(1 + r.nextInt(3)).append("\"\n");
                continue;
            }
            sb.append("[inject-error]\n");
            sb.append("event = \"").append(EVENTS[r.nextInt(EVENTS.length)]).append("\"\n");
            sb.append("errno = \"").append(r.nextBoolean() ? Errno.EIO : Errno.ENOSPC).append("\"\n");
            if (r.nextInt(3) == 0) {
                sb.append("state = \"").append(1 + r.nextInt(2)).append("\"\n");
            }
            if (r.nextBoolean()) {
                sb.append("iotype = \"").append(IOTYPES[r.nextInt(IOTYPES.length)]).append("\"\n");
            }
            if (r.nextInt(3) == 0) {
                sb.append("sector = \"").append(r.nextInt(16)).append("\"\n");
            }
            sb.append("once = \"").append(r.nextBoolean() ? "on" : "off").append("\"\n");
        }
        return sb.toString();
    }

    private static List<String> commands(Random r) {
        List<String> out = new ArrayList<>();
        int n = 6 + r.nextInt(8);
        boolean modifiedSinceFlush = false;
        for (int i = 0; i < n; i++) {
            long off = 512L * r.nextInt(16);
            int len = 512 * (1 + r.nextInt(4));
            switch (r.nextInt(5)) {
                case 0 -> out.add("read " + off + " " + len);
                case 1 -> out.add("write -P 0x" + Integer.toHexString(1 + r.nextInt(254)) + " " + off + " " + len);
                case 2 -> out.add("write -z " + off + " " + len);
                case 3 -> out.add("discard " + off + " " + len);
                default -> {
                    if (modifiedSinceFlush) {
                        out.add("flush");
                        modifiedSinceFlush = false;
                    } else {
                        out.add("read " + off + " " + len);
                    }
                }
            }
            String last = out.get(out.size() - 1);
            modifiedSinceFlush |= !last.startsWith("read") && !last.equals("flush");
        }
        return out;
    }

    /** qemu-io's outcome of each non-flush command: "ok" or the strerror text. */
    private static List<String> qemuOutcomes(Path conf, Path img, List<String> commands, String what) {
        // writeback on both sides: qemu-io defaults to writethrough, which adds a flush after every write
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw", "-t", "writeback", "-d", "unmap"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add("blkdebug:" + conf + ":" + img);
        QemuTools.Result res = QemuTools.run(cmd.toArray(String[]::new));
        List<String> out = new ArrayList<>();
        for (String line : res.stdout().split("\n")) {
            if (OK.matcher(line).matches()) {
                out.add("ok");
            } else {
                Matcher m = FAILED.matcher(line);
                if (m.matches()) {
                    out.add(m.group(2));
                }
            }
        }
        long expected = commands.stream().filter(c -> !c.equals("flush")).count();
        assertEquals(expected, out.size(), "qemu-io answered " + out.size() + " commands of " + expected + " in "
                + what + "\n" + res.output());
        return out;
    }

    private static List<String> jblockOutcomes(Path conf, Path img, List<String> commands) throws IOException {
        List<String> out = new ArrayList<>();
        BlockNode n = BlockGraph.open("driver=raw,discard=unmap,cache=writeback,file.filename=blkdebug:" + conf + ":"
                + img);
        try {
            for (String c : commands) {
                String[] w = c.split(" ");
                try {
                    switch (w[0]) {
                        case "read" -> n.read(Long.parseLong(w[1]), MemorySegment.ofArray(new byte[Integer.parseInt(w[2])]));
                        case "discard" -> n.discard(Long.parseLong(w[1]), Long.parseLong(w[2]));
                        case "flush" -> n.flush();
                        default -> {
                            if (w[1].equals("-z")) { // write -z OFF LEN
                                n.writeZeroes(Long.parseLong(w[2]), Long.parseLong(w[3]), 0);
                            } else { // write -P 0xVV OFF LEN
                                byte[] b = new byte[Integer.parseInt(w[4])];
                                Arrays.fill(b, (byte) Integer.parseInt(w[2].substring(2), 16));
                                n.write(Long.parseLong(w[3]), MemorySegment.ofArray(b));
                            }
                        }
                    }
                    if (!c.equals("flush")) {
                        out.add("ok");
                    }
                } catch (BlockIOException e) {
                    if (!c.equals("flush")) {
                        out.add(Errno.strerror(e.errno()));
                    }
                }
            }
        } finally {
            try {
                n.close();
            } catch (IOException e) {
                // qemu-io's close ignores a failing flush too
            }
        }
        return out;
    }
}
