package io.jblock.storage.contract;

/** The contract suite on {@code driver=testmem,filename=%s,request-alignment=512,memory-alignment=512}. */
class Sector512ContractTest extends MemoryImageContractTest {
    @Override
    protected String optionTemplate() {
        return "driver=testmem,discard=unmap,filename=%s,request-alignment=512,memory-alignment=512";
    }
}
