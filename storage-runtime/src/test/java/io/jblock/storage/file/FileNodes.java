package io.jblock.storage.file;

import io.jblock.storage.testing.MapNodeOptions;
import io.jblock.storage.CacheMode;
import io.jblock.storage.CacheSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opens file nodes through the SPI as the generic layer would, for tests. */
final class FileNodes {
    private FileNodes() {
    }

    /** Opens {@code path} read-write, active, with extra options as alternating keys and values. */
    static FileDriver open(Path path, CacheMode mode, String... extra) throws IOException {
        return open(path, mode.settings(), false, false, extra);
    }

    static FileDriver open(Path path, CacheSettings cache, boolean readOnly, boolean inactive, String... extra)
            throws IOException {
        return open(path, cache, readOnly, inactive, false, extra);
    }

    /** Opens {@code path} read-only and active as qemu-img's readers do (QEMU's BDRV_O_NO_SHARE). */
    static FileDriver openNoShareReader(Path path, String... extra) throws IOException {
        return open(path, CacheMode.WRITEBACK.settings(), true, false, true, extra);
    }

    private static FileDriver open(Path path, CacheSettings cache, boolean readOnly, boolean inactive,
                                   boolean noShare, String... extra) throws IOException {
        List<String> kv = new ArrayList<>(List.of("filename", path.toString()));
        kv.addAll(Arrays.asList(extra));
        MapNodeOptions options = MapNodeOptions.of(kv.toArray(String[]::new));
        FileDriver driver = (FileDriver) new FileDriverFactory().open(
                new TestOpenContext("node-" + path.getFileName(), options, cache, readOnly, inactive, noShare));
        if (!options.unusedKeys().isEmpty()) {
            driver.close();
            throw new IllegalArgumentException("options not read by the driver: " + options.unusedKeys());
        }
        return driver;
    }

    /** Creates a file of {@code size} bytes filled with a byte pattern that depends on the offset. */
    static Path patterned(Path path, int size) throws IOException {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = pattern(i);
        }
        Files.write(path, bytes);
        return path;
    }

    static byte pattern(long offset) {
        return (byte) (offset * 31 + (offset >>> 9) * 7 + 1);
    }
}
