package io.jblock.storage.contract;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.uring.IoUring;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.file.FileDriverProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract suite on the {@code file} driver itself, over real files under target/ (ext4:
 * O_DIRECT works), in all five cache modes, with {@code aio=threads} and with
 * {@code aio=io_uring}. The io_uring variants run every read and write of the data tests
 * through the asynchronous forms, and check afterwards that the node's ring really carried
 * requests (a negative control: a fallback to threads would otherwise pass unnoticed).
 */
class FileContractTest {

    abstract static class OverFile extends BlockNodeContractTest {
        Path path;
        /** Requests the rings of this suite carried, summed over its tests. */
        long ringRequests;

        abstract String cache();

        abstract String aio();

        @Override
        protected void createImage(long size) throws IOException {
            Files.createDirectories(Path.of("target", "contract"));
            path = Path.of("target", "contract", "file-" + getClass().getSimpleName() + ".img").toAbsolutePath();
            Files.deleteIfExists(path);
            BlockGraph.create("file", path.toString(), size, null);
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            BlockNode n = BlockGraph.open("driver=file,discard=unmap,filename=" + path.toString().replace(",", ",,")
                    + ",aio=" + aio() + ",cache=" + cache(), options);
            IoUring ring = FileDriverProbe.ring(n);
            if (aio().equals("io_uring")) {
                assertNotNull(ring, "io_uring is enabled on this machine: the node must have a ring");
                // count what every ring of this test carried, read at close time below
                rings.add(ring);
            } else {
                assertNull(ring);
            }
            return n;
        }

        final java.util.List<IoUring> rings = new java.util.ArrayList<>();

        @Override
        protected boolean asyncDataPath() {
            return aio().equals("io_uring");
        }

        @Override
        protected boolean discardReadsZeroes() {
            return true;
        }

        @Override
        protected void deleteImage() throws IOException {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }

        @Override
        protected void afterEachCheck() {
            ringRequests += rings.stream().mapToLong(IoUring::submitted).sum();
            rings.clear();
        }
    }

    abstract static class Threads extends OverFile {
        @Override
        String aio() {
            return "threads";
        }
    }

    /** One instance for all of a suite's tests, so that the ring traffic of the whole suite is counted. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Uring extends OverFile {
        @Override
        String aio() {
            return "io_uring";
        }

        @AfterAll
        void theRingsCarriedTheAlignedRequests() {
            assertTrue(ringRequests > 100, "only " + ringRequests + " requests went through io_uring");
        }
    }

    @Nested
    class WritebackThreads extends Threads {
        @Override
        String cache() {
            return "writeback";
        }
    }

    @Nested
    class NoneThreads extends Threads {
        @Override
        String cache() {
            return "none";
        }
    }

    @Nested
    class WritebackUring extends Uring {
        @Override
        String cache() {
            return "writeback";
        }
    }

    @Nested
    class NoneUring extends Uring {
        @Override
        String cache() {
            return "none";
        }
    }

    @Nested
    class WritethroughUring extends Uring {
        @Override
        String cache() {
            return "writethrough";
        }
    }

    @Nested
    class DirectsyncUring extends Uring {
        @Override
        String cache() {
            return "directsync";
        }
    }

    @Nested
    class UnsafeUring extends Uring {
        @Override
        String cache() {
            return "unsafe";
        }
    }
}
