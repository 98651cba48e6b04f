package io.jblock.storage.spi;

import java.io.IOException;
import java.util.Set;

/**
 * Opens and creates nodes of one driver. Found with {@link java.util.ServiceLoader}: declare it
 * in {@code module-info} ({@code provides}) and in {@code META-INF/services}.
 */
public interface BlockDriverFactory {

    /** The driver's name as in {@code driver=NAME}. */
    String name();

    /** Protocol, format or filter. */
    DriverKind kind();

    /** The driver's own option names (without {@code file.}/{@code backing.} children). */
    Set<String> optionNames();

    /** Opens a node; the context gives options, cache settings, state and the children. */
    BlockDriver open(OpenContext context) throws IOException;

    /**
     * Creates an image (QEMU's bdrv_create): for a protocol the file itself, for a format its
     * metadata on a protocol node that it opens through the context.
     */
    void create(CreateContext context) throws IOException;

    /** Whether the first bytes of an image say it is this format (for format probing). */
    default boolean probe(java.lang.foreign.MemorySegment firstSector, String filename) {
        return false;
    }
}
