package io.jblock.qcow2.crash;

import io.jblock.storage.CacheMode;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The workload families of the crash harness, each a function of the seed. Between them they
 * cover allocation, copy-on-write from raw and qcow2 backing files, overwrite, write-zeroes with
 * and without MAY_UNMAP, discard, FUA writes, compressed clusters, refcount table growth, L1
 * growth, every cache mode, cluster sizes from 512 B to 2 MiB and extended L2 ({@link #PLAIN});
 * clusters shared with an internal snapshot and lazy refcounts ({@link #SNAPSHOT_AND_LAZY}: on
 * code without the fixes of issue 9 defects 1 and 5 these gave bad states, see that list).
 * {@link #ALL} is both.
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

    /** Families that gave no bad state before the fixes of issue 9 either. */
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

    /**
     * Families that issue 9 defects 1 (a refcount decrease of a snapshot-shared cluster reached the
     * disk before the L2 entry that dropped it: {@code ERROR cluster N refcount=1 reference=2}) and 5
     * (lazy refcounts dropped the flushes between COW data, L2 table and L1 entry) broke: on the code
     * before the crash stream's fixes (main before 25286cb) 59 of 1,200 states were bad (seed 500,
     * 50 states per workload, 4 workloads per family), 0 after.
     */
    public static final List<Family> SNAPSHOT_AND_LAZY = List.of(
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

    /** Every family. */
    public static final List<Family> ALL = java.util.stream.Stream.concat(PLAIN.stream(), SNAPSHOT_AND_LAZY.stream())
            .toList();

    /**
     * The families named {@code plain}, {@code snapshot-lazy} or {@code all}, or the families of
     * the names given, joined by commas (to rerun a bad state's workload).
     */
    public static List<Family> named(String name) {
        return switch (name) {
            case "plain" -> PLAIN;
            case "snapshot-lazy" -> SNAPSHOT_AND_LAZY;
            case "all" -> ALL;
            default -> java.util.Arrays.stream(name.split(",")).map(n -> ALL.stream()
                    .filter(f -> f.name().equals(n)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "families are plain, snapshot-lazy, all or family names joined by commas, not " + n)))
                    .toList();
        };
    }

    private CrashWorkloads() {
    }
}
