package io.jblock.storage.spi;

import io.jblock.storage.BlockNode;
import java.io.IOException;

/** What a driver is given to create an image. */
public interface CreateContext {

    /** {@return the image's file name} */
    String filename();

    /** {@return virtual size in bytes (0 when a backing file gives it)} */
    long size();

    /**
     * Creation options ({@code -o}); every one the driver does not read is refused.
     *
     * @return the creation options ({@code -o}); every one the driver does not read is refused
     */
    NodeOptions options();

    /**
     * Creates the file with the protocol driver (for formats), honouring preallocation.
     *
     * @param filename the file, with an optional protocol prefix
     * @param size its size in bytes
     * @param prealloc how to allocate it
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void createFile(String filename, long size, io.jblock.storage.Preallocation prealloc) throws IOException;

    /**
     * Reports a problem that does not stop the create (QEMU's {@code warn_report}; qemu-img
     * prints it as {@code warning: MESSAGE}). Contexts without anyone to tell drop it.
     *
     * @param message the warning, without a {@code warning:} prefix
     */
    default void warn(String message) {
    }

    /**
     * Opens the freshly created file read-write with the protocol driver, for writing metadata.
     *
     * @param filename the file createFile made
     * @return a read-write protocol node; the driver closes it
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockNode openFile(String filename) throws IOException;

    /**
     * Opens an image read-only by option string (a backing file, to learn its size).
     *
     * @param optionString any form BlockGraph.open takes
     * @return a read-only node; the driver closes it
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockNode openImage(String optionString) throws IOException;

    /**
     * Looks up the secret a creation option names ({@code encrypt.key-secret=ID}). The default
     * asks the process's {@link io.jblock.storage.SecretRegistry}.
     *
     * @param id the secret's id
     * @return a copy of the secret's bytes
     * @throws io.jblock.storage.InvalidOptionException {@code No secret with id 'ID'} when there is none
     */
    default byte[] secret(String id) {
        return io.jblock.storage.SecretRegistry.lookup(id);
    }
}
