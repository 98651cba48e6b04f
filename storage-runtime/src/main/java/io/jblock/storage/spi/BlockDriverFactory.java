package io.jblock.storage.spi;

import java.io.IOException;
import java.util.Set;

/**
 * Opens and creates nodes of one driver. Found with {@link java.util.ServiceLoader}: declare it
 * in {@code module-info} ({@code provides}) and in {@code META-INF/services}.
 */
public interface BlockDriverFactory {

    /** {@return the driver's name as in {@code driver=NAME}} */
    String name();

    /** {@return protocol, format or filter} */
    DriverKind kind();

    /**
     * The driver's own option names (without {@code file.}/{@code backing.} children), dotted
     * where they are grouped ({@code snapshot.id}). {@code docs/options.md} documents each.
     *
     * @return every option {@link #open} may read
     */
    Set<String> optionNames();

    /**
     * The child roles {@link #open} may open ({@code file}, {@code backing}, {@code data-file},
     * ...), when the driver declares them. With them, the generic layer refuses an option that is
     * neither generic, nor one of {@link #optionNames()}, nor under one of these roles before the
     * driver opens anything, so that a misspelt option is reported as such even when the image
     * is locked by another process. Empty (the default): unknown options are found after open.
     *
     * @return the roles, or empty when not declared
     */
    default java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.empty();
    }

    /**
     * Opens a node; the context gives options, cache settings, state and the children.
     *
     * @param context options, cache settings, state and the children
     * @return the open driver
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockDriver open(OpenContext context) throws IOException;

    /**
     * Creates an image (QEMU's bdrv_create): for a protocol the file itself, for a format its
     * metadata on a protocol node that it opens through the context.
     *
     * @param context the file name, the size and the creation options
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void create(CreateContext context) throws IOException;

    /**
     * {@return whether the first bytes of an image say it is this format (for format probing)}
     *
     * @param firstSector the image's first 512 bytes (zeroes past a short file's end)
     * @param filename the image's name, for probes that look at it
     */
    default boolean probe(java.lang.foreign.MemorySegment firstSector, String filename) {
        return false;
    }
}
