package io.jblock.qcow2;

import io.jblock.storage.testing.MapNodeOptions;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only opening and creation of images without the generic layer: qcow2 nodes over
 * {@link ChannelNode}s, backing files by option string (qcow2, raw, or probed).
 */
final class TestImages {
    private TestImages() {
    }

    static DriverBackedNode open(Path path) throws IOException {
        return open(path, false, false, Map.of());
    }

    static DriverBackedNode openReadOnly(Path path) throws IOException {
        return open(path, true, false, Map.of());
    }

    static DriverBackedNode open(Path path, boolean readOnly, boolean inactive, Map<String, String> options)
            throws IOException {
        return open(new ChannelNode(path, readOnly), path, readOnly, inactive, options);
    }

    /** Opens a qcow2 node over a given file node (e.g. one that records requests). */
    static DriverBackedNode open(BlockNode file, Path path, boolean readOnly, boolean inactive,
                                 Map<String, String> options) throws IOException {
        boolean ok = false;
        try {
            Qcow2Driver d = new Qcow2Driver(new Context("qcow2:" + path.getFileName(), file, readOnly, inactive,
                    new MapNodeOptions(options)));
            ok = true;
            return new DriverBackedNode("qcow2:" + path.getFileName(), "qcow2", d, readOnly, inactive);
        } finally {
            if (!ok) {
                file.close();
            }
        }
    }

    /** Opens an image named by an option string as the generic layer would for a backing file. */
    static BlockNode openByString(String optionString, boolean readOnly) throws IOException {
        Map<String, String> kv = parse(optionString);
        String driver = kv.get("driver");
        String filename = kv.getOrDefault("file.filename", kv.get("filename"));
        if (driver == null) {
            filename = kv.getOrDefault("filename", optionString);
            byte[] head = Files.readAllBytes(Path.of(filename)).length >= 4
                    ? java.util.Arrays.copyOf(Files.readAllBytes(Path.of(filename)), 8) : new byte[8];
            driver = new Qcow2DriverFactory().probe(java.lang.foreign.MemorySegment.ofArray(head), filename)
                    ? "qcow2" : "raw";
        }
        Path p = Path.of(filename);
        return switch (driver) {
            case "qcow2" -> open(p, readOnly, false, Map.of());
            case "raw", "file" -> new ChannelNode(p, readOnly);
            default -> throw new IOException("test context cannot open driver " + driver);
        };
    }

    private static Map<String, String> parse(String s) {
        Map<String, String> m = new HashMap<>();
        if (!s.contains("=")) {
            return m;
        }
        for (String part : s.replace(",,", "\u0000").split(",")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1).replace('\u0000', ','));
        }
        return m;
    }

    static void create(Path path, long size, Map<String, String> options) throws IOException {
        new Qcow2DriverFactory().create(new Create(path, size, new MapNodeOptions(options)));
    }

    private record Context(String nodeName, BlockNode file, boolean readOnly, boolean inactive,
                           NodeOptions options) implements OpenContext {
        @Override
        public CacheSettings cacheSettings() {
            return new CacheSettings(true, false, false);
        }

        @Override
        public BlockNode openChild(String role, boolean required) throws IOException {
            if (role.equals("file")) {
                return file;
            }
            if (required) {
                throw new IOException("test context has no child " + role);
            }
            return null;
        }

        @Override
        public BlockNode openChild(String role, String optionString, boolean ro) throws IOException {
            return openByString(optionString, ro || readOnly);
        }
    }

    private record Create(Path path, long size, NodeOptions options) implements CreateContext {
        @Override
        public String filename() {
            return path.toString();
        }

        @Override
        public void createFile(String filename, long sz, Preallocation prealloc) throws IOException {
            Files.deleteIfExists(Path.of(filename));
            Files.createFile(Path.of(filename));
        }

        @Override
        public BlockNode openFile(String filename) throws IOException {
            return new ChannelNode(Path.of(filename), false);
        }

        @Override
        public BlockNode openImage(String optionString) throws IOException {
            return openByString(optionString, true);
        }
    }
}
