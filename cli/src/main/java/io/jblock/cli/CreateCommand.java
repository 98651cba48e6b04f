package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock create}: qemu-img create (qemu-img.c's img_create and block.c's
 * bdrv_img_create): the {@code -o} options are checked against the format's and the file
 * protocol's option lists as QEMU checks them, {@code -o help} lists them, and the
 * {@code Formatting ...} line prints every option with a value or a default in QEMU's order.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates an image of format FMT and virtual size SIZE (k, M, G, T suffixes). "
                + "With -b, the image is an overlay on BACKING and SIZE defaults to its size. "
                + "-o help lists the format's options.",
            "Example: jblock create -f qcow2 -o cluster_size=64k,lazy_refcounts=on a.qcow2 1G"})
public final class CreateCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", defaultValue = "raw", description = "Image format (default raw).")
    String format;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Format options, comma separated "
            + "(qcow2: cluster_size, lazy_refcounts, compat, refcount_bits, preallocation, ...); may be repeated; "
            + "'help' lists them.")
    List<String> options = new ArrayList<>();

    @Option(names = "-b", paramLabel = "BACKING", description = "Backing file of the new image.")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the backing file.")
    String backingFormat;

    @Option(names = "-u", description = "Do not open the backing file (SIZE is then required).")
    boolean unsafe;

    @Option(names = "-p", hidden = true, description = "Accepted for compatibility; creation runs as one step.")
    boolean progress;

    @Option(names = "-q", description = "Quiet: print nothing.")
    boolean quiet;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: "
            + "secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Parameters(paramLabel = "FILE [SIZE]", arity = "0..*")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        String opts = QemuImgArgs.accumulate(options);
        String file = args.isEmpty() ? null : args.get(0);
        if (opts != null && QemuOpts.wantsHelp(opts)) {
            return CreateOptionText.printOptionHelp(out(), format, file);
        }
        if (file == null) {
            throw QemuImgArgs.usage("Expecting image file name");
        }
        long imgSize = args.size() > 1 ? QemuImgArgs.cvtnum("image size", args.get(1)) : -1;
        if (args.size() > 2) {
            throw QemuImgArgs.usage("Unexpected argument: " + args.get(2));
        }
        List<QemuOpts.Desc> descs = CreateOptionTable.createWithProtocol(format);
        if (descs == null) {
            String refusal = QemuFormats.creationRefusal(format);
            throw new CommandFailure(file + ": " + (refusal != null ? refusal : "Unknown file format '" + format + "'"), 1);
        }
        QemuOpts q = new QemuOpts(descs);
        try {
            q.parse(opts);
            if (!q.has("size")) {
                if (imgSize >= 0) {
                    q.set("size", Long.toString(imgSize));
                }
            } else if (imgSize != -1) {
                throw new CommandFailure(file + ": The image size must be specified only once", 1);
            }
            if (backing != null) {
                setOrRefuse(q, "backing_file", backing, "Backing file not supported for file format '" + format + "'");
            }
            if (backingFormat != null) {
                setOrRefuse(q, "backing_fmt", backingFormat,
                        "Backing file format not supported for file format '" + format + "'");
            }
        } catch (QemuOpts.InvalidOption e) {
            throw new CommandFailure(file + ": " + e.getMessage(), e.hint(), 1, e);
        }
        String backingFile = q.get("backing_file");
        if (backingFile != null) {
            if (backingFile.equals(file)) {
                throw new CommandFailure(file + ": Error: Trying to create an image with the same filename as the "
                        + "backing file", 1);
            }
            if (backingFile.isEmpty()) {
                throw new CommandFailure(file + ": Expected backing file name, got empty string", 1);
            }
        }
        String backingFmt = q.get("backing_fmt");
        long size = q.has("size") ? q.size("size", -1) : -1;
        if (backingFile != null && !unsafe) {
            size = sizeFromBacking(q, file, backingFile, backingFmt, size);
        } else if (backingFile != null && backingFmt == null) {
            throw new CommandFailure(file + ": Backing file specified without backing format", 1);
        }
        if (size == -1) {
            throw new CommandFailure(file + ": Image creation needs a size parameter", 1);
        }
        if (!quiet) {
            out().println("Formatting '" + file + "', fmt=" + format + " " + q.print());
            out().flush();
        }
        try {
            ImageGraph.create(format, file, size, CreateOptionText.driverOptions(q), err());
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(file + ": " + Main.oneLine(e), 1, e);
        }
        return 0;
    }

    private static void setOrRefuse(QemuOpts q, String name, String value, String refusal) {
        if (q.descs().stream().noneMatch(d -> d.name().equals(name))) {
            throw new QemuOpts.InvalidOption(refusal, null);
        }
        q.set(name, value);
    }

    /**
     * Opens the backing file as qemu-img create does (read-only, sharing everything), to check
     * it and learn the size when none was given; the format must be named.
     */
    private long sizeFromBacking(QemuOpts q, String file, String backingFile, String backingFmt, long size) {
        String full = QemuImgArgs.resolveAgainst(file, backingFile);
        ImageRef ref = ImageRef.of(full, backingFmt);
        String detected;
        long backingSize;
        // probing the format is part of opening it: a missing file is "Could not open backing image." too
        // metadata only (QEMU's BDRV_O_NO_IO): an encrypted backing file needs no key here
        try (BlockNode b = ref.forceShare().openMetadataOnlyUnwrapped()) {
            detected = b.driverName();
            backingSize = b.size();
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(file + ": " + QemuMessages.openReason(e), "Could not open backing image.\n", 1, e);
        }
        if (backingFmt == null) {
            throw new CommandFailure(file + ": Backing file specified without backing format",
                    "Detected format of " + detected + ".", 1, null);
        }
        if (size == -1) {
            size = backingSize;
            q.set("size", Long.toString(size));
        }
        return size;
    }


}
