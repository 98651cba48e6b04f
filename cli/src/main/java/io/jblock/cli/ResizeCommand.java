package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock resize}: qemu-img resize (qemu-img.c's img_resize). As in qemu-img the last
 * argument is always the size, so {@code -1G} needs no {@code --}.
 */
@Command(name = "resize", mixinStandardHelpOptions = true,
        description = "Changes an image's virtual size: SIZE sets it, +SIZE grows and -SIZE shrinks it "
                + "(shrinking needs --shrink).")
public final class ResizeCommand extends JblockSubcommand {

    @Mixin
    ImageOptions image;

    @Option(names = "--preallocation", paramLabel = "MODE", description = "How to allocate growth: off, metadata, "
            + "falloc, full.")
    String preallocation;

    @Option(names = "--shrink", description = "Allow shrinking (data past the new end is lost).")
    boolean shrink;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "--object", paramLabel = "OBJECT", description = "Accepted for qemu-img compatibility.")
    List<String> objects = new ArrayList<>();

    @Parameters(index = "1..*", paramLabel = "[+|-]SIZE", arity = "0..*")
    List<String> rest = new ArrayList<>();

    /**
     * img_resize takes its last argument as the size before it parses options: a {@code --} in
     * front of it keeps a negative size from being read as an option.
     */
    static String[] sizeLast(String[] args) {
        int cmd = 0;
        while (cmd < args.length && args[cmd].equals("--debug")) {
            cmd++;
        }
        if (cmd >= args.length || !args[cmd].equals("resize") || args.length < cmd + 3 || Arrays.asList(args).subList(cmd, args.length).contains("--")) {
            return args;
        }
        String[] out = Arrays.copyOf(args, args.length + 1);
        out[out.length - 1] = args[args.length - 1];
        out[out.length - 2] = "--";
        return out;
    }

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        if (image.file == null || rest.isEmpty()) {
            throw QemuImgArgs.usage("Not enough arguments");
        }
        if (rest.size() != 1) {
            throw QemuImgArgs.usage("Expecting image file name and size");
        }
        Preallocation prealloc = Preallocation.OFF;
        if (preallocation != null) {
            try {
                prealloc = Preallocation.parse(preallocation);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("Invalid preallocation mode '" + preallocation + "'", 1, e);
            }
        }
        String size = rest.get(0);
        int relative = 0;
        if (size.startsWith("+")) {
            relative = 1;
            size = size.substring(1);
        } else if (size.startsWith("-")) {
            relative = -1;
            size = size.substring(1);
        }
        long n;
        try {
            n = QemuOpts.parseSize("size", size);
        } catch (QemuOpts.InvalidOption e) {
            throw new CommandFailure(e.getMessage(), e.hint(), 1, e);
        }
        ImageRef ref = image.ref();
        try (BlockNode node = ref.open(false, false, CacheMode.WRITEBACK)) {
            long current = node.size();
            long target = relative == 0 ? n : current + n * relative;
            if (target <= 0) {
                throw new CommandFailure("New image size must be positive", 1);
            }
            if (target <= current && prealloc != Preallocation.OFF) {
                throw new CommandFailure("Preallocation can only be used for growing images", 1);
            }
            if (target < current && !shrink) {
                throw new CommandFailure("Use the --shrink option to perform a shrink operation.\n"
                        + "warning: Shrinking an image will delete all data beyond the shrunken image's end. "
                        + "Before performing such an operation, make sure there is no important data there.", 1);
            }
            try {
                node.truncate(target, prealloc);
                node.flush();
            } catch (IOException e) {
                throw new CommandFailure(SnapshotCommand.reason(e), 1, e);
            }
        }
        if (!quiet) {
            out().println("Image resized.");
        }
        return 0;
    }
}
