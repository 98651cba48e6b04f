package io.jblock.storage.contract;

/** The contract suite on {@code driver=testmem,filename=%s}. */
class ByteGranularContractTest extends MemoryImageContractTest {
    @Override
    protected String optionTemplate() {
        return "driver=testmem,discard=unmap,filename=%s";
    }
}
