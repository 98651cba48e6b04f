package io.jblock.storage.contract;

/** The contract suite on {@code driver=testpass,file.driver=testmem,file.filename=%s,file.request-alignment=4096,file.memory-alignment=512,cache=none}. */
class PassthroughFormatContractTest extends MemoryImageContractTest {
    @Override
    protected String optionTemplate() {
        return "driver=testpass,discard=unmap,file.driver=testmem,file.filename=%s,file.request-alignment=4096,file.memory-alignment=512,cache=none";
    }
}
