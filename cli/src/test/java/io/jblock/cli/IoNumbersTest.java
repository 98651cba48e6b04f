package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.ffm.Errno;
import org.junit.jupiter.api.Test;

/** qemu-io's number syntax and formatting (values checked against qemu-io 7.2 by hand and by IoAgainstQemuTest). */
class IoNumbersTest {

    @Test
    void cvtnumReadsQemuSizes() {
        assertEquals(512, IoNumbers.cvtnum("512"));
        assertEquals(4096, IoNumbers.cvtnum("4k"));
        assertEquals(4096, IoNumbers.cvtnum("4K"));
        assertEquals(1536, IoNumbers.cvtnum("1.5k"));
        assertEquals(1024, IoNumbers.cvtnum("1.k"), "a fraction without digits");
        assertEquals(3L << 30, IoNumbers.cvtnum("3G"));
        assertEquals(0x200, IoNumbers.cvtnum("0x200"));
        assertEquals(7, IoNumbers.cvtnum("7b"));
        assertEquals(Long.MAX_VALUE, IoNumbers.cvtnum("9223372036854775807"));
        assertEquals(-Errno.ERANGE, IoNumbers.cvtnum("9223372036854775808"));
        assertEquals(-Errno.ERANGE, IoNumbers.cvtnum("16E"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("1.5"), "a fraction needs a scale");
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("0x1.5"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("-1"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("1q"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("1.5e3k"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum("x"));
        assertEquals(-Errno.EINVAL, IoNumbers.cvtnum(""));
        // 0.1 is a double: 0.1 * 1024 rounds to 102 as QEMU's fixed point does
        assertEquals(102, IoNumbers.cvtnum("0.1k"));
    }

    @Test
    void cvtstrRoundsTheExactValueHalfToEvenAsPrintf() {
        assertEquals("4 KiB", IoNumbers.cvtstr(4096));
        assertEquals("1.500 KiB", IoNumbers.cvtstr(1536));
        assertEquals("1.062 KiB", IoNumbers.cvtstr(1088), "1.0625 is a tie: printf keeps the even digit");
        assertEquals("1.063 KiB", IoNumbers.cvtstr(1089));
        assertEquals("512 bytes", IoNumbers.cvtstr(512));
        assertEquals("12.500000 bytes", IoNumbers.cvtstr(12.5));
        assertEquals("0 bytes", IoNumbers.cvtstr(0));
        assertEquals("63.938 MiB", IoNumbers.cvtstr(0x3ff0000));
        assertEquals("1024 KiB", IoNumbers.cvtstr(1048575.9), "rounds up to .000 and loses it");
        assertEquals("inf EiB", IoNumbers.cvtstr(Double.POSITIVE_INFINITY));
    }

    @Test
    void timestrHasTwoShapes() {
        assertEquals("00.00 sec", IoNumbers.timestr(1000, false));
        assertEquals("00.50 sec", IoNumbers.timestr(500_000_000L, false));
        assertEquals("0:00:01.25", IoNumbers.timestr(1_250_000_000L, false));
        assertEquals("0:00:00.12", IoNumbers.timestr(123_000_000L, true));
        assertEquals("1:01:01.00", IoNumbers.timestr(3661_000_000_000L, false));
    }
}
