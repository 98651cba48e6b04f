package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void parsesQemuSizes() {
        assertEquals(512, ByteSizes.parse("512"));
        assertEquals(4096, ByteSizes.parse("4k"));
        assertEquals(4096, ByteSizes.parse("4K"));
        assertEquals(64L << 20, ByteSizes.parse("64M"));
        assertEquals(3L << 29, ByteSizes.parse("1.5G"));
        assertEquals(1L << 40, ByteSizes.parse("1T"));
        assertEquals(7, ByteSizes.parse("7b"));
        assertEquals(1536, ByteSizes.parse("1.5k"));
    }

    @Test
    void parsesHexadecimalSizesAsQemuStrtosz() {
        // qemu-iotests 214: -o cluster_size=0x10000; qemu_strtosz reparses "0x..." in base 16
        assertEquals(65536, ByteSizes.parse("0x10000"));
        assertEquals(270, ByteSizes.parse("0x10E"), "E is a hex digit here, not the exa suffix");
        assertEquals(255, ByteSizes.parse("0XfF"));
        for (String bad : new String[] {"0x", "0x1.5", "0x10k", "0xg", "0x8000000000000000", "0x10000000000000000"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(bad), bad);
        }
    }

    @Test
    void rejectsWhatIsNotASize() {
        for (String bad : new String[] {"", "abc", "-1", "1x", "1.5", "k", "1.0001k", "99999999E"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(bad), bad);
        }
    }

    @Test
    void printsLikeQemuImg() {
        // values taken from qemu-img info output
        assertEquals("196 KiB", ByteSizes.human(200704));
        assertEquals("64 MiB", ByteSizes.human(64L << 20));
        assertEquals("12 KiB", ByteSizes.human(12288));
        assertEquals("0 B", ByteSizes.human(0));
        assertEquals("512 B", ByteSizes.human(512));
        assertEquals("0.977 KiB", ByteSizes.human(1000));
        assertEquals("1.5 GiB", ByteSizes.human(3L << 29));
    }

    @Test
    void printsLikeQemuIo() {
        // values taken from qemu-io output
        assertEquals("4 KiB", ByteSizes.ioHuman(4096));
        assertEquals("64 KiB", ByteSizes.ioHuman(65536));
        assertEquals("1.500 KiB", ByteSizes.ioHuman(1536));
        assertEquals("1 bytes", ByteSizes.ioHuman(1));
        assertEquals("512 bytes", ByteSizes.ioHuman(512));
        assertEquals("1.503 MiB", ByteSizes.ioHuman(1.503 * 1024 * 1024));
    }
}
