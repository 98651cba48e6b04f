package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 11: docs/options.md lists every open option each driver declares
 * ({@link BlockDriverFactory#optionNames()}) and every create option its {@code create} reads
 * (recorded by running it against a context that notes each option asked for), and nothing
 * else. A driver registered without a section of its own fails this test.
 */
class OptionsReferenceTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");
    private static final List<String> GENERIC = List.of("driver", "node-name", "read-only", "cache", "cache.writeback",
            "cache.direct", "cache.no-flush", "discard", "force-share", "filename");

    @TempDir
    Path dir;

    private static String doc() throws IOException {
        return Files.readString(ROOT.resolve("docs/options.md"));
    }

    /** The text from {@code heading} to the next heading of the same or a higher level. */
    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "docs/options.md has no section '" + heading + "'");
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = text.length();
        for (String h : new String[] {"\n## ", "\n" + level}) {
            int e = text.indexOf(h, start + heading.length() + 1);
            if (e >= 0) {
                end = Math.min(end, e);
            }
        }
        return text.substring(start, end);
    }

    private static Set<String> rows(String section) {
        Set<String> names = new TreeSet<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The drivers the command ships (the test drivers of the test jars are left out). */
    private static List<BlockDriverFactory> drivers() {
        return ServiceLoader.load(BlockDriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> {
                    String where = f.getClass().getProtectionDomain().getCodeSource().getLocation().toString();
                    return !where.contains("test-classes") && !where.endsWith("-tests.jar");
                }).toList();
    }

    @Test
    void everyOpenOptionOfEveryDriverIsDocumentedAndNoOther() throws Exception {
        String doc = doc();
        List<BlockDriverFactory> drivers = drivers();
        assertTrue(drivers.stream().map(BlockDriverFactory::name).toList().containsAll(List.of("file", "raw", "qcow2")),
                drivers.toString());
        for (BlockDriverFactory f : drivers) {
            String driver = section(doc, "## `" + f.name() + "` (" + f.kind().name().toLowerCase() + ")");
            Set<String> documented = rows(section(driver, "### Open options"));
            assertEquals(new TreeSet<>(f.optionNames()), documented,
                    f.name() + ": docs/options.md's open options differ from optionNames()");
        }
        Set<String> generic = rows(section(doc, "## Generic node options (every driver)"));
        assertEquals(new TreeSet<>(GENERIC), generic);
    }

    @Test
    void everyCreateOptionOfEveryDriverIsDocumentedAndNoOther() throws Exception {
        String doc = doc();
        for (BlockDriverFactory f : drivers()) {
            Set<String> read = createOptionsRead(f);
            String driver = section(doc, "## `" + f.name() + "` (" + f.kind().name().toLowerCase() + ")");
            assertEquals(new TreeSet<>(read), rows(section(driver, "### Create options")),
                    f.name() + ": docs/options.md's create options differ from what create reads");
        }
    }

    /** Control: the recording sees qcow2's create options, and the table parser is not vacuous. */
    @Test
    void theRecordingAndTheParserSeeWhatTheyShould() throws Exception {
        BlockDriverFactory qcow2 = drivers().stream().filter(f -> f.name().equals("qcow2")).findFirst().orElseThrow();
        Set<String> read = createOptionsRead(qcow2);
        assertTrue(read.containsAll(List.of("cluster_size", "compat", "lazy_refcounts", "backing_file",
                "compression_type")), read.toString());
        Set<String> open = rows(section(section(doc(), "## `qcow2` (format)"), "### Open options"));
        assertTrue(open.contains("l2-cache-size"), open.toString());
        assertFalse(open.contains("cluster_size"), "the create table leaked into the open table");
        assertFalse(rows("| `no-such-option` is not a row\n").contains("no-such-option"));
    }

    /** Thrown by the recording context where the create would start writing. */
    private static final class Stop extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private Set<String> createOptionsRead(BlockDriverFactory f) throws IOException {
        Set<String> asked = new LinkedHashSet<>();
        NodeOptions options = new NodeOptions() {
            @Override
            public Optional<String> string(String key) {
                asked.add(key);
                return Optional.empty();
            }

            @Override
            public boolean bool(String key, boolean defaultValue) {
                asked.add(key);
                return defaultValue;
            }

            @Override
            public long size(String key, long defaultValue) {
                asked.add(key);
                return defaultValue;
            }

            @Override
            public long number(String key, long defaultValue) {
                asked.add(key);
                return defaultValue;
            }

            @Override
            public boolean has(String key) {
                asked.add(key);
                return false;
            }

            @Override
            public Set<String> unusedKeys() {
                return Set.of();
            }
        };
        Path image = dir.resolve(f.name() + ".img");
        CreateContext context = new CreateContext() {
            @Override
            public String filename() {
                return image.toString();
            }

            @Override
            public long size() {
                return 1 << 20;
            }

            @Override
            public NodeOptions options() {
                return options;
            }

            @Override
            public void createFile(String filename, long size, Preallocation prealloc) throws IOException {
                throw new Stop();
            }

            @Override
            public BlockNode openFile(String filename) throws IOException {
                throw new Stop();
            }

            @Override
            public BlockNode openImage(String optionString) throws IOException {
                throw new Stop();
            }
        };
        try {
            f.create(context); // a protocol creates its file itself: in the test's directory
        } catch (Stop expected) {
            // every option was read before the driver started to create
        } catch (IOException refused) {
            // filters, and protocols with nothing to create (null-co), refuse image creation as QEMU
            // does; a device driver (host_device, host_cdrom) reads its options, then refuses the
            // test's missing device
            if (f.kind() != io.jblock.storage.spi.DriverKind.FILTER && !f.name().startsWith("host_")
                    && !String.valueOf(refused.getMessage()).endsWith("does not support image creation")) {
                throw refused;
            }
        }
        return asked;
    }
}
