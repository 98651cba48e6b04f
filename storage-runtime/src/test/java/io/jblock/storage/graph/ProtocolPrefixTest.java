package io.jblock.storage.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.InvalidOptionException;
import org.junit.jupiter.api.Test;

/** QEMU's bdrv_find_protocol and bdrv_parse_filename_strip_prefix in {@link DriverRegistry#protocolFor}. */
class ProtocolPrefixTest {

    private final DriverRegistry registry = DriverRegistry.load();

    @Test
    void fileWithAColonAfterTheFilePrefixIsRelative() {
        assertEquals(new DriverRegistry.ProtocolTarget("file", "./image:top.qcow2"),
                registry.protocolFor("file:image:top.qcow2"), "QEMU 126: file:image:top.qcow2 is ./image:top.qcow2");
        assertEquals(new DriverRegistry.ProtocolTarget("file", "/d/a:b.qcow2"), registry.protocolFor("file:/d/a:b.qcow2"));
        assertEquals(new DriverRegistry.ProtocolTarget("file", "a.qcow2"), registry.protocolFor("file:a.qcow2"));
        assertEquals(new DriverRegistry.ProtocolTarget("file", "./a:b.qcow2"), registry.protocolFor("./a:b.qcow2"));
        assertEquals(new DriverRegistry.ProtocolTarget("null-co", "//"), registry.protocolFor("null-co://"));
    }

    @Test
    void anUnknownPrefixIsQemusUnknownProtocol() {
        // QEMU 7.2 too: "image:base.qcow2" names the protocol "image"; ./image:base.qcow2 is the file
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> registry.protocolFor("image:base.qcow2"));
        assertEquals("Unknown protocol 'image'", e.getMessage());
    }
}
