package io.jblock.storage.spi;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import java.io.IOException;

/** What a driver is given to open its node. */
public interface OpenContext {

    /** {@return the node's name} */
    String nodeName();

    /** {@return the node's own options; every one the driver does not read is refused after open} */
    NodeOptions options();

    /**
     * Cache switches for this node (inherited from the parent unless set on the node).
     *
     * @return the cache switches of this node (inherited from the parent unless set on the node)
     */
    CacheSettings cacheSettings();

    /** {@return whether the node is opened read-only} */
    boolean readOnly();

    /** {@return whether the node is opened inactive (incoming migration): no write lock, writes refused} */
    boolean inactive();

    /**
     * {@return whether the node shares only consistent read and write-unchanged with other users of
     * the image (QEMU's {@code BDRV_O_NO_SHARE}, see {@link
     * io.jblock.storage.OpenOptions#noShare()}): a protocol driver that locks its image then keeps
     * writers out even when read-only} Inherited by every child.
     */
    default boolean noShare() {
        return false;
    }

    /**
     * {@return whether only the node's metadata will be read (QEMU's {@code BDRV_O_NO_IO},
     * {@link io.jblock.storage.OpenOptions#noIo()}): an encrypted image then opens without its key}
     */
    default boolean noIo() {
        return false;
    }

    /**
     * Opens the child in {@code role} from the {@code role.*} options, or from a plain string
     * {@code role=NAME} (a file name: the {@code file} child opens it with the protocol its
     * prefix names, other roles probe its format), inheriting cache settings, read-only,
     * inactive and no-share unless set on it; a {@code backing} child defaults to read-only (QEMU). The node
     * owns the child: it is closed after the driver, or at once if the open fails. An explicit
     * "no child" (JSON {@code null}, or an empty value) returns null like an absent one; tell
     * them apart with {@code options().has(role)} before calling.
     *
     * @param role {@code file}, {@code backing}, {@code data-file}, ...
     * @param required whether a missing child is an error
     * @return the child, or null if not configured and not {@code required}
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockNode openChild(String role, boolean required) throws IOException;

    /**
     * As {@link #openChild(String, boolean)}, for a child whose bytes hold metadata the driver
     * interprets (qcow2's {@code file}): the child never shares write or resize with other
     * processes, whatever {@link #noShare()} says, as QEMU's bdrv_default_perms_for_storage
     * unshares them for every metadata child. So a read-only qcow2 image cannot open while
     * another process writes it ({@code qemu-img info} and {@code qemu-io -r} refuse it too),
     * while a read-only raw image can. The default, for contexts that hand out ready-made
     * children, is {@link #openChild(String, boolean)}.
     *
     * @param role the child's role, usually {@code file}
     * @param required whether a missing child is an error
     * @return the child, or null if not configured and not {@code required}
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    default BlockNode openMetadataChild(String role, boolean required) throws IOException {
        return openChild(role, required);
    }

    /**
     * Opens a child from an explicit option string (a backing file named by an image header):
     * any form {@link io.jblock.storage.BlockGraph#open} accepts; a bare file name is probed.
     * Relative file names are used as given (resolve them against the image's directory first).
     * Cache settings and the inactive state are inherited; {@code readOnly} forces read-only.
     *
     * @param role the child's role
     * @param optionString any form {@link io.jblock.storage.BlockGraph#open} accepts
     * @param readOnly open it read-only
     * @return the child, owned by the node
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockNode openChild(String role, String optionString, boolean readOnly) throws IOException;

    /**
     * Opens a required child from its options, with {@code filename} as its {@code filename}
     * option when those give none: QEMU's bdrv_open_child with a file name and options, as
     * blkdebug's image file name next to {@code image.driver=qcow2}. Contexts outside a graph
     * opener (tests that build a driver directly) do not offer it.
     *
     * @param role     the child's role
     * @param filename the file name to use when the child's options name none
     * @return the child, owned by the node
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails; a plain
     *                     IOException saying so where the context does not offer it
     */
    default BlockNode openChildWithFilename(String role, String filename) throws IOException {
        throw new IOException("opening child '" + role + "' with a file name and options is not supported by "
                + getClass().getName() + " (only by graph openers)");
    }

    /**
     * Looks up the secret an option of this node names (QEMU's {@code qcrypto_secret_lookup}):
     * {@code encrypt.key-secret=ID} and the like. The default asks the process's
     * {@link io.jblock.storage.SecretRegistry}.
     *
     * @param id the secret's id
     * @return a copy of the secret's bytes
     * @throws io.jblock.storage.InvalidOptionException {@code No secret with id 'ID'} when there is none
     */
    default byte[] secret(String id) {
        return io.jblock.storage.SecretRegistry.lookup(id);
    }
}
