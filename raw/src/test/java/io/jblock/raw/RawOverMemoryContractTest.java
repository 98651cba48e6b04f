package io.jblock.raw;

import io.jblock.storage.contract.MemoryImageContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite on raw over the asserting in-memory protocol driver, with the protocol
 * demanding 512- and 4096-byte alignment: the padding happens in raw's generic layer, so the
 * driver proves that only aligned requests reach it.
 */
class RawOverMemoryContractTest {

    @Nested
    class Sector512 extends MemoryImageContractTest {
        @Override
        protected String optionTemplate() {
            return "driver=raw,discard=unmap,file.driver=testmem,file.filename=%s,file.request-alignment=512,"
                    + "file.memory-alignment=512";
        }
    }

    @Nested
    class Block4096 extends MemoryImageContractTest {
        @Override
        protected String optionTemplate() {
            return "driver=raw,discard=unmap,file.driver=testmem,file.filename=%s,file.request-alignment=4096,"
                    + "file.memory-alignment=4096,file.max-transfer=128k,cache=none";
        }
    }

    @Nested
    class ProbedWithoutFua extends MemoryImageContractTest {
        @Override
        protected String optionTemplate() {
            return "filename=testmem:%s,discard=unmap,file.request-alignment=4096,file.fua=off,cache=writethrough";
        }
    }
}
