package io.jblock.qcow2.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.crash.CrashPlanner;
import io.jblock.storage.crash.CrashReplay;
import io.jblock.storage.crash.CrashState;
import io.jblock.storage.crash.CrashStateBuilder;
import io.jblock.storage.crash.WriteLogFile;
import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replayer reads logs that QEMU's own blklogwrites wrote under a qcow2 node: the whole log
 * rebuilds QEMU's image byte for byte, and QEMU's crash states (QEMU's qcow2 ordering, QEMU's
 * log) open with jblock and pass {@code qemu-img check}.
 */
class QemuLogReplayTest {
    @TempDir
    Path dir;

    @Test
    void aLogWrittenByQemusBlklogwritesReplays() throws Exception {
        QemuTools.require();
        Path img = dir.resolve("q.qcow2");
        Path log = dir.resolve("q.log");
        Path base = dir.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=65536", img.toString(), "8M");
        QemuTools.io(img, "qcow2", "write -P 0x01 0 256k");
        Files.copy(img, base);
        Files.createFile(log);
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "--image-opts", "driver=qcow2,file.driver=blklogwrites,"
                + "file.file.driver=file,file.file.filename=" + img + ",file.log.driver=file,file.log.filename=" + log));
        for (String c : List.of("write -P 0x11 64k 128k", "write -P 0x22 1M 64k", "flush", "write -z 192k 64k",
                "discard 1M 64k", "write -P 0x33 4M 300k", "flush", "write -P 0x44 100k 8k", "write -P 0x55 6M 1M")) {
            cmd.add("-c");
            cmd.add(c);
        }
        QemuTools.ok(cmd.toArray(String[]::new));

        Path replayed = dir.resolve("replayed.qcow2");
        CrashStateBuilder.replayAll(log, base, replayed);
        assertArrayEquals(Files.readAllBytes(img), Files.readAllBytes(replayed), "the whole log rebuilds QEMU's image");

        try (WriteLogFile f = WriteLogFile.open(log)) {
            long flushes = f.entries().stream().filter(e -> e.kind() == WriteLogFile.Kind.FLUSH).count();
            assertTrue(flushes >= 3, "QEMU's qcow2 flushes: " + f.entries());
            List<CrashState> plan = CrashPlanner.plan(f.entries(), 16, 3);
            CrashReplay.Result result = CrashReplay.run(f, f.entries(), base, null, plan, dir, (state, crash, e) -> {
                List<String> problems = new ArrayList<>();
                try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + state)) {
                    Qcow2StateCheck.readAll(n, n.size());
                }
                QemuTools.Result check = QemuTools.run("qemu-img", "check", state.toString());
                if (check.exitCode() != 0 && check.exitCode() != 3) {
                    problems.add("qemu-img check exit " + check.exitCode() + ": " + check.output());
                }
                return problems;
            });
            assertEquals(16, result.checked());
            assertEquals(List.of(), result.bad(), result.summary(3));
        }
    }
}
