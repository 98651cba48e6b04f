package io.jblock.raw;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.contract.BlockNodeContractTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on raw over the real {@code file} protocol driver in each of QEMU's five
 * cache modes (issue 3, "Done when"), plus the separate switches and a raw window with an offset.
 * Files live under {@code target/} (ext4 here, so O_DIRECT works).
 */
class RawOverFileContractTest {

    /** A fresh sparse file per test; the option string gets the path for {@code %s}. */
    abstract static class OverFile extends BlockNodeContractTest {
        private Path image;

        /** Option string with {@code %s} for the file path. */
        protected abstract String optionTemplate();

        @Override
        protected void createImage(long size) throws IOException {
            Path dir = Path.of("target", "contract-files");
            Files.createDirectories(dir);
            image = Files.createTempFile(dir, getClass().getSimpleName(), ".raw");
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(size + headroom());
            }
        }

        /** Bytes in the file beyond the image (for raw windows). */
        protected long headroom() {
            return 0;
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open(String.format(optionTemplate(), image.toAbsolutePath()), options);
        }

        @Override
        protected boolean discardReadsZeroes() {
            return optionTemplate().contains("discard=unmap");
        }

        @Override
        protected void deleteImage() throws IOException {
            Files.deleteIfExists(image);
        }
    }

    abstract static class InCacheMode extends OverFile {
        protected abstract CacheMode mode();

        @Override
        protected String optionTemplate() {
            return "driver=raw,file.driver=file,file.filename=%s,file.discard=unmap,cache=" + mode().qemuName();
        }
    }

    @Nested
    class Writeback extends InCacheMode {
        @Override
        protected CacheMode mode() {
            return CacheMode.WRITEBACK;
        }
    }

    @Nested
    class None extends InCacheMode {
        @Override
        protected CacheMode mode() {
            return CacheMode.NONE;
        }
    }

    @Nested
    class Writethrough extends InCacheMode {
        @Override
        protected CacheMode mode() {
            return CacheMode.WRITETHROUGH;
        }
    }

    @Nested
    class Directsync extends InCacheMode {
        @Override
        protected CacheMode mode() {
            return CacheMode.DIRECTSYNC;
        }
    }

    @Nested
    class Unsafe extends InCacheMode {
        @Override
        protected CacheMode mode() {
            return CacheMode.UNSAFE;
        }
    }

    /** The separate switches on top of a mode, as -blockdev gives them. */
    @Nested
    class DirectSwitchOnWriteback extends OverFile {
        @Override
        protected String optionTemplate() {
            return "driver=raw,file.driver=file,file.filename=%s,cache=writeback,cache.direct=on,cache.no-flush=on";
        }
    }

    /** A raw window at an unaligned offset over an O_DIRECT file: raw's own padding path. */
    @Nested
    class DirectWindowAtOddOffset extends OverFile {
        @Override
        protected long headroom() {
            return 8192;
        }

        @Override
        protected String optionTemplate() {
            return "driver=raw,offset=4608,size=" + imageSize() + ",file.driver=file,file.filename=%s,cache=none";
        }
    }
}
