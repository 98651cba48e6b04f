package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-io's blkdebug breakpoint commands ({@code break}, {@code wait_break}, {@code resume},
 * {@code remove_break}), the VM state area ({@code read -b}, {@code write -b}) and copy-on-read
 * ({@code -C}, {@code driver=copy-on-read}), against
 * qemu-io where QEMU behaves deterministically, and jblock's answers where qemu-io would hang.
 * The timeouts only guard against a hang (a regression would otherwise stall the build); nothing
 * is timed.
 */
@Timeout(120)
class IoBreakpointsVmStateTest {
    @TempDir
    Path dir;

    private static final Pattern TIMING = Pattern.compile(
            "[0-9]* ops; [0-9/:. sec]* \\([0-9/.inf]* [EPTGMKiBbytes]*/sec and [0-9/.inf]* ops/sec\\)");

    private static String filter(String text, Path img) {
        return TIMING.matcher(text).replaceAll("X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)")
                .replace(img.toString(), "IMG")
                .replaceAll("(?m)^(qemu-io|jblock): ", "PROG: ");
    }

    private Path image(String name, String fmt, String size) {
        Path p = dir.resolve(name + "." + fmt);
        CliRun r = CliRun.run("create", "-q", "-f", fmt, p.toString(), size);
        assertEquals(0, r.status(), r.err());
        return p;
    }

    /** qemu-io and jblock io with -c COMMANDS ("IMG" stands for the image) on an image each; outputs. */
    private String[] both(String fmt, String size, String image, String... commands) {
        Path q = image("q", fmt, size);
        Path j = image("j", fmt, size);
        QemuTools.Result qr = QemuTools.run(args("qemu-io", fmt, q, image, commands));
        List<String> jargs = new ArrayList<>(Arrays.asList(args("io", fmt, j, image, commands)));
        CliRun jr = CliRun.run(jargs.toArray(String[]::new));
        assertEquals(qr.exitCode(), jr.status(), "exit status; jblock stderr: " + jr.err());
        assertEquals(filter(qr.stderr(), q), filter(jr.err(), j), "stderr");
        return new String[] {filter(qr.stdout(), q), filter(jr.out(), j), q.toString(), j.toString()};
    }

    private static String[] args(String program, String fmt, Path img, String image, String... commands) {
        List<String> a = new ArrayList<>(List.of(program));
        if (image != null) {
            a.add("-f");
            a.add(fmt);
        }
        for (String c : commands) {
            a.add("-c");
            a.add(c.replace("IMG", img.toString()));
        }
        if (image != null) {
            a.add(image.replace("IMG", img.toString()));
        }
        return a.toArray(String[]::new);
    }

    // ------------------------------------------------------------------ breakpoints against qemu-io

    @Test
    void suspendedRequestResumesAndCompletesAsInQemu() {
        QemuTools.require();
        String[] out = both("qcow2", "64M", "blkdebug::IMG",
                "break write_aio A", "aio_write -P 10 0 64k", "wait_break A", "resume A", "aio_flush",
                "read -P 10 0 64k");
        assertEquals(out[0], out[1]);
        assertTrue(out[1].startsWith("blkdebug: Suspended request 'A'\nblkdebug: Resuming request 'A'\nwrote 65536/65536"),
                out[1]);
    }

    @Test
    void breakpointErrorsAsInQemu() {
        QemuTools.require();
        String[] out = both("raw", "1M", "blkdebug::IMG",
                "break no_such_event A", "resume A", "remove_break A", "break read_aio B", "remove_break B",
                "resume B");
        assertEquals(out[0], out[1]);
        assertEquals("""
                Could not set breakpoint: No such file or directory
                Could not resume request: No such file or directory
                Could not remove breakpoint A: No such file or directory
                Could not resume request: No such file or directory
                """, out[1]);
        String[] plain = both("raw", "1M", "IMG", "break read_aio A", "resume A", "remove_break A");
        assertEquals(plain[0], plain[1]);
        assertTrue(plain[1].contains("Could not set breakpoint: Operation not supported"), plain[1]);
    }

