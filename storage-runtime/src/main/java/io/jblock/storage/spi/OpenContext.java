package io.jblock.storage.spi;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import java.io.IOException;

/** What a driver is given to open its node. */
public interface OpenContext {

    /** The node's name. */
    String nodeName();

    /** The node's own options; every one the driver does not read is refused after open. */
    NodeOptions options();

    /** Cache switches for this node (inherited from the parent unless set on the node). */
    CacheSettings cacheSettings();

    /** Whether the node is opened read-only. */
    boolean readOnly();

    /** Whether the node is opened inactive (incoming migration): no write lock, writes refused. */
    boolean inactive();

    /**
     * Opens the child in {@code role} from the {@code role.*} options or the {@code role}
     * reference, inheriting cache settings, read-only and inactive unless set on it.
     *
     * @return the child, or null if not configured and not {@code required}
     */
    BlockNode openChild(String role, boolean required) throws IOException;

    /** Opens a child from an explicit option string (a backing file named by an image header). */
    BlockNode openChild(String role, String optionString, boolean readOnly) throws IOException;
}
