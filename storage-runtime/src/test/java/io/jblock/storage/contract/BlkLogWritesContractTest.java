package io.jblock.storage.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.crash.CrashStateBuilder;
import io.jblock.storage.testdriver.MemoryImage;
import io.jblock.storage.testdriver.MemoryImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite through a {@code blklogwrites} filter: it must pass every request through
 * unchanged. After each test, the log replayed over the empty image the test started from must
 * rebuild exactly the image the test left (the log is opened with {@code log-append=on}, so a test
 * that reopens the node continues the same log). Over in-memory images (4096-byte requests, the
 * test drivers assert that nothing misaligned reaches them) and over real files in the cache modes
 * that differ for the filter (page cache, O_DIRECT, O_DSYNC).
 */
class BlkLogWritesContractTest {

    /** Replays {@code log} over {@code size} zero bytes and compares with {@code image}. */
    static void assertLogRebuilds(byte[] log, long size, byte[] image) {
        try {
            Path dir = Files.createTempDirectory("blklogwrites-contract");
            Path logFile = dir.resolve("log");
            Path base = dir.resolve("base");
            Path replayed = dir.resolve("replayed");
            try {
                Files.write(logFile, log);
                Files.write(base, new byte[Math.toIntExact(size)]);
                CrashStateBuilder.replayAll(logFile, base, replayed);
                assertArrayEquals(image, Files.readAllBytes(replayed),
                        "the replayed log does not rebuild the image the test left");
            } finally {
                for (Path p : new Path[] {logFile, base, replayed, dir}) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class OverMemory extends MemoryImageContractTest {
        private long createdSize;
        private byte[] lastLog;
        private byte[] lastImage;

        @Override
        protected String optionTemplate() {
            return "driver=blklogwrites,discard=unmap,log-append=on,file.driver=testmem,file.filename=%1$s,"
                    + "file.request-alignment=4096,file.memory-alignment=512,log.driver=testmem,"
                    + "log.filename=%1$s.log,cache=none";
        }

        @Override
        protected void createImage(long size) {
            super.createImage(size);
            MemoryImages.create(imageName() + ".log", 0);
            createdSize = size;
        }

        @Override
        protected void deleteImage() {
            super.deleteImage();
            MemoryImages.delete(imageName() + ".log");
        }

        /** Captures image and log once the node is closed (the super block is final), before they are freed. */
        @Override
        @AfterEach
        void closeAll() throws IOException {
            try {
                if (node != null) {
                    node.close();
                }
            } finally {
                MemoryImage image = MemoryImages.get(imageName());
                MemoryImage log = MemoryImages.get(imageName() + ".log");
                lastImage = image == null ? null : image.snapshot();
                lastLog = log == null ? null : log.snapshot();
            }
            super.closeAll();
        }

        @Override
        protected void afterEachCheck() {
            super.afterEachCheck();
            assertNotNull(lastLog, "no log was captured");
            assertLogRebuilds(lastLog, createdSize, lastImage);
        }
    }

    abstract static class OverFile extends BlockNodeContractTest {
        private Path image;
        private Path log;
        private long createdSize;
        private byte[] lastLog;
        private byte[] lastImage;

        abstract String cache();

        @Override
        protected void createImage(long size) throws IOException {
            Path dir = Path.of("target", "contract").toAbsolutePath();
            Files.createDirectories(dir);
            image = dir.resolve(getClass().getSimpleName() + "-blklogwrites.img");
            log = dir.resolve(getClass().getSimpleName() + "-blklogwrites.log");
            Files.deleteIfExists(image);
            Files.deleteIfExists(log);
            BlockGraph.create("file", image.toString(), size, null);
            Files.createFile(log);
            createdSize = size;
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=blklogwrites,discard=unmap,log-append=on,file.driver=file,file.filename="
                    + image.toString().replace(",", ",,") + ",log.driver=file,log.filename="
                    + log.toString().replace(",", ",,") + ",cache=" + cache(), options);
        }

        @Override
        protected boolean discardReadsZeroes() {
            return true;
        }

        @Override
        @AfterEach
        void closeAll() throws IOException {
            try {
                if (node != null) {
                    node.close();
                }
            } finally {
                lastImage = image == null ? null : Files.readAllBytes(image);
                lastLog = log == null ? null : Files.readAllBytes(log);
            }
            super.closeAll();
        }

        @Override
        protected void deleteImage() throws IOException {
            Files.deleteIfExists(image);
            Files.deleteIfExists(log);
        }

        @Override
        protected void afterEachCheck() {
            assertNotNull(lastLog, "no log was captured");
            assertLogRebuilds(lastLog, createdSize, lastImage);
        }
    }

    @Nested
    class OverFileNone extends OverFile {
        @Override
        String cache() {
            return "none";
        }
    }
}
