package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one qemu-img command line twice: with the real qemu-img in one directory and with jblock
 * in another that holds the same files, and compares what they print and how they exit. Arguments
 * name files relative to the directory with a leading {@code @/} ({@code @/a.qcow2}); in the
 * output each directory reads as {@code DIR} and jblock's program name as qemu-img's, which is
 * all that may differ.
 */
final class Parity {
    final Path qemuDir;
    final Path jblockDir;

    Parity(Path root) {
        try {
            qemuDir = Files.createDirectories(root.resolve("q"));
            jblockDir = Files.createDirectories(root.resolve("j"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of one side, normalised. */
    record Side(int status, String out, String err) {
    }

    /** Both sides' outcomes. */
    record Both(Side qemu, Side jblock) {
        /** Fails unless both printed the same on both streams and exited alike. */
        Both same() {
            assertEquals(qemu.out, jblock.out, "stdout (" + this + ")");
            assertEquals(qemu.err, jblock.err, "stderr (" + this + ")");
            assertEquals(qemu.status, jblock.status, "exit status (" + this + ")");
            return this;
        }

        @Override
        public String toString() {
            return "qemu-img: " + qemu + "\njblock: " + jblock;
        }
    }

    private static String[] resolve(Path dir, String... args) {
        return Stream.of(args).map(a -> a.replace("@/", dir + "/")).toArray(String[]::new);
    }

    /**
     * Directory names as DIR, carriage returns visible, and the file system's allocation left
     * out (disk size / actual-size count host blocks, which the two sides' write patterns fill
     * differently; QEMU's own tests filter them too).
     */
    private static String normalize(String s, Path dir) {
        return s.replace(dir.toString(), "DIR").replace("\r", "\\r")
                .replaceAll("(?m)^disk size: .*\n", "")
                .replaceAll("(?m)^ *\"actual-size\": \\d+,\n", "");
    }

    private static String normalizeJblock(String s, Path dir) {
        StringBuilder out = new StringBuilder();
        for (String line : normalize(s, dir).split("\n", -1)) {
            if (line.startsWith("jblock: ")) {
                line = "qemu-img: " + line.substring("jblock: ".length());
            }
            out.append(line.replace("Try 'jblock --help'", "Try 'qemu-img --help'")).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** Runs {@code qemu-img ARGS} in the qemu directory and {@code jblock ARGS} in the jblock one. */
    Both run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(resolve(qemuDir, args)));
        QemuTools.Result q = QemuTools.run(cmd.toArray(String[]::new));
        CliRun j = CliRun.run(resolve(jblockDir, args));
        return new Both(new Side(q.exitCode(), normalize(q.stdout(), qemuDir), normalize(q.stderr(), qemuDir)),
                new Side(j.status(), normalizeJblock(j.out(), jblockDir), normalizeJblock(j.err(), jblockDir)));
    }

    /** Runs a qemu-img command (real qemu-img) on both directories, to set images up alike. */
    void setUp(String... args) {
        for (Path dir : List.of(qemuDir, jblockDir)) {
            List<String> cmd = new ArrayList<>(List.of("qemu-img"));
            cmd.addAll(List.of(resolve(dir, args)));
            QemuTools.ok(cmd.toArray(String[]::new));
        }
    }

    /** Makes the jblock side's file a copy of the qemu side's (for set-ups that are not repeatable, as snapshot dates). */
    void copyToJblock(String file) {
        // keeping holes: how much of the file is allocated decides how QEMU maps metadata-preallocated clusters
        QemuTools.ok("cp", "--sparse=always", qemuDir.resolve(file).toString(), jblockDir.resolve(file).toString());
    }

    /** Runs qemu-io (real) with the commands on a file in both directories. */
    void io(String file, String format, String... commands) {
        for (Path dir : List.of(qemuDir, jblockDir)) {
            QemuTools.io(dir.resolve(file), format, commands);
        }
    }

    /** The real qemu-img's stdout for a command on the qemu side's files (a view both sides are compared by). */
    String qemuView(String... args) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(resolve(qemuDir, args)));
        return normalize(QemuTools.run(cmd.toArray(String[]::new)).output(), qemuDir);
    }

    /** The real qemu-img's stdout for a command on the jblock side's files. */
    String jblockView(String... args) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(resolve(jblockDir, args)));
        return normalize(QemuTools.run(cmd.toArray(String[]::new)).output(), jblockDir);
    }

    /** Fails unless real qemu-img sees the two sides' images alike through this command. */
    void sameView(String... args) {
        assertEquals(qemuView(args), jblockView(args), "qemu-img " + String.join(" ", args));
    }
}
