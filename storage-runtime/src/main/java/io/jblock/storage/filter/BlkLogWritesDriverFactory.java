package io.jblock.storage.filter;

import io.jblock.storage.BlockNode;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.Set;

/**
 * The {@code blklogwrites} filter driver (QEMU's block/blklogwrites.c, Linux's dm-log-writes):
 * passes every request to its {@code file} child and records each write, write-zeroes, discard,
 * flush and resize that reached the child, with the data, in its {@code log} child
 * ({@link WriteLogFormat}).
 *
 * <p>Options, with QEMU's names and defaults: {@code file} and {@code log} (children, both
 * required; give the log {@code log.driver=file}, else its format is probed),
 * {@code log-sector-size} (512; a power of two from 32 bytes to below 16 MiB; requests are aligned
 * to it), {@code log-append} (off: start a new log; on: continue the log found, whose sector size
 * is then used, so the two options exclude each other) and {@code log-super-update-interval}
 * (4096: the super block's entry count is rewritten, and the log flushed, after that many entries
 * and on every flush entry).
 *
 * <p>Differences from QEMU, all inside the format: entries are ordered as dm-log-writes orders
 * them (a flush entry follows every write that completed before the flush was issued, and
 * precedes those that completed while it ran, so "before the flush entry" means "made stable by
 * it"; QEMU logs in completion order), writes that are stable on completion (FUA, or a child with
 * writeback off) carry the FUA flag, resizes are marks ({@link WriteLogFormat#TRUNCATE_MARK}),
 * and the super block is also written when the log starts and when the node closes, so its entry
 * count is exact after a clean close.
 */
public final class BlkLogWritesDriverFactory implements BlockDriverFactory {

    static final long DEFAULT_UPDATE_INTERVAL = 4096;

    /** The factory {@link java.util.ServiceLoader} instantiates. */
    public BlkLogWritesDriverFactory() {
    }

    @Override
    public String name() {
        return "blklogwrites";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FILTER;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("log-append", "log-sector-size", "log-super-update-interval");
    }

    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of("file", "log"));
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        NodeOptions o = ctx.options();
        boolean append = o.bool("log-append", false);
        if (append && o.has("log-sector-size")) {
            throw new IllegalArgumentException("log-append and log-sector-size are mutually exclusive");
        }
        long sectorSize = o.size("log-sector-size", WriteLogFormat.DEFAULT_SECTOR_SIZE);
        if (!append && !WriteLogFormat.validSectorSize(sectorSize)) {
            throw new IllegalArgumentException("Invalid log sector size " + sectorSize);
        }
        long interval = o.number("log-super-update-interval", DEFAULT_UPDATE_INTERVAL);
        if (interval <= 0) {
            throw new IllegalArgumentException("Invalid log superblock update interval " + interval);
        }
        BlockNode file = ctx.openChild("file", true);
        BlockNode log = ctx.openMetadataChild("log", true);
        return BlkLogWritesDriver.open(ctx.nodeName(), file, log, append, (int) sectorSize, interval,
                ctx.readOnly());
    }

    @Override
    public void create(CreateContext context) throws IOException {
        throw new IOException("blklogwrites is a filter: create the image with its own driver, then open it "
                + "under driver=blklogwrites");
    }
}
