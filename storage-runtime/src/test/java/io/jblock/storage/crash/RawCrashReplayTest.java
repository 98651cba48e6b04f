package io.jblock.storage.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.WriteLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay machinery on its own, with no format in the way: a random guest writes a file
 * through the filter; every crash state rebuilt from the log must satisfy the shadow model (a
 * file keeps what a flush covered). Negative controls: with one flush entry of the log turned
 * into a mark, or one logged write dropped, the same checker must find bad states, so a model
 * that accepted everything would fail here.
 */
class RawCrashReplayTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path dir;

    private record Run(Path base, Path log, GuestModel model) {
    }

    private Run workload(long seed, String cache) throws IOException {
        Path img = dir.resolve("img");
        Path log = dir.resolve("log");
        BlockGraph.create("file", img.toString(), SIZE, null);
        Files.createFile(log);
        Path base = dir.resolve("base");
        Files.copy(img, base);
        GuestModel model = new GuestModel(seed, new byte[(int) SIZE], SIZE, null, false);
        Random r = new Random(seed);
        try (BlockNode n = BlockGraph.open("driver=blklogwrites,discard=unmap,cache=" + cache
                + ",file.driver=file,file.filename=" + img + ",log.driver=file,log.filename=" + log
                + ",log.cache.no-flush=on")) {
            RecordingGuest g = new RecordingGuest(n, n.driverFeature(WriteLog.class).orElseThrow(), model, false);
            for (int i = 0; i < 120; i++) {
                long off = r.nextInt((int) (SIZE / 512 - 64)) * 512L;
                int p = r.nextInt(100);
                if (p < 60) {
                    g.write(off, (1 + r.nextInt(16)) * 512, r.nextInt(10) == 0 ? RequestFlags.FUA : 0);
                } else if (p < 70) {
                    g.writeZeroes(off, (1 + r.nextInt(16)) * 512L, r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0);
                } else if (p < 80) {
                    g.discard(off / 4096 * 4096, 4096L * (1 + r.nextInt(4)));
                } else {
                    g.flush();
                }
            }
            g.flush();
            g.release();
        }
        return new Run(base, log, model);
    }

    private static CrashReplay.StateCheck rawCheck() {
        return (state, crash, expected) -> expected.check(Files.readAllBytes(state), Files.size(state), 3);
    }

    @Test
    void everyCrashStateOfAFileKeepsWhatItsFlushesCovered() throws IOException {
        for (String cache : List.of("writeback", "none")) {
            Run run = workload(17, cache);
            try (WriteLogFile f = WriteLogFile.open(run.log())) {
                List<CrashState> plan = CrashPlanner.plan(f.entries(), 100, 17);
                CrashReplay.Result result = CrashReplay.run(f, f.entries(), run.base(), run.model(), plan, dir,
                        rawCheck());
                assertEquals(100, result.checked(), cache);
                assertEquals(List.of(), result.bad(), cache + ": " + result.summary(3));
            }
            for (Path p : List.of(run.base(), run.log(), dir.resolve("img"))) {
                Files.delete(p);
            }
        }
    }

    @Test
    void negativeControlALostFlushOrALostWriteIsCaught() throws IOException {
        Run run = workload(23, "writeback");
        try (WriteLogFile f = WriteLogFile.open(run.log())) {
            List<WriteLogFile.Entry> entries = f.entries();
            // the first flush entry with a plain write of a guest request before it (since the flush before)
            int flush = -1;
            int previousFlush = -1;
            for (WriteLogFile.Entry e : entries) {
                if (e.kind() == WriteLogFile.Kind.FLUSH) {
                    boolean writes = entries.subList(previousFlush + 1, e.index()).stream()
                            .anyMatch(x -> x.kind() == WriteLogFile.Kind.WRITE && !x.fua());
                    if (writes) {
                        flush = e.index();
                        break;
                    }
                    previousFlush = e.index();
                }
            }
            assertTrue(flush > 0, "the workload has a flush after writes");
            List<WriteLogFile.Entry> noFlush = new ArrayList<>(entries);
            WriteLogFile.Entry fe = entries.get(flush);
            noFlush.set(flush, new WriteLogFile.Entry(fe.index(), WriteLogFile.Kind.MARK, 0, 0, false, -1, "dropped"));
            // the state right after the (now missing) flush, with none of the writes it covered
            CrashState right = new CrashState(0, "between", flush + 1, previousFlush + 1, new BitSet(), "none");
            CrashReplay.Result one = CrashReplay.run(f, noFlush, run.base(), run.model(), List.of(right), dir,
                    rawCheck());
            assertEquals(1, one.bad().size(), "a state that lost flushed writes passed: " + one.summary(1));
            assertTrue(one.bad().get(0).problems().get(0).contains("allowed: durable op"), one.summary(1));
            // and a random plan over the tampered log finds such states by itself
            CrashReplay.Result random = CrashReplay.run(f, noFlush, run.base(), run.model(),
                    CrashPlanner.plan(noFlush, 100, 5), dir, rawCheck());
            assertFalse(random.bad().isEmpty(), "100 random states of a log without that flush all passed");

            // a dropped write of data a flush covered: the final state misses it
            int write = -1;
            for (int i = 0; i < flush; i++) {
                if (entries.get(i).kind() == WriteLogFile.Kind.WRITE) {
                    write = i;
                }
            }
            List<WriteLogFile.Entry> noWrite = new ArrayList<>(entries);
            WriteLogFile.Entry we = entries.get(write);
            noWrite.set(write, new WriteLogFile.Entry(we.index(), WriteLogFile.Kind.MARK, 0, 0, false, -1, "dropped"));
            CrashState atFlush = new CrashState(0, "flush", flush + 1, flush + 1, new BitSet(), "");
            CrashReplay.Result lost = CrashReplay.run(f, noWrite, run.base(), run.model(), List.of(atFlush), dir,
                    rawCheck());
            // unless a later write before the flush overwrote all of it, which this workload's seed avoids
            assertEquals(1, lost.bad().size(), "a state without a flushed write passed: " + lost.summary(1));
        }
    }
}
