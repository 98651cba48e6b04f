package io.jblock.storage.contract;

/** The contract suite on {@code driver=testmem,filename=%s,request-alignment=4096,memory-alignment=4096,fua=off}. */
class NoFua4096ContractTest extends MemoryImageContractTest {
    @Override
    protected String optionTemplate() {
        return "driver=testmem,discard=unmap,filename=%s,request-alignment=4096,memory-alignment=4096,fua=off";
    }
}
