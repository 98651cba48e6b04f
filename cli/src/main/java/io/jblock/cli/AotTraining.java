package io.jblock.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run from which the build makes the JVM's ahead-of-time cache for {@code ./jblock}
 * ({@code java -XX:AOTCacheOutput=cli/target/jblock.aot -cp cli/target/jblock.jar
 * io.jblock.cli.AotTraining}): the short commands scripts call dozens of times (create, info,
 * check, map, compare, convert, resize, io), on qcow2 and raw images in a temporary directory
 * it removes afterwards, so that the classes, linked call sites and method profiles they need
 * are in the cache. Not a test: a command that fails is reported on stderr and the run goes on.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("jblock-aot-training");
        int failures = 0;
        try {
            String q = dir.resolve("t.qcow2").toString();
            String b = dir.resolve("b.qcow2").toString();
            String r = dir.resolve("t.raw").toString();
            String c = dir.resolve("c.raw").toString();
            List<String[]> runs = new ArrayList<>();
            runs.add(new String[] {"--help"});
            runs.add(new String[] {"--version"});
            runs.add(new String[] {"create", "-f", "qcow2", b, "4M"});
            runs.add(new String[] {"create", "-f", "qcow2", "-b", b, "-F", "qcow2", q});
            runs.add(new String[] {"create", "-f", "raw", r, "4M"});
            runs.add(new String[] {"io", "--cache", "writeback", "--aio", "threads", "-f", "qcow2",
                "-c", "write -P 0x11 0 64k", "-c", "write -z 64k 64k", "-c", "writev -P 0x22 128k 4k 4k",
                "-c", "aio_write -P 0x33 256k 64k", "-c", "aio_flush", "-c", "read -P 0x11 0 64k",
                "-c", "readv -P 0x22 128k 4k 4k", "-c", "read -v 0 32", "-c", "discard 64k 64k",
                "-c", "map", "-c", "length", "-c", "info", "-c", "flush", q});
            runs.add(new String[] {"io", "-f", "raw", "-c", "write -P 0x44 0 1M", "-c", "read -P 0x44 0 1M",
                "-c", "read -p 512 512", "-c", "truncate 4M", r});
            runs.add(new String[] {"io", "-f", "qcow2", "-c", "write -c 1M 64k", "-c", "alloc 0 4M", q});
            runs.add(new String[] {"info", q});
            runs.add(new String[] {"info", "--output=json", q});
            runs.add(new String[] {"info", "--backing-chain", q});
            runs.add(new String[] {"info", r});
            runs.add(new String[] {"check", q});
            runs.add(new String[] {"check", "--output=json", q});
            runs.add(new String[] {"map", q});
            runs.add(new String[] {"map", "--output=json", q});
            runs.add(new String[] {"convert", "-f", "qcow2", "-O", "raw", q, c});
            runs.add(new String[] {"compare", q, c});
            runs.add(new String[] {"convert", "-O", "qcow2", r, dir.resolve("c.qcow2").toString()});
            runs.add(new String[] {"resize", q, "8M"});
            runs.add(new String[] {"snapshot", "-l", q});
            runs.add(new String[] {"info", dir.resolve("missing").toString()});
            for (String[] run : runs) {
                failures += run(run);
            }
            // qemu-io reading its commands from stdin, as scripts drive it
            failures += runWithStdin("read -P 0x11 0 4k\nwrite -P 0x55 4k 4k\nquit\n", "io", q);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.err.println("jblock AOT training: done" + (failures > 0 ? " (" + failures + " commands failed)" : ""));
    }

    private static int run(String... args) {
        return runWithStdin("", args);
    }

    private static int runWithStdin(String stdin, String... args) {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Terminal t = new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), sink, sink, false);
        int status = Main.run(t, args);
        // "info missing" is meant to fail: the error path is trained too
        boolean expectedFailure = args.length == 2 && args[1].endsWith("missing");
        if ((status != 0) != expectedFailure) {
            System.err.println("jblock AOT training: exit status " + status + ": " + String.join(" ", args));
            return 1;
        }
        return 0;
    }
}
