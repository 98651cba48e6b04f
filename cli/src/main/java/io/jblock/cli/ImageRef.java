package io.jblock.cli;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.FilenameSyntax;
import io.jblock.storage.OpenOptions;
import java.io.IOException;

/**
 * An image named on the command line: a file with an optional format ({@code -f}), or with
 * {@code --image-opts} a full option string. Knows how to open it and how to name it in messages.
 *
 * @param file      the FILE argument (a path, or an option string with {@code imageOpts})
 * @param format    the {@code -f} format, or null to probe
 * @param imageOpts whether {@code file} is an option string
 */
public record ImageRef(String file, String format, boolean imageOpts) {

    /**
     * {@return a plain file with an optional format}
     *
     * @param file the FILE argument
     * @param format the {@code -f} format, or null to probe
     */
    public static ImageRef of(String file, String format) {
        return new ImageRef(file, format, false);
    }

    /**
     * {@return the option string BlockGraph opens}
     *
     * @throws IOException when probing the format fails
     */
    public String optionString() throws IOException {
        if (imageOpts) {
            return file;
        }
        if (FilenameSyntax.isJson(file)) {
            // QEMU's json: pseudo-protocol: the object's options, -f (given directly) winning
            return format != null ? FilenameSyntax.merge("driver=" + format, file) : FilenameSyntax.toOptionString(file);
        }
        if (FilenameSyntax.hasProtocol(file)) {
            // "file:a:b.img", "nbd://...": the prefix chooses the protocol; the format is probed through it
            return format != null ? "driver=" + format + ",file.filename=" + escape(file) : "filename=" + escape(file);
        }
        String fmt = format != null ? format : FormatProbe.probe(file);
        return "driver=" + fmt + ",file.driver=file,file.filename=" + escape(file);
    }

    /**
     * {@return this image opened without image locks (qemu-img's {@code -U}/{@code --force-share}):
     * {@code file.locking=off} on the file node}
     *
     * @throws IOException when probing the format fails
     */
    public ImageRef forceShare() throws IOException {
        String opts = optionString();
        String fileDriver = IoCommand.topLevel(opts, "file.driver");
        if (IoCommand.topLevel(opts, "file.locking") != null || (fileDriver != null && !fileDriver.equals("file"))) {
            // locking is the file protocol's option: a filter (blkdebug) or format as the file has none
            return new ImageRef(opts, null, true);
        }
        return new ImageRef(opts + ",file.locking=off", null, true);
    }

    /**
     * This image opened without its backing file (QEMU's BDRV_O_NO_BACKING, as qemu-img info,
     * snapshot and amend open images): {@code backing=} on a qcow2 node, the one format with
     * backing files. Other formats are returned as they are.
     *
     * @return the reference with {@code backing=} added for qcow2
     */
    public ImageRef withoutBacking() {
        String opts = optionStringOrFailure();
        if (opts.startsWith("json:")) {
            return this;
        }
        boolean qcow2 = "qcow2".equals(IoCommand.topLevel(opts, "driver"));
        boolean backingGiven = IoCommand.topLevel(opts, "backing") != null
                || opts.startsWith("backing.") || opts.contains(",backing.");
        return qcow2 && !backingGiven ? new ImageRef(opts + ",backing=", null, true) : this;
    }

    /**
     * This image opened with discard requests and MAY_UNMAP passed on (QEMU's BDRV_O_UNMAP, which
     * convert and commit set on their target): {@code discard=unmap} on the top node.
     *
     * @return the reference with {@code discard=unmap} added
     */
    public ImageRef unmapping() {
        String opts = optionStringOrFailure();
        return opts.startsWith("json:") || IoCommand.topLevel(opts, "discard") != null ? this
                : new ImageRef(opts + ",discard=unmap", null, true);
    }

    /** {@link #optionString()}, a probe that fails worded as {@link #open} words it. */
    private String optionStringOrFailure() {
        try {
            return optionString();
        } catch (IOException e) {
            throw new CommandFailure("Could not open '" + displayName() + "': " + QemuMessages.openReason(e), 1, e);
        }
    }

    /**
     * {@return the name messages use: the file, or the {@code filename} inside an option string}
     */
    public String displayName() {
        if (!imageOpts) {
            return file;
        }
        for (String part : file.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && (part.substring(0, eq).equals("filename") || part.substring(0, eq).endsWith(".filename"))) {
                return part.substring(eq + 1);
            }
        }
        return file;
    }

    /**
     * Opens the image; a failure becomes a {@link CommandFailure} worded as qemu-img's
     * {@code Could not open 'FILE': reason}, exit status 1.
     *
     * @param readOnly open read-only
     * @param inactive open inactive
     * @param cache the cache mode, null for writeback
     * @return the root node
     */
    public BlockNode open(boolean readOnly, boolean inactive, CacheMode cache) {
        return open(readOnly, inactive, cache, false);
    }

    /**
     * Opens the image read-only as qemu-img convert opens its source (QEMU's BDRV_O_NO_SHARE,
     * since QEMU 6.1 and only there): sharing neither write nor resize, so it fails with QEMU's
     * {@code Failed to get shared "write" lock} while another process writes the image, and
     * keeps writers out while it copies, so the copy is consistent. {@link #forceShare()} (no
     * locks) lifts both. Failures are worded as {@link #open(boolean, boolean, CacheMode)}'s.
     *
     * @param cache the cache mode, null for writeback
     * @return the root node
     */
    public BlockNode openConvertSource(CacheMode cache) {
        return open(true, false, cache, true);
    }

    /**
     * Opens the image read-only for its metadata only, as qemu-img info does (QEMU's
     * BDRV_O_NO_IO): an encrypted image opens without its key. Failures as {@link #open}.
     *
     * @return the root node
     */
    public BlockNode openMetadataOnly() {
        try {
            return openMetadataOnlyUnwrapped();
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("Could not open '" + displayName() + "': " + QemuMessages.openReason(e), 1, e);
        }
    }

    private BlockNode open(boolean readOnly, boolean inactive, CacheMode cache, boolean noShare) {
        try {
            return openUnwrapped(readOnly, inactive, cache, noShare);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("Could not open '" + displayName() + "': " + QemuMessages.openReason(e), 1, e);
        }
    }

    /** As {@link #openMetadataOnly()}; failures are the driver's. */
    BlockNode openMetadataOnlyUnwrapped() throws IOException {
        return BlockGraph.open(optionString(), OpenOptions.defaults().readOnly().noIo());
    }

    /** Opens the image; failures are the driver's (see {@link QemuMessages#openReason} for QEMU's words). */
    BlockNode openUnwrapped(boolean readOnly, boolean inactive, CacheMode cache, boolean noShare) throws IOException {
        return ImageGraph.open(optionString(), readOnly, inactive, cache == null ? CacheMode.WRITEBACK : cache,
                noShare);
    }

    /** Doubles commas, as QEMU's option syntax wants inside a value. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
