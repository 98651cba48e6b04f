package io.jblock.qcow2.crash;

import io.jblock.storage.CacheMode;

/**
 * One seeded random workload of the crash harness: the image it starts from and what the guest
 * does while the write log records. Immutable; the {@code with...} methods return copies.
 *
 * @param name          for messages
 * @param seed          drives everything random (pre-written data, requests, crash states)
 * @param clusterSize   512 B to 2 MiB
 * @param cache         the cache mode of the logged run
 * @param extendedL2    {@code extended_l2=on}
 * @param lazyRefcounts {@code lazy_refcounts=on}
 * @param refcountBits  {@code refcount_bits}
 * @param backing       the image's backing file, if any
 * @param snapshot      take an internal snapshot ({@code qemu-img snapshot -c}) before the logged run,
 *                      after writing the region the guest then overwrites
 * @param compressed    the guest also writes compressed clusters (to clusters never written)
 * @param grow          the guest also grows the disk (L1 table growth); not with a snapshot
 * @param ops           guest requests in the logged run
 * @param size          virtual size before the logged run
 * @param prefill       bytes from offset 0 that qemu-io writes before the logged run (to bring
 *                      the image near a refcount table boundary), 0 for none
 */
public record CrashWorkload(String name, long seed, int clusterSize, CacheMode cache, boolean extendedL2,
                            boolean lazyRefcounts, int refcountBits, Backing backing, boolean snapshot,
                            boolean compressed, boolean grow, int ops, long size, long prefill) {

    /** The backing file of the image. */
    public enum Backing { NONE, RAW, QCOW2 }

    public CrashWorkload {
        if (snapshot && grow) {
            throw new IllegalArgumentException("images with internal snapshots cannot be resized");
        }
    }

    /** A plain workload: 64 KiB clusters, writeback, no features, 60 requests on 4 MiB. */
    public static CrashWorkload plain(String name, long seed) {
        return new CrashWorkload(name, seed, 65536, CacheMode.WRITEBACK, false, false, 16, Backing.NONE, false,
                false, false, 60, 4L << 20, 0);
    }

    public CrashWorkload withSeed(long s) {
        return new CrashWorkload(name, s, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withCluster(int cs, long virtualSize) {
        return new CrashWorkload(name, seed, cs, cache, extendedL2, lazyRefcounts, refcountBits, backing, snapshot,
                compressed, grow, ops, virtualSize, prefill);
    }

    public CrashWorkload withCache(CacheMode c) {
        return new CrashWorkload(name, seed, clusterSize, c, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withExtendedL2() {
        return new CrashWorkload(name, seed, clusterSize, cache, true, lazyRefcounts, refcountBits, backing, snapshot,
                compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withLazyRefcounts() {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, true, refcountBits, backing, snapshot,
                compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withRefcountBits(int bits) {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, bits, backing, snapshot,
                compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withBacking(Backing b) {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, b, snapshot,
                compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withSnapshot() {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing, true,
                compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withCompressed() {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, true, grow, ops, size, prefill);
    }

    public CrashWorkload withGrow() {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, true, ops, size, prefill);
    }

    public CrashWorkload withPrefill(long bytes) {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, grow, ops, size, bytes);
    }

    public CrashWorkload withName(String n) {
        return new CrashWorkload(n, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, grow, ops, size, prefill);
    }

    public CrashWorkload withOps(int n) {
        return new CrashWorkload(name, seed, clusterSize, cache, extendedL2, lazyRefcounts, refcountBits, backing,
                snapshot, compressed, grow, n, size, prefill);
    }

    /** The {@code qemu-img create -o} options. */
    public String createOptions() {
        return "cluster_size=" + clusterSize + ",compat=1.1,refcount_bits=" + refcountBits
                + (extendedL2 ? ",extended_l2=on" : "") + (lazyRefcounts ? ",lazy_refcounts=on" : "");
    }

    @Override
    public String toString() {
        return name + " (seed " + seed + ", cluster " + clusterSize + ", cache=" + cache.qemuName()
                + (extendedL2 ? ", extended_l2" : "") + (lazyRefcounts ? ", lazy_refcounts" : "")
                + (refcountBits != 16 ? ", refcount_bits=" + refcountBits : "")
                + (backing != Backing.NONE ? ", backing " + backing.name().toLowerCase() : "")
                + (snapshot ? ", snapshot" : "") + (compressed ? ", compressed" : "") + (grow ? ", grow" : "")
                + (prefill > 0 ? ", " + (prefill >> 10) + " KiB prefilled" : "")
                + ", " + ops + " requests on " + (size >> 10) + " KiB)";
    }
}
