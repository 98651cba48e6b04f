package io.jblock.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock create}: qemu-img create. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates an image of format FMT and virtual size SIZE (k, M, G, T suffixes). "
                + "With -b, the image is an overlay on BACKING and SIZE defaults to its size.",
            "Example: jblock create -f qcow2 -o cluster_size=64k,lazy_refcounts=on a.qcow2 1G"})
public final class CreateCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", defaultValue = "raw", description = "Image format (default raw).")
    String format;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Format options, comma separated "
            + "(qcow2: cluster_size, lazy_refcounts, compat, refcount_bits, preallocation, ...); may be repeated.")
    List<String> options = new ArrayList<>();

    @Option(names = "-b", paramLabel = "BACKING", description = "Backing file of the new image.")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the backing file.")
    String backingFormat;

    @Option(names = "-p", description = "Show progress (accepted for qemu-img compatibility; "
            + "creation runs as one step).")
    boolean progress;

    @Option(names = "-q", description = "Quiet: print nothing.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Parameters(index = "1", paramLabel = "SIZE", arity = "0..1")
    String size;

    @Override
    public Integer call() throws IOException {
        long bytes = 0;
        if (size != null) {
            try {
                bytes = ByteSizes.parse(size);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("Invalid image size specified. You may use k, M, G, T, P or E suffixes "
                        + "for kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.", 1, e);
            }
        } else if (backing == null) {
            throw new CommandFailure("Image creation needs a size parameter", 1);
        }
        List<String> all = new ArrayList<>();
        for (String o : options) {
            if (!o.isBlank()) {
                all.add(o);
            }
        }
        if (backing != null) {
            all.add("backing_file=" + ImageRef.escape(backing));
            if (backingFormat != null) {
                all.add("backing_fmt=" + backingFormat);
            }
        }
        String createOptions = String.join(",", all);
        if (!quiet) {
            out().println("Formatting '" + file + "', fmt=" + format
                    + (createOptions.isEmpty() ? "" : " " + createOptions.replace(",,", "\u0000")
                            .replace(',', ' ').replace('\u0000', ','))
                    + (size != null ? " size=" + bytes : ""));
            out().flush();
        }
        try {
            ImageGraph.create(format, file, bytes, createOptions);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(file + ": " + Main.oneLine(e), 1, e);
        }
        return 0;
    }
}
