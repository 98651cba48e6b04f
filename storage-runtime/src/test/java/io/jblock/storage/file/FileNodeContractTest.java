package io.jblock.storage.file;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.contract.BlockNodeContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on the {@code file} protocol node itself (no format node above it), buffered
 * and with O_DIRECT, under target/ (ext4: O_DIRECT works; discard=unmap punches holes).
 */
class FileNodeContractTest {

    abstract static class OverFile extends BlockNodeContractTest {
        Path path;

        abstract String cache();

        @Override
        protected void createImage(long size) throws IOException {
            Files.createDirectories(Path.of("target", "contract"));
            path = Path.of("target", "contract", "file-" + getClass().getSimpleName() + ".img").toAbsolutePath();
            Files.deleteIfExists(path);
            BlockGraph.create("file", path.toString(), size, null);
        }

        @Override
        protected BlockNode openImage(OpenOptions options) throws IOException {
            return BlockGraph.open("driver=file,filename=" + path.toString().replace(",", ",,")
                    + ",discard=unmap,cache=" + cache(), options);
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
}
