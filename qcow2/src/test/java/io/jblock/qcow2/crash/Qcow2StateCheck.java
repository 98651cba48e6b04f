package io.jblock.qcow2.crash;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.crash.CrashReplay;
import io.jblock.storage.crash.CrashState;
import io.jblock.storage.crash.GuestModel;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every crash state of a qcow2 image must pass, in this order:
 * <ol>
 * <li>it opens read-write with jblock (a dirty lazy-refcount image is repaired on open, as QEMU
 * does) and closes again, and jblock reads the whole guest disk;</li>
 * <li>{@code qemu-img check} finds no corruption (exit 0, or 3 for leaks only);</li>
 * <li>what jblock read is what the {@link GuestModel} allows;</li>
 * <li>QEMU reads the same: {@code qemu-img compare} against a raw file of what jblock read;</li>
 * <li>the internal snapshot taken before the run still reads as it did (jblock, read-only).</li>
 * </ol>
 * Each failure is a problem line; {@code qemu-img check}'s output is kept in full.
 */
public final class Qcow2StateCheck implements CrashReplay.StateCheck {
    private final LoggedRun run;
    private final Path expectedRaw;

    public Qcow2StateCheck(LoggedRun run) {
        this.run = run;
        this.expectedRaw = run.dir().resolve("expected.raw");
    }

    @Override
    public List<String> check(Path state, CrashState crash, GuestModel.Expectation expected) throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] content;
        long size;
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + state)) {
            size = n.size();
            content = readAll(n, size);
        } catch (IOException | RuntimeException e) {
            problems.add("jblock could not open and read the state read-write: " + e);
            content = null;
            size = -1;
        }
        QemuTools.Result check = QemuTools.run("qemu-img", "check", state.toString());
        if (check.exitCode() != 0 && check.exitCode() != 3) {
            problems.add("qemu-img check exit " + check.exitCode() + ":\n" + indent(check.output()));
        }
        if (content != null) {
            problems.addAll(expected.check(content, size, 4));
            writeSparse(content, expectedRaw);
            QemuTools.Result cmp = QemuTools.run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", state.toString(),
                    expectedRaw.toString());
            if (cmp.exitCode() != 0) {
                problems.add("qemu-img compare with what jblock read: exit " + cmp.exitCode() + ": "
                        + cmp.output().trim());
            }
        }
        if (run.snapshotName() != null) {
            try (BlockNode n = BlockGraph.open("driver=qcow2,snapshot.name=" + run.snapshotName()
                    + ",file.driver=file,file.filename=" + state, OpenOptions.READ_ONLY)) {
                byte[] snap = readAll(n, n.size());
                int at = Arrays.mismatch(snap, run.snapshotView());
                if (at >= 0) {
                    problems.add("internal snapshot '" + run.snapshotName() + "' changed: first difference at offset "
                            + at + " (" + run.model().describe(at / GuestModel.UNIT, snap, at / GuestModel.UNIT
                            * GuestModel.UNIT) + ")");
                }
            } catch (IOException | RuntimeException e) {
                problems.add("jblock could not read the internal snapshot: " + e);
            }
        }
        return problems;
    }

    /** The whole guest disk, in 1 MiB reads. */
    static byte[] readAll(BlockNode n, long size) throws IOException {
        byte[] out = new byte[Math.toIntExact(size)];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1 << 20, 4096);
            for (long off = 0; off < size; off += buf.byteSize()) {
                int len = (int) Math.min(buf.byteSize(), size - off);
                n.read(off, buf.asSlice(0, len));
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, out, (int) off, len);
            }
        }
        return out;
    }

    /** Writes {@code content} as a raw file, leaving holes where it is zero. */
    static void writeSparse(byte[] content, Path file) throws IOException {
        Files.deleteIfExists(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(content.length);
            int unit = 65536;
            for (int off = 0; off < content.length; off += unit) {
                int len = Math.min(unit, content.length - off);
                if (!allZero(content, off, len)) {
                    f.seek(off);
                    f.write(content, off, len);
                }
            }
        }
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String indent(String s) {
        return "      " + s.trim().replace("\n", "\n      ");
    }
}
