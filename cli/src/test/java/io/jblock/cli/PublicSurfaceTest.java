package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 1: the packages jblock's modules export, read from their module descriptors.
 * A change here is a change of the public API: make it on purpose (and in the README's table).
 * Before issue 10 the modules exported io.jblock.ffm.linux to everyone and qcow2 exported
 * io.jblock.qcow2, .metadata, .cache and .types. The io_uring engine (io.jblock.ffm.uring, issue 11)
 * is exported to io.jblock.storage only, like the raw bindings.
 */
class PublicSurfaceTest {

    @Test
    void theModulesExportExactlyTheirApi() {
        Path[] jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") ? Path.of(e).getFileName().toString().startsWith("jblock-")
                        && !e.endsWith("-tests.jar") : e.endsWith("target" + File.separator + "classes")
                        && !e.contains(File.separator + "cli" + File.separator))
                .map(Path::of).toArray(Path[]::new);
        Map<String, Set<String>> exports = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(jars).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            exports.put(d.name(), d.exports().stream()
                    .map(e -> e.source() + (e.isQualified() ? " to " + new TreeSet<>(e.targets()) : ""))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(Map.of(
                "io.jblock.ffm", Set.of("io.jblock.ffm", "io.jblock.ffm.memory", "io.jblock.ffm.linux to [io.jblock.storage]",
                        "io.jblock.ffm.uring to [io.jblock.storage]"),
                "io.jblock.storage", Set.of("io.jblock.storage", "io.jblock.storage.feature", "io.jblock.storage.spi",
                        "io.jblock.storage.ramfile", "io.jblock.storage.crypto to [io.jblock.qcow2, io.jblock.raw]"),
                "io.jblock.raw", Set.of(),
                "io.jblock.qcow2", Set.of()), exports);
    }
}
