package io.jblock.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** QEMU's json: pseudo-protocol and path_has_protocol, as {@link FilenameSyntax} implements them. */
class FilenameSyntaxTest {

    @Test
    void nestedObjectsBecomeDottedKeysInDocumentOrder() {
        assertEquals("driver=qcow2,file.driver=file,file.filename=/d/a,,b.qcow2",
                FilenameSyntax.toOptionString("json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
                        + "\"filename\":\"/d/a,b.qcow2\"}}"));
    }

    @Test
    void singleQuotedStringsAsTheIotestsWriteThem() {
        assertEquals("driver=null-co,size=1048576,read-zeroes=true",
                FilenameSyntax.toOptionString("json:{ 'driver': 'null-co', 'size': 1048576, 'read-zeroes': true }"));
        assertEquals("filename=it's", FilenameSyntax.toOptionString("json:{'filename': 'it\\'s'}"));
    }

    @Test
    void optionsGivenDirectlyWin() {
        // QEMU 089: open -o driver=qcow2 json:{"driver":"raw","file.filename":...} opens qcow2
        assertEquals("driver=qcow2,file.filename=a",
                FilenameSyntax.merge("driver=qcow2", "json:{\"driver\":\"raw\",\"file.filename\":\"a\"}"));
        assertEquals("driver=qcow2,,x,file.filename=a",
                FilenameSyntax.merge("driver=qcow2,,x", "json:{\"file.filename\":\"a\"}"),
                "an escaped comma at the end is not a separator");
        assertEquals("driver=qcow2,file.filename=a",
                FilenameSyntax.merge("driver=qcow2,", "json:{\"file.filename\":\"a\"}"));
    }

    @Test
    void nullOnlyForBacking() {
        assertEquals("driver=qcow2,backing=null", FilenameSyntax.toOptionString("json:{'driver':'qcow2','backing':null}"));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> FilenameSyntax.toOptionString("json:{'driver':'qcow2','data-file':null}"));
        assertTrue(e.getMessage().contains("'data-file'"), e.getMessage());
    }

    @Test
    void malformedJsonIsQemusParseError() {
        for (String bad : new String[] {"json:", "json:{", "json:{'a' 1}", "json:[1]", "json:{'a':1} x"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> FilenameSyntax.toOptionString(bad), bad);
            assertTrue(e.getMessage().startsWith("Could not parse the JSON options: "), e.getMessage());
        }
        assertThrows(InvalidOptionException.class, () -> FilenameSyntax.toOptionString("json:{}"));
        assertThrows(InvalidOptionException.class, () -> FilenameSyntax.merge(null, "a.qcow2"));
    }

    @Test
    void protocolPrefixIsAColonBeforeAnySlash() {
        assertTrue(FilenameSyntax.hasProtocol("file:a.img"));
        assertTrue(FilenameSyntax.hasProtocol("image:base.qcow2"));
        assertTrue(FilenameSyntax.hasProtocol("nbd://host/x"));
        assertTrue(FilenameSyntax.hasProtocol("json:{\"a\":\"/x\"}"));
        assertFalse(FilenameSyntax.hasProtocol("./image:base.qcow2"));
        assertFalse(FilenameSyntax.hasProtocol("/dir/a:b.img"));
        assertFalse(FilenameSyntax.hasProtocol("a.img"));
        assertFalse(FilenameSyntax.hasProtocol(":a"));
    }

    @Test
    void plainJsonNamesAreNamedByTheirFile() {
        assertTrue(FilenameSyntax.isPlain("json:{\"driver\":\"qcow2\",\"file.filename\":\"a\"}"));
        assertTrue(FilenameSyntax.isPlain("json:{'driver':'qcow2','file':{'driver':'file','filename':'a',"
                + "'locking':'off'}}"));
        // negative controls: a filter, data-changing options, no file at all
        assertFalse(FilenameSyntax.isPlain("json:{'driver':'qcow2','file':{'driver':'blkdebug','image.filename':'a'}}"));
        assertFalse(FilenameSyntax.isPlain("json:{'driver':'raw','offset':512,'file.filename':'a'}"));
        assertFalse(FilenameSyntax.isPlain("json:{'driver':'qcow2','file.filename':'a','backing':null}"));
        assertFalse(FilenameSyntax.isPlain("json:{'driver':'null-co'}"));
    }
}