    /**
     * 077's "overlapping requests" case: the 0xc800 write waits for A; the 0xde00 write overlaps
     * only the waiting one, so it must not wait for it (QEMU waits only for requests that are not
     * waiting themselves), or B would never be reached. Then the data is qemu-io's.
     */
    @Test
    void requestOverlappingOnlyAWaitingOneGoesAheadAsInQemu() {
        QemuTools.require();
        String[] out = both("raw", "1M", null,
                "open -o driver=raw,file.align=4k blkdebug::IMG",
                "break pwritev_rmw_after_tail A", "aio_write -P 10 0xc000 0x200", "wait_break A",
                "aio_write -P 11 0xc800 0x1000",
                "break pwritev_rmw_after_head B", "aio_write -P 12 0xde00 0x200", "wait_break B",
                "resume B", "resume A", "aio_flush",
                "read -P 10 0xc000 0x200", "read -P 0 0xc200 0x600", "read -P 11 0xc800 0x1000",
                "read -P 0 0xd800 0x600", "read -P 12 0xde00 0x200");
        // completion order of concurrent requests is not fixed: compare the lines as sets
        assertEquals(sorted(out[0]), sorted(out[1]));
        assertTrue(!out[1].contains("Pattern verification failed"), out[1]);
        QemuTools.Result c = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "raw", out[2], out[3]);
        assertEquals(0, c.exitCode(), c.output());
    }

    private static List<String> sorted(String s) {
        List<String> l = new ArrayList<>(Arrays.asList(s.split("\n")));
        l.sort(null);
        return l;
    }

    // ------------------------------------------------------------------ where qemu-io would hang

    @Test
    void waitBreakWithNothingInFlightFailsInsteadOfHanging() {
        Path j = image("w", "raw", "1M");
        CliRun r = CliRun.run("io", "-c", "break write_aio A", "-c", "wait_break A", "-c", "read 0 512",
                "blkdebug::" + j);
        assertTrue(r.err().contains("wait_break: no request in flight can reach breakpoint 'A'"), r.err());
        assertTrue(r.out().contains("read 512/512 bytes at offset 0"), r.out()); // the session went on
        // negative control: with a request in flight the same wait_break succeeds
        CliRun ok = CliRun.run("io", "-c", "break write_aio A", "-c", "aio_write 0 512", "-c", "wait_break A",
                "-c", "resume A", "-c", "aio_flush", "blkdebug::" + j);
        assertEquals("", ok.err());
        assertTrue(ok.out().startsWith("blkdebug: Suspended request 'A'\nblkdebug: Resuming request 'A'\nwrote 512/512"),
                ok.out());
    }

    @Test
    void drainingResumesStoppedRequestsWithAMessage() {
        Path j = image("d", "raw", "1M");
        CliRun r = CliRun.run("io", "-c", "break write_aio A", "-c", "aio_write -P 7 0 512", "-c", "wait_break A",
                "-c", "aio_flush", "-c", "read -P 7 0 512", "blkdebug::" + j);
        assertTrue(r.err().contains("requests stopped at blkdebug breakpoints would never complete: resuming them"),
                r.err());
        assertTrue(r.out().contains("blkdebug: Resuming request 'A'\nwrote 512/512 bytes at offset 0"), r.out());
        assertTrue(!r.out().contains("Pattern verification failed"), r.out());
    }

    @Test
    void synchronousCommandIsNotStopped() {
        Path j = image("s", "raw", "1M");
        CliRun r = CliRun.run("io", "-c", "break write_aio A", "-c", "write -P 5 0 512", "-c", "read -P 5 0 512",
                "blkdebug::" + j);
        assertTrue(r.err().contains("request 'A' reached its breakpoint in a synchronous command"), r.err());
        assertTrue(r.out().contains("wrote 512/512 bytes at offset 0"), r.out());
        assertTrue(!r.out().contains("Pattern verification failed"), r.out());
    }

    // ------------------------------------------------------------------ VM state area

    /** jblock writes the VM state, qemu-io reads it back (and the other way), past a grown L1 table. */
    @Test
    void vmStateInteroperatesWithQemu() {
        QemuTools.require();
        Path img = image("v", "qcow2", "64M");
        CliRun w = CliRun.run("io", "-c", "write -b -P 0x11 1T 4k", "-c", "write -b -P 0x22 0 64k", img.toString());
        assertEquals(0, w.status(), w.err());
        String q = QemuTools.ok("qemu-io", "-c", "read -b -P 0x11 1T 4k", "-c", "read -b -P 0x22 0 64k",
                "-c", "read -b -P 0 64k 4k", "-c", "read -P 0 0 64M", img.toString());
        assertTrue(!q.contains("Pattern verification failed"), q);
        QemuTools.checkClean(img);

        Path img2 = image("v2", "qcow2", "64M");
        QemuTools.ok("qemu-io", "-c", "write -b -P 0x33 4096 8k", img2.toString());
        CliRun r = CliRun.run("io", "-c", "read -b -P 0x33 4096 8k", "-c", "read -P 0 0 64M", img2.toString());
        assertTrue(!r.out().contains("Pattern verification failed"), r.out());
        // negative control: the guest disk does not hold the VM state
        CliRun other = CliRun.run("io", "-c", "read -P 0x33 4096 8k", img2.toString());
        assertTrue(other.out().contains("Pattern verification failed"), other.out());
    }

    @Test
    void vmStateMessagesAsInQemu() {
        QemuTools.require();
        String[] out = both("qcow2", "16M", "IMG", "write -b -P 0x44 0 4M", "read -b -P 0x44 0 4M",
                "read -b 100 512", "write -b 0 100", "info");
        assertEquals(out[0], out[1]);
        String[] raw = both("raw", "1M", "IMG", "write -b 0 512", "read -b 0 512");
        assertEquals(raw[0], raw[1]);
        assertNotEquals("", raw[1]);
        assertTrue(raw[1].contains("write failed: Operation not supported"), raw[1]);
    }

    // ------------------------------------------------------------------ copy-on-read

    /** An overlay of 4M over a base with data at 1M; the overlay holds a zero write at 2M. */
    private Path[] overlay(String name) {
        Path base = dir.resolve(name + "-base.raw");
        Path top = dir.resolve(name + ".qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", base.toString(), "4M");
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x55 1M 96k", base.toString());
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k", "-b", base.toString(),
                "-F", "raw", top.toString());
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -z 2M 64k", top.toString());
        return new Path[] {base, top};
    }

    @Test
    void copyOnReadAllocatesWhatQemuAllocates() {
        QemuTools.require();
        Path[] q = overlay("q");
        Path[] j = overlay("j");
        String read = "read -P 0x55 1M 96k";
        QemuTools.Result qr = QemuTools.run("qemu-io", "-f", "qcow2", "-C", "-c", read, "-c", "read -P 0 3M 1k",
                q[1].toString());
        CliRun jr = CliRun.run("io", "-f", "qcow2", "-C", "-c", read, "-c", "read -P 0 3M 1k", j[1].toString());
        assertEquals(filter(qr.stdout(), q[1]), filter(jr.out(), j[1]));
        assertEquals(0, jr.status(), jr.err());
        // the overlay now holds the clusters it read, as QEMU's does: same map, same data without the base
        String qmap = QemuTools.ok("qemu-img", "map", "--output=json", "-f", "qcow2", q[1].toString());
        String jmap = QemuTools.ok("qemu-img", "map", "--output=json", "-f", "qcow2", j[1].toString());
        assertEquals(qmap.replaceAll("\"offset\": [0-9]+", "").replace(q[0].toString(), "BASE"),
                jmap.replaceAll("\"offset\": [0-9]+", "").replace(j[0].toString(), "BASE"));
        QemuTools.checkClean(j[1]);
        QemuTools.ok("qemu-img", "rebase", "-u", "-b", "", "-f", "qcow2", j[1].toString());
        String own = QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "read -P 0x55 1M 96k", "-c", "read -P 0 1146880 32k",
                j[1].toString());
        assertTrue(!own.contains("Pattern verification failed"), own);
        // negative control: without -C nothing is copied
        Path[] n = overlay("n");
        CliRun plain = CliRun.run("io", "-f", "qcow2", "-c", read, n[1].toString());
        assertEquals(0, plain.status(), plain.err());
        QemuTools.ok("qemu-img", "rebase", "-u", "-b", "", "-f", "qcow2", n[1].toString());
        QemuTools.Result none = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "read -P 0x55 1M 96k", n[1].toString());
        assertTrue(none.stdout().contains("Pattern verification failed"), none.output());
    }

    @Test
    void copyOnReadRefusesReadOnlyAsQemu() {
        QemuTools.require();
        Path[] j = overlay("r");
        CliRun c = CliRun.run("io", "-f", "qcow2", "-C", "-r", "-c", "read 0 512", j[1].toString());
        assertTrue(c.err().contains("Can't use copy-on-read on read-only device"), c.err());
        CliRun f = CliRun.run("io", "-r", "-c", "open -r -o driver=copy-on-read,file.driver=qcow2 " + j[1],
                "-c", "read 0 512");
        assertTrue(f.err().contains("Block node is read-only"), f.err());
    }
}
