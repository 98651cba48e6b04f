package io.jblock.storage.graph;

import io.jblock.storage.BackingFileException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.options.OptionStrings;
import io.jblock.storage.options.OptionTree;
import io.jblock.storage.options.TreeNodeOptions;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@link OpenContext} of one node being opened. Children opened through it are owned by the
 * node: closed after its driver, or right away when the open fails.
 *
 * <p>Children inherit the node's cache switches, read-only, inactive and no-share state unless their own
 * options set them (QEMU semantics); a {@code backing} child defaults to read-only as in QEMU.
 * A child given as a plain string is a file name: the {@code file} child opens it with the
 * protocol its prefix names ({@code file} by default), other roles probe its format; a
 * {@code json:{...}} name stands for the options it holds. A child
 * given as JSON {@code null} or an empty string is "no child".
 */
final class NodeOpenContext implements OpenContext {

    private final GraphOpener opener;
    private final String nodeName;
    private final TreeNodeOptions options;
    private final CacheSettings cache;
    private final boolean readOnly;
    private final Inheritance forChildren;
    private final List<BlockNode> children = Collections.synchronizedList(new ArrayList<>());

    NodeOpenContext(GraphOpener opener, String nodeName, TreeNodeOptions options, CacheSettings cache,
                    boolean readOnly, Inheritance forChildren) {
        this.opener = opener;
        this.nodeName = nodeName;
        this.options = options;
        this.cache = cache;
        this.readOnly = readOnly;
        this.forChildren = forChildren;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public NodeOptions options() {
        return options;
    }

    @Override
    public CacheSettings cacheSettings() {
        return cache;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean inactive() {
        return forChildren.inactive();
    }

    @Override
    public boolean noIo() {
        return forChildren.noIo();
    }

    @Override
    public boolean noShare() {
        return forChildren.noShare();
    }

    @Override
    public BlockNode openChild(String role, boolean required) throws IOException {
        return openChild(role, required, forChildren.noShare());
    }

    @Override
    public BlockNode openMetadataChild(String role, boolean required) throws IOException {
        return openChild(role, required, true);
    }

    private BlockNode openChild(String role, boolean required, boolean noShare) throws IOException {
        Object v = options.peek(role);
        options.consume(role);
        if (v == null || v == OptionTree.NULL || (v instanceof String s && s.isEmpty())) {
            if (required) {
                throw new InvalidOptionException("A block device must be specified for \"" + role + "\"",
                        nodeName, role);
            }
            return null;
        }
        OptionTree tree;
        if (v instanceof OptionTree t) {
            tree = t.copy();
        } else if (v instanceof String s && io.jblock.storage.FilenameSyntax.isJson(s)) {
            tree = OptionStrings.parse(s); // a json: file name stands for its options
        } else {
            tree = new OptionTree();
            tree.put("filename", v);
        }
        boolean childReadOnly = "backing".equals(role) || forChildren.readOnly();
        Inheritance inh = new Inheritance(forChildren.cache(), childReadOnly, forChildren.forceReadOnly(),
                forChildren.inactive(), noShare, forChildren.forceShare(), forChildren.noIo());
        return adopt(open(tree, inh, role));
    }

    /**
     * {@inheritDoc} Options the node was given under {@code role} ({@code backing.driver=...})
     * are added to {@code optionString} and win over it, as QEMU's bdrv_open_backing_file lets
     * {@code backing.*} options override what the image header says.
     */
    @Override
    public BlockNode openChildWithFilename(String role, String filename) throws IOException {
        Object v = options.peek(role);
        options.consume(role);
        OptionTree tree = v instanceof OptionTree t ? t.copy() : new OptionTree();
        if (v instanceof String s && !s.isEmpty()) {
            throw new InvalidOptionException("Cannot give both a file name and '" + role + "'", nodeName, role);
        }
        if (tree.get("filename") == null) {
            tree.put("filename", filename);
        }
        Inheritance inh = new Inheritance(forChildren.cache(), forChildren.readOnly(), forChildren.forceReadOnly(),
                forChildren.inactive(), forChildren.noShare(), forChildren.forceShare(), forChildren.noIo());
        return adopt(opener.openNode(tree, inh, role));
    }

    @Override
    public BlockNode openChild(String role, String optionString, boolean childReadOnly) throws IOException {
        OptionTree tree = OptionStrings.parse(optionString);
        if (options.peek(role) instanceof OptionTree given) {
            for (String leaf : given.leafPaths()) {
                tree.putPath(leaf, given.lookup(leaf));
            }
            options.consume(role);
        }
        Inheritance inh = new Inheritance(forChildren.cache(), childReadOnly,
                forChildren.forceReadOnly() || childReadOnly, forChildren.inactive(), forChildren.noShare(),
                forChildren.forceShare(), forChildren.noIo());
        return adopt(open(tree, inh, role));
    }

    /**
     * Opens a child; a backing file that fails is QEMU's {@code Could not open backing file: ...}
     * ({@link BackingFileException}, or an {@link InvalidOptionException} worded so).
     */
    private BlockNode open(OptionTree tree, Inheritance inh, String role) throws IOException {
        if (!"backing".equals(role)) {
            return opener.openNode(tree, inh, role);
        }
        try {
            return opener.openNode(tree, inh, role);
        } catch (IOException e) {
            throw new BackingFileException(nodeName, e); // deeper in a chain QEMU repeats the words too
        } catch (InvalidOptionException e) {
            String reason = e.getMessage();
            String own = e.nodeName() == null ? null : "node '" + e.nodeName() + "': ";
            if (own != null && reason.startsWith(own)) {
                reason = reason.substring(own.length());
            }
            InvalidOptionException named = new InvalidOptionException(BackingFileException.PREFIX + reason, nodeName,
                    e.option() == null ? role : role + "." + e.option());
            named.initCause(e);
            throw named;
        }
    }

    private BlockNode adopt(BlockNode child) {
        children.add(child);
        return child;
    }

    /** Children opened so far, in order. */
    List<BlockNode> children() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /** Closes every child after a failed open, attaching close failures to {@code cause}. */
    void closeChildren(Throwable cause) {
        List<BlockNode> list = children();
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        children.clear();
    }
}
