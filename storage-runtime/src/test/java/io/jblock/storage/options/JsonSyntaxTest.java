package io.jblock.storage.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.InvalidOptionException;
import org.junit.jupiter.api.Test;

class JsonSyntaxTest {

    @Test
    void nestedObjectsAreChildren() {
        OptionTree t = OptionStrings.parse("json:{\"driver\": \"raw\", \"file\": {\"driver\": \"file\","
                + " \"filename\": \"/tmp/a.img\"}, \"cache\": {\"direct\": true}, \"offset\": 4096}");
        assertEquals("raw", t.get("driver"));
        assertEquals("/tmp/a.img", t.lookup("file.filename"));
        assertEquals("true", t.lookup("cache.direct"));
        assertEquals("4096", t.get("offset"));
    }

    @Test
    void dottedKeysInsideJsonMergeWithObjects() {
        OptionTree t = OptionStrings.parse("json:{\"file.filename\":\"a\",\"file\":{\"driver\":\"file\"}}");
        assertEquals("a", t.lookup("file.filename"));
        assertEquals("file", t.lookup("file.driver"));
    }

    @Test
    void nullAndEscapes() {
        OptionTree t = OptionStrings.parse("json:{\"backing\":null,\"filename\":\"a\\\"b\\\\c\\u00e9\\n,\"}");
        assertSame(OptionTree.NULL, t.get("backing"));
        assertEquals("a\"b\\c\u00e9\n,", t.get("filename"));
    }

    @Test
    void cacheModeShorthandWorksInJson() {
        OptionTree t = OptionStrings.parse("json:{\"cache\":\"writethrough\"}");
        assertEquals("off", t.lookup("cache.writeback"));
    }

    @Test
    void listsBecomeNumberedKeysAsQemuFlattensThem() {
        OptionTree t = OptionStrings.parse("json:{\"file\":{\"x\":[1,[\"a\",\"b\"],{\"event\":\"none\"}],"
                + "\"empty\":[]}}");
        assertEquals("1", t.lookup("file.x.0"));
        assertEquals("a", t.lookup("file.x.1.0"));
        assertEquals("b", t.lookup("file.x.1.1"));
        assertEquals("none", t.lookup("file.x.2.event"));
        assertEquals(null, t.lookup("file.empty"), "an empty list sets nothing");
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("json:{\"x\":[1 2]}"));
        assertTrue(e.getMessage().contains("expected ',' or ']'"), e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() {
        String[] bad = {"json:", "json:[]", "json:{\"a\":1,}", "json:{\"a\" 1}", "json:{\"a\":\"x}",
            "json:{\"a\":tru}", "json:{\"a\":1} x", "json:{\"a\":\"\\q\"}", "json:{a:1}", "json:{\"a\":-}"};
        for (String s : bad) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> OptionStrings.parse(s), s);
            assertTrue(e.getMessage().startsWith("Invalid JSON at offset "), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "json:" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> OptionStrings.parse(deep));
        assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    }
}
