package io.jblock.qcow2.crash;

import io.jblock.storage.CacheMode;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The workload families of the crash harness, each a function of the seed. Between them they
 * cover allocation, copy-on-write from raw and qcow2 backing files, overwrite, write-zeroes with
 * and without MAY_UNMAP, discard, FUA writes, compressed clusters, refcount table growth, L1
 * growth, every cache mode, cluster sizes from 512 B to 2 MiB and extended L2 ({@link #PLAIN});
 * clusters shared with an internal snapshot and lazy refcounts ({@link #KNOWN_DEFECTS}: issue 9
 * defects 1 and 5 make them fail on code without those fixes).
 */
public final class CrashWorkloads {

    /** A named family of workloads. */
    public record Family(String name, LongFunction<CrashWorkload> make) {
        public CrashWorkload at(long seed) {
            return make.apply(seed);
        }
    }

    private static Family family(String name, LongFunction<CrashWorkload> make) {
        return new Family(name, seed -> make.apply(seed).withName(name));
    }

    /** Families that must give no bad state on today's code. */
    public static final List<Family> PLAIN = List.of(
            family("alloc-writeback", s -> CrashWorkload.plain("", s)),
            family("refcount-and-l1-growth-512b-none", s -> CrashWorkload.plain("", s).withCluster(512, 2 << 20)
                    .withRefcountBits(64).withPrefill(1970 << 10).withGrow().withCache(CacheMode.NONE).withOps(90)),
            family("raw-backing-2m-writethrough", s -> CrashWorkload.plain("", s).withCluster(2 << 20, 16 << 20)
                    .withBacking(CrashWorkload.Backing.RAW).withCache(CacheMode.WRITETHROUGH)),
            family("extended-l2-qcow2-backing-directsync", s -> CrashWorkload.plain("", s).withExtendedL2()
                    .withBacking(CrashWorkload.Backing.QCOW2).withCache(CacheMode.DIRECTSYNC)),
            family("compressed-4k-writeback", s -> CrashWorkload.plain("", s).withCluster(4096, 4 << 20)
                    .withCompressed()),
            family("cow-raw-backing-none", s -> CrashWorkload.plain("", s).withBacking(CrashWorkload.Backing.RAW)
                    .withCache(CacheMode.NONE)),
            family("refcount8-16k-extended-l2-writeback", s -> CrashWorkload.plain("", s).withCluster(16384, 4 << 20)
                    .withRefcountBits(8).withExtendedL2().withCompressed()),
            family("unsafe", s -> CrashWorkload.plain("", s).withCache(CacheMode.UNSAFE).withGrow()));

    /** Families that issue 9 defects 1 (snapshot-shared clusters) and 5 (lazy refcounts) break. */
    public static final List<Family> KNOWN_DEFECTS = List.of(
            family("snapshot-writeback", s -> CrashWorkload.plain("", s).withSnapshot()),
            family("snapshot-4k-none", s -> CrashWorkload.plain("", s).withSnapshot().withCluster(4096, 4 << 20)
                    .withCache(CacheMode.NONE)),
            family("snapshot-directsync", s -> CrashWorkload.plain("", s).withSnapshot()
                    .withCache(CacheMode.DIRECTSYNC)),
            family("lazy-refcounts-raw-backing-writeback", s -> CrashWorkload.plain("", s).withLazyRefcounts()
                    .withBacking(CrashWorkload.Backing.RAW)),
            family("lazy-refcounts-compressed-4k-none", s -> CrashWorkload.plain("", s).withLazyRefcounts()
                    .withCompressed().withCluster(4096, 4 << 20).withCache(CacheMode.NONE)),
            family("lazy-refcounts-grow-writeback", s -> CrashWorkload.plain("", s).withLazyRefcounts().withGrow()));

    private CrashWorkloads() {
    }
}
