package io.jblock.qcow2;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.contract.BlockNodeContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on qcow2 nodes over real files (created with BlockGraph.create, so every
 * request goes through the generic layer), with the page cache and with O_DIRECT, under target/.
 */
class Qcow2NodeContractTest {

    abstract static class OverFile extends BlockNodeContractTest {
        Path path;

        abstract String cache();

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
            path = Path.of("target", "contract", "qcow2-" + getClass().getSimpleName() + ".qcow2").toAbsolutePath();
            Files.deleteIfExists(path);
            BlockGraph.create("qcow2", path.toString(), size, null);
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + path.toString().replace(",", ",,")
                    + ",file.aio=" + aio() + ",cache=" + cache(), options);
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

    /** qcow2 over a file node on io_uring: reads and in-place writes reach the ring. */
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
}
