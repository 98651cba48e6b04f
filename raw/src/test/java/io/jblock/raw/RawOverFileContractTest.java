package io.jblock.raw;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.contract.BlockNodeContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on raw over real files (created with BlockGraph.create) in all five cache
 * modes, under target/ (ext4: O_DIRECT works). With {@code discard=unmap} on raw (its file child
 * defaults to unmap, as in QEMU) discarded blocks are holes and read as zeroes; QEMU's default
 * {@code discard=ignore} is covered by one more case.
 */
class RawOverFileContractTest {

    abstract static class OverFile extends BlockNodeContractTest {
        Path path;

        abstract String cache();

        String discard() {
            return "unmap";
        }

        /** The file node's aio mode; io_uring also sends every data test through the asynchronous forms. */
        String aio() {
            return "threads";
        }

        @Override
        protected boolean asyncDataPath() {
            return aio().equals("io_uring");
        }

        @Override
        protected void createImage(long size) throws IOException {
            Files.createDirectories(Path.of("target", "contract"));
            path = Path.of("target", "contract", getClass().getSimpleName() + ".img").toAbsolutePath();
            Files.deleteIfExists(path);
            BlockGraph.create("raw", path.toString(), size, null);
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=raw,file.driver=file,file.filename=" + path.toString().replace(",", ",,")
                    + ",file.aio=" + aio() + ",discard=" + discard() + ",cache=" + cache(), options);
        }

        @Override
        protected boolean discardReadsZeroes() {
            return discard().equals("unmap");
        }

        @Override
        protected void deleteImage() throws IOException {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Nested
    class Writeback extends OverFile {
        @Override
        String cache() {
            return "writeback";
        }
    }

    @Nested
    class None extends OverFile {
        @Override
        String cache() {
            return "none";
        }
    }

    @Nested
    class Writethrough extends OverFile {
        @Override
        String cache() {
            return "writethrough";
        }
    }

    @Nested
    class Directsync extends OverFile {
        @Override
        String cache() {
            return "directsync";
        }
    }

    @Nested
    class Unsafe extends OverFile {
        @Override
        String cache() {
            return "unsafe";
        }
    }

    @Nested
    class NoneDiscardIgnored extends OverFile {
        @Override
        String cache() {
            return "none";
        }

        @Override
        String discard() {
            return "ignore";
        }
    }

    /** The separate switches on top of a mode, as -blockdev gives them. */
    @Nested
    class DirectAndNoFlushSwitchesOnWriteback extends OverFile {
        @Override
        String cache() {
            return "writeback,cache.direct=on,cache.no-flush=on";
        }
    }

    /** Raw passes asynchronous requests through to the file node's ring. */
    @Nested
    class NoneUring extends OverFile {
        @Override
        String cache() {
            return "none";
        }

        @Override
        String aio() {
            return "io_uring";
        }
    }

    @Nested
    class WritebackUring extends OverFile {
        @Override
        String cache() {
            return "writeback";
        }

        @Override
        String aio() {
            return "io_uring";
        }
    }

    /** A raw window at an unaligned offset over an O_DIRECT file: raw's own padding path. */
    @Nested
    class DirectWindowAtOddOffset extends OverFile {
        @Override
        protected void createImage(long size) throws IOException {
            super.createImage(size + 8192);
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=raw,offset=4608,size=" + imageSize() + ",file.driver=file,file.filename="
                    + path.toString().replace(",", ",,") + ",cache=none", options);
        }

        @Override
        String cache() {
            return "none";
        }

        @Override
        protected boolean discardReadsZeroes() {
            return false;
        }
    }
}
