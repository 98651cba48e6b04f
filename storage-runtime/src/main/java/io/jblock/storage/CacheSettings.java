package io.jblock.storage;

/**
 * The three independent cache switches of a node, as QEMU's {@code -blockdev} options
 * {@code cache.writeback} (implied by the device), {@code cache.direct} and {@code cache.no-flush}.
 *
 * @param writeback when false, every write is stable (on disk) before it completes
 * @param direct    open the file with O_DIRECT, bypassing the host page cache
 * @param noFlush   flush requests do nothing (QEMU's cache=unsafe)
 */
public record CacheSettings(boolean writeback, boolean direct, boolean noFlush) {

    /**
     * {@return these settings with {@code direct} replaced}
     *
     * @param d the new {@code direct} switch
     */
    public CacheSettings withDirect(boolean d) {
        return new CacheSettings(writeback, d, noFlush);
    }
}
