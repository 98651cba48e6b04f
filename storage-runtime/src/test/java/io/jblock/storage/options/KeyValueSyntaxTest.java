package io.jblock.storage.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.InvalidOptionException;
import org.junit.jupiter.api.Test;

class KeyValueSyntaxTest {

    @Test
    void dottedKeysBecomeATree() {
        OptionTree t = OptionStrings.parse("driver=raw,file.driver=file,file.filename=a.img,cache.direct=on");
        assertEquals("raw", t.get("driver"));
        OptionTree file = assertInstanceOf(OptionTree.class, t.get("file"));
        assertEquals("file", file.get("driver"));
        assertEquals("a.img", file.get("filename"));
        assertEquals("on", t.lookup("cache.direct"));
        assertEquals("driver=raw,file.driver=file,file.filename=a.img,cache.direct=on", t.toString());
    }

    @Test
    void doubledCommaIsALiteralComma() {
        OptionTree t = OptionStrings.parse("filename=a,,b,,,,c.img,driver=file");
        assertEquals("a,b,,c.img", t.get("filename"));
        assertEquals("file", t.get("driver"));
        assertEquals("filename=a,,b,,,,c.img,driver=file", t.toString());
    }

    @Test
    void valuesMayContainEqualsAndBeEmpty() {
        OptionTree t = OptionStrings.parse("filename=x=y,backing=");
        assertEquals("x=y", t.get("filename"));
        assertEquals("", t.get("backing"));
    }

    @Test
    void aDuplicatedKeyIsRefusedAndATrailingCommaIsAccepted() {
        OptionTree t = OptionStrings.parse("size=1,");
        assertEquals("1", t.get("size"));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("size=1,driver=raw,size=2"));
        assertEquals("Duplicate option 'size'", e.getMessage());
        assertEquals("size", e.option());
        assertEquals("Duplicate option 'file.filename'", assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("json:{\"file\": {\"filename\": \"a\"}, \"file.filename\": \"b\"}"))
                .getMessage());
        // not duplicates: the cache shorthand and an explicit switch, the same leaf under two children
        OptionStrings.parse("cache=none,cache.direct=off,file.filename=a,backing.filename=a");
    }

    @Test
    void backingNullMeansNoBackingOnlyForBacking() {
        OptionTree t = OptionStrings.parse("driver=qcow2,backing=null,file.filename=null,x.backing=null");
        assertEquals(OptionTree.NULL, t.get("backing"));
        assertEquals(OptionTree.NULL, t.lookup("x.backing"));
        assertEquals("null", t.lookup("file.filename"), "a file may be called null");
        // JSON has its own null; the string stays a string there
        assertEquals("null", OptionStrings.parse("json:{\"backing\": \"null\"}").get("backing"));
        assertEquals(OptionTree.NULL, OptionStrings.parse("json:{\"backing\": null}").get("backing"));
    }

    @Test
    void keyWithoutValueIsRefusedWithQemusWords() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("driver=raw,readonly,file.filename=a"));
        assertEquals("Expected '=' after parameter 'readonly'", e.getMessage());
        assertEquals("readonly", e.option());
    }

    @Test
    void malformedKeysAreRefused() {
        assertEquals("Invalid parameter 'file..driver'",
                assertThrows(InvalidOptionException.class, () -> OptionStrings.parse("file..driver=x")).getMessage());
        assertEquals("Invalid parameter 'a b'",
                assertThrows(InvalidOptionException.class, () -> OptionStrings.parse("a b=1")).getMessage());
        assertThrows(InvalidOptionException.class, () -> OptionStrings.parse("=1"));
    }

    @Test
    void scalarAndGroupUnderOneNameAreRefused() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("file=a.img,file.driver=file"));
        assertEquals("Parameters 'file.*' used inconsistently", e.getMessage());
        assertThrows(InvalidOptionException.class, () -> OptionStrings.parse("file.driver=file,file=a.img"));
    }

    @Test
    void cacheModeExpandsIntoTheThreeSwitchesExplicitOnesWin() {
        OptionTree t = OptionStrings.parse("cache.direct=off,cache=none,file.cache=unsafe");
        assertEquals("on", t.lookup("cache.writeback"));
        assertEquals("off", t.lookup("cache.direct"));
        assertEquals("off", t.lookup("cache.no-flush"));
        assertEquals("on", t.lookup("file.cache.no-flush"));
        assertEquals("off", t.lookup("file.cache.direct"));
        OptionTree w = OptionStrings.parse("cache=directsync");
        assertEquals("off", w.lookup("cache.writeback"));
        assertEquals("on", w.lookup("cache.direct"));
    }

    @Test
    void badCacheModeNamesTheOption() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> OptionStrings.parse("file.cache=fast"));
        assertEquals("Parameter 'file.cache' expects writeback, none, writethrough, directsync or unsafe",
                e.getMessage());
    }

    @Test
    void plainTextIsAFileName() {
        OptionTree t = OptionStrings.parse("/tmp/my disk,1.img");
        assertEquals("/tmp/my disk,1.img", t.get("filename"));
        assertNull(t.get("driver"));
        assertThrows(InvalidOptionException.class, () -> OptionStrings.parse(" "));
        assertThrows(InvalidOptionException.class, () -> OptionStrings.parse(null));
    }
}
