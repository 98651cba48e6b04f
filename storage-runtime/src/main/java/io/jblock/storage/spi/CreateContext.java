package io.jblock.storage.spi;

import io.jblock.storage.BlockNode;
import java.io.IOException;

/** What a driver is given to create an image. */
public interface CreateContext {

    /** The image's file name. */
    String filename();

    /** Virtual size in bytes (0 when a backing file gives it). */
    long size();

    /** Creation options ({@code -o}); every one the driver does not read is refused. */
    NodeOptions options();

    /** Creates the file with the protocol driver (for formats), honouring preallocation. */
    void createFile(String filename, long size, io.jblock.storage.Preallocation prealloc) throws IOException;

    /**
     * Reports a problem that does not stop the create (QEMU's {@code warn_report}; qemu-img
     * prints it as {@code warning: MESSAGE}). Contexts without anyone to tell drop it.
     */
    default void warn(String message) {
    }

    /** Opens the freshly created file read-write with the protocol driver, for writing metadata. */
    BlockNode openFile(String filename) throws IOException;

    /** Opens an image read-only by option string (a backing file, to learn its size). */
    BlockNode openImage(String optionString) throws IOException;
}
