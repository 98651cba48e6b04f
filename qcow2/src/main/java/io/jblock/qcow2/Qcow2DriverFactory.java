package io.jblock.qcow2;

import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/** The {@code qcow2} format driver's factory, found with ServiceLoader. Stateless and thread-safe. */
public final class Qcow2DriverFactory implements BlockDriverFactory {
    private static final Set<String> OPTIONS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            "l2-cache-size", "refcount-cache-size", "cache-size", "l2-cache-entry-size", "cache-clean-interval",
            "snapshot.id", "snapshot.name", "x-skip-invalidate", "pass-discard-request",
            "encrypt.format", "encrypt.key-secret"),
            MetadataOverlap.OPTION_KEYS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The factory ServiceLoader instantiates. */
    public Qcow2DriverFactory() {
    }

    @Override
    public String name() {
        return "qcow2";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return OPTIONS;
    }

    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of("file", "backing", "data-file"));
    }

    @Override
    public BlockDriver open(OpenContext context) throws IOException {
        return new Qcow2Driver(context);
    }

    @Override
    public void create(CreateContext context) throws IOException {
        ImageCreator.create(context);
    }

    /** True when the first four bytes are the qcow magic "QFI\xfb" and the version is 2 or 3. */
    @Override
    public boolean probe(MemorySegment firstSector, String filename) {
        if (firstSector.byteSize() < 8) {
            return false;
        }
        int magic = firstSector.get(Qcow2Image.BE_INT, 0);
        int version = firstSector.get(Qcow2Image.BE_INT, 4);
        return magic == io.jblock.qcow2.metadata.Qcow2Header.MAGIC && (version == 2 || version == 3);
    }
}
