package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QemuJsonTest {

    @Test
    void prettyAsQemuImg() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("compat", "1.1");
        data.put("lazy-refcounts", false);
        Map<String, Object> fs = new LinkedHashMap<>();
        fs.put("type", "qcow2");
        fs.put("data", data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("virtual-size", 67108864L);
        m.put("filename", "a \"q\".qcow2");
        m.put("format-specific", fs);
        m.put("list", List.of(1, "x"));
        m.put("empty", Map.of());
        assertEquals("""
                {
                    "virtual-size": 67108864,
                    "filename": "a \\"q\\".qcow2",
                    "format-specific": {
                        "type": "qcow2",
                        "data": {
                            "compat": "1.1",
                            "lazy-refcounts": false
                        }
                    },
                    "list": [
                        1,
                        "x"
                    ],
                    "empty": {}
                }""", QemuJson.pretty(m));
    }

    @Test
    void compactAsQemuImgMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", 0L);
        m.put("length", 65536L);
        m.put("present", true);
        assertEquals("{ \"start\": 0, \"length\": 65536, \"present\": true}", QemuJson.compact(m));
    }
}
