package io.jblock.storage.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.InvalidOptionException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

    @Test
    void booleansInQemusSpellings() {
        for (String t : new String[] {"on", "true", "yes", "ON"}) {
            assertTrue(OptionValues.bool("x", t, null), t);
        }
        for (String t : new String[] {"off", "false", "no"}) {
            assertFalse(OptionValues.bool("x", t, null), t);
        }
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionValues.bool("cache.direct", "maybe", "disk0"));
        assertEquals("node 'disk0': Parameter 'cache.direct' expects 'on' or 'off'", e.getMessage());
        assertEquals("disk0", e.nodeName());
    }

    @Test
    void sizesWithSuffixes() {
        assertEquals(512, OptionValues.size("s", "512", null));
        assertEquals(65536, OptionValues.size("s", "64k", null));
        assertEquals(65536, OptionValues.size("s", "64K", null));
        assertEquals(3L << 29, OptionValues.size("s", "1.5G", null));
        assertEquals(1L << 40, OptionValues.size("s", "1T", null));
        assertEquals(4096, OptionValues.size("s", "0x1000", null));
        assertEquals(100, OptionValues.size("s", "100B", null));
        assertEquals(7L << 60, OptionValues.size("s", "7E", null));
    }

    @Test
    void badSizesNameTheOption() {
        for (String t : new String[] {"", "1.5", "-1", "12X", "k", "9E", "0x", "1..5G", ".5G", "99999999999999999999"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> OptionValues.size("offset", t, null), t);
            assertTrue(e.getMessage().startsWith("Parameter 'offset' expects a non-negative number"), e.getMessage());
        }
    }

    @Test
    void numbers() {
        assertEquals(-5, OptionValues.number("n", "-5", null));
        assertEquals("Parameter 'n' expects a number",
                assertThrows(InvalidOptionException.class, () -> OptionValues.number("n", "5k", null)).getMessage());
    }

    @Test
    void nodeOptionsTrackUse() {
        TreeNodeOptions o = new TreeNodeOptions(
                OptionStrings.parse("driver=raw,offset=1k,foo=1,file.filename=a,cache.direct=on"), "n1");
        assertEquals(Set.of("driver", "offset", "foo", "file.filename", "cache.direct"), o.unusedKeys());
        assertEquals(Optional.of("raw"), o.string("driver"));
        assertEquals(1024, o.size("offset", 0));
        assertTrue(o.bool("cache.direct", false));
        assertEquals(7, o.number("absent", 7));
        o.consume("file");
        assertEquals(Set.of("foo"), o.unusedKeys());
        InvalidOptionException e = assertThrows(InvalidOptionException.class, o::requireAllUsed);
        assertEquals("node 'n1': Invalid parameter 'foo'", e.getMessage());
        assertEquals("foo", e.option());
    }

    @Test
    void readingAGroupAsAValueIsRefused() {
        TreeNodeOptions o = new TreeNodeOptions(OptionStrings.parse("file.filename=a"), "n2");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> o.string("file"));
        assertTrue(e.getMessage().contains("'file' expects a value"), e.getMessage());
        assertTrue(o.has("file"));
        assertFalse(o.has("backing"));
    }
}
