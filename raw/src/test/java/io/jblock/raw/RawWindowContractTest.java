package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.contract.BlockNodeContractTest;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImage;
import io.jblock.storage.testdriver.MemoryImages;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on raw nodes with {@code offset} and {@code size}: the window lies inside a
 * larger file whose bytes before and after it hold a pattern that every test must leave intact
 * (no padding may leak out of the window).
 */
class RawWindowContractTest {

    abstract static class Window extends BlockNodeContractTest {
        static final int GUARD = 8192;
        private byte[] before;
        private byte[] after;

        abstract long offset();

        abstract int fileAlignment();

        String image() {
            return "window-" + getClass().getSimpleName();
        }

        @Override
        protected void createImage(long size) {
            DriverEvents.clear();
            MemoryImage img = MemoryImages.create(image(), offset() + size + GUARD);
            Random r = new Random(offset());
            before = new byte[(int) offset()];
            after = new byte[GUARD];
            r.nextBytes(before);
            r.nextBytes(after);
            img.write(0, MemorySegment.ofArray(before));
            img.write(offset() + size, MemorySegment.ofArray(after));
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=raw,discard=unmap,offset=" + offset() + ",size=" + imageSize() + ",file.driver=testmem,"
                    + "file.filename=" + image() + ",file.request-alignment=" + fileAlignment(), options);
        }

        @Override
        protected boolean discardReadsZeroes() {
            return true;
        }

        @Override
        protected void deleteImage() {
            byte[] all = MemoryImages.get(image()).snapshot();
            assertArrayEquals(before, Arrays.copyOfRange(all, 0, (int) offset()), "bytes before the window");
            assertArrayEquals(after, Arrays.copyOfRange(all, all.length - GUARD, all.length), "bytes after it");
            MemoryImages.delete(image());
        }

        @Override
        protected void afterEachCheck() {
            assertEquals(List.of(), DriverEvents.violations());
        }
    }

    @Nested
    class AlignedOffset extends Window {
        @Override
        long offset() {
            return 1 << 20;
        }

        @Override
        int fileAlignment() {
            return 4096;
        }
    }

    /** offset 1000 is only 8-aligned: raw lowers its alignment and the file node pads. */
    @Nested
    class OddOffset extends Window {
        @Override
        long offset() {
            return 1000;
        }

        @Override
        int fileAlignment() {
            return 512;
        }
    }
}
