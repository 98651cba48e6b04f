package io.jblock.storage.contract;

/** The contract suite on {@code driver=testmem,filename=%s,request-alignment=4096,memory-alignment=4096,max-transfer=64k,discard-alignment=64k}. */
class Block4096ContractTest extends MemoryImageContractTest {
    @Override
    protected String optionTemplate() {
        return "driver=testmem,discard=unmap,filename=%s,request-alignment=4096,memory-alignment=4096,max-transfer=64k,discard-alignment=64k";
    }
}
