package io.jblock.storage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import java.io.IOException;
import java.util.List;

/**
 * The contract suite over an in-memory image ({@code testmem}): a subclass gives the option
 * string, with {@code %s} where the image name goes. After each test, no request that broke
 * the driver contract (misaligned, too long, outside the image) may have reached a test driver.
 */
public abstract class MemoryImageContractTest extends BlockNodeContractTest {

    /** The option string with {@code %s} for the image name. */
    protected abstract String optionTemplate();

    protected String imageName() {
        return "contract-" + getClass().getSimpleName();
    }

    @Override
    protected void createImage(long size) {
        DriverEvents.clear();
        MemoryImages.create(imageName(), size);
    }

    @Override
    protected BlockNode openImage(OpenOptions options) throws IOException {
        return BlockGraph.open(String.format(optionTemplate(), imageName()), options);
    }

    @Override
    protected boolean discardReadsZeroes() {
        return true;
    }

    @Override
    protected void deleteImage() {
        MemoryImages.delete(imageName());
    }

    @Override
    protected void afterEachCheck() {
        assertEquals(List.of(), DriverEvents.violations(), "requests that broke the driver contract");
    }
}
