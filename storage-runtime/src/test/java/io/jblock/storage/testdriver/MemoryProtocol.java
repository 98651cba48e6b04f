package io.jblock.storage.testdriver;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Protocol driver {@code testmem} over a {@link MemoryImage}, for tests of the generic layer.
 * Options: {@code filename} (an image made with {@link MemoryImages#create} or by create),
 * {@code request-alignment}, {@code memory-alignment}, {@code max-transfer},
 * {@code discard-alignment}, {@code max-discard}, {@code fua} (whether it declares FUA support) and
 * {@code read-pause-us} (sleeps after every read to widen race windows).
 *
 * <p>Every call ASSERTS the driver contract: native buffers, offsets, lengths and addresses
 * aligned, transfers within {@code max-transfer}, requests inside the size rounded up to the
 * alignment, no write while inactive or read-only. A violation is recorded in
 * {@link DriverEvents#violations()} and thrown as an {@link AssertionError}.
 */
public final class MemoryProtocol implements BlockDriverFactory {

    @Override
    public String name() {
        return "testmem";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.PROTOCOL;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("filename", "request-alignment", "memory-alignment", "max-transfer", "discard-alignment", "max-discard",
                "fua", "read-pause-us", "preallocation");
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String filename = ctx.options().string("filename")
                .orElseThrow(() -> new IOException("testmem needs a filename"));
        MemoryImage image = MemoryImages.get(filename);
        if (image == null) {
            throw new IOException("testmem: no image named '" + filename + "'");
        }
        int ra = (int) ctx.options().size("request-alignment", 1);
        if (Integer.bitCount(ra) != 1) {
            // as drivers do: a plain IllegalArgumentException, which the opener names the node for
            throw new IllegalArgumentException("Parameter 'request-alignment' must be a power of two");
        }
        int ma = (int) ctx.options().size("memory-alignment", 1);
        long mt = ctx.options().size("max-transfer", 0);
        int da = (int) ctx.options().size("discard-alignment", 0);
        long md = ctx.options().size("max-discard", 0);
        BlockLimits limits = new BlockLimits(ra, ma, mt == 0 ? Long.MAX_VALUE : mt, 0, da, md == 0 ? Long.MAX_VALUE : md);
        boolean fua = ctx.options().bool("fua", true);
        long pauseNanos = ctx.options().number("read-pause-us", 0) * 1000;
        DriverEvents.record(ctx.nodeName(), "open");
        return new Driver(ctx.nodeName(), image, limits, fua, pauseNanos, ctx.readOnly(), ctx.inactive());
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        Preallocation.parse(ctx.options().string("preallocation", "off"));
        MemoryImages.create(ctx.filename(), ctx.size());
    }

    /** The driver of one testmem node. */
    public static final class Driver implements BlockDriver {
        private final String node;
        private final MemoryImage image;
        private final BlockLimits limits;
        private final boolean fua;
        private final long pauseNanos;
        private final boolean readOnly;
        private volatile boolean writable;
        /** Counters for tests. */
        public final AtomicLong reads = new AtomicLong();
        public final AtomicLong writes = new AtomicLong();
        public final AtomicLong fuaWrites = new AtomicLong();
        public final AtomicLong flushes = new AtomicLong();
        public final AtomicLong discards = new AtomicLong();
        public final AtomicLong unmappingZeroes = new AtomicLong();

        Driver(String node, MemoryImage image, BlockLimits limits, boolean fua, long pauseNanos, boolean readOnly,
               boolean inactive) {
            this.node = node;
            this.image = image;
            this.limits = limits;
            this.fua = fua;
            this.pauseNanos = pauseNanos;
            this.readOnly = readOnly;
        }

        private void check(String op, long offset, long length, MemorySegment buf, boolean transfer) {
            int ra = limits.requestAlignment();
            if (offset % ra != 0 || length % ra != 0) {
                throw DriverEvents.violation(node + " " + op + " offset " + offset + " length " + length
                        + " not aligned to " + ra);
            }
            long end = (image.size() + ra - 1) / ra * ra;
            if (offset < 0 || offset + length > end) {
                throw DriverEvents.violation(node + " " + op + " [" + offset + ", +" + length + ") outside " + end);
            }
            if (transfer && length > limits.maxTransfer()) {
                throw DriverEvents.violation(node + " " + op + " of " + length + " bytes above max-transfer "
                        + limits.maxTransfer());
            }
            if (buf != null && (!buf.isNative() || buf.address() % limits.memoryAlignment() != 0)) {
                throw DriverEvents.violation(node + " " + op + " buffer " + buf + " not native or not aligned to "
                        + limits.memoryAlignment());
            }
        }

        private void checkWritable(String op) {
            if (readOnly || !writable) {
                throw DriverEvents.violation(node + " " + op + " while " + (readOnly ? "read-only" : "not writable"));
            }
        }

        @Override
        public BlockLimits limits() {
            return limits;
        }

        @Override
        public long size() {
            return image.size();
        }

        @Override
        public void read(long offset, MemorySegment dst) {
            check("read", offset, dst.byteSize(), dst, true);
            reads.incrementAndGet();
            image.read(offset, dst);
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }

        @Override
        public void write(long offset, MemorySegment src, int flags) {
            check("write", offset, src.byteSize(), src, true);
            checkWritable("write");
            if ((flags & RequestFlags.FUA) != 0) {
                if (!fua) {
                    throw DriverEvents.violation(node + " got FUA without declaring it");
                }
                fuaWrites.incrementAndGet();
            }
            writes.incrementAndGet();
            image.write(offset, src);
        }

        @Override
        public int supportedWriteFlags() {
            return fua ? RequestFlags.FUA : RequestFlags.NONE;
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            DriverEvents.record(node, "flush");
        }

        @Override
        public void discard(long offset, long length) {
            check("discard", offset, length, null, false);
            checkWritable("discard");
            if (length > limits.maxDiscard()) {
                throw DriverEvents.violation(node + " discard of " + length + " bytes over max-discard "
                        + limits.maxDiscard());
            }
            long g = limits.discardAlignment();
            if (g > 0 && (offset % g != 0 || length % g != 0)) {
                // QEMU's fragmenting (bdrv_co_pdiscard): a piece that is not whole granules lies
                // inside one granule; this device, like most, drops it
                if (offset / g != (offset + length - 1) / g) {
                    throw DriverEvents.violation(node + " discard [" + offset + ", +" + length
                            + ") crosses a boundary of its " + g + "-byte granules");
                }
                return;
            }
            discards.incrementAndGet();
            image.zero(offset, Math.min(length, image.size() - offset));
        }

        @Override
        public void writeZeroes(long offset, long length, int flags) {
            check("write-zeroes", offset, length, null, false);
            checkWritable("write-zeroes");
            if ((flags & RequestFlags.MAY_UNMAP) != 0) {
                unmappingZeroes.incrementAndGet();
            }
            image.zero(offset, Math.min(length, image.size() - offset));
        }

        @Override
        public void truncate(long newSize, Preallocation prealloc) {
            checkWritable("truncate");
            image.truncate(newSize);
        }

        @Override
        public BlockStatus blockStatus(long offset, long length) {
            check("block-status", offset, length, null, false);
            return BlockStatus.data(offset, length, offset, null);
        }

        @Override
        public void invalidateCache() {
            DriverEvents.record(node, "invalidate");
        }

        @Override
        public void inactivate() {
            DriverEvents.record(node, "inactivate");
        }

        @Override
        public void setWritePermission(boolean write) {
            writable = write;
            DriverEvents.record(node, "write-permission=" + write);
        }

        @Override
        public List<BlockChild> children() {
            return List.of();
        }

        @Override
        public void close() {
            DriverEvents.record(node, "close");
        }
    }
}
