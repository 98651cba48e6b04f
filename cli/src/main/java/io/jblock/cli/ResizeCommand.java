package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock resize}: qemu-img resize. */
@Command(name = "resize", mixinStandardHelpOptions = true,
        description = "Changes an image's virtual size: SIZE sets it, +SIZE grows and -SIZE shrinks it "
                + "(shrinking needs --shrink). Use -- before a negative size.")
public final class ResizeCommand extends JblockSubcommand {

    @Mixin
    ImageOptions image;

    @Option(names = "--preallocation", paramLabel = "MODE", defaultValue = "off",
            description = "How to allocate growth: off, metadata, falloc, full.")
    String preallocation;

    @Option(names = "--shrink", description = "Allow shrinking (data past the new end is lost).")
    boolean shrink;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Parameters(index = "1", paramLabel = "[+|-]SIZE")
    String size;

    @Override
    public Integer call() throws IOException {
        Preallocation prealloc = Preallocation.parse(preallocation);
        char sign = size.charAt(0);
        long amount;
        try {
            amount = ByteSizes.parse(sign == '+' || sign == '-' ? size.substring(1) : size);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("Invalid image size specified. You may use k, M, G, T, P or E suffixes "
                    + "for kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.", 1, e);
        }
        ImageRef ref = image.ref();
        try (BlockNode node = ref.open(false, false, CacheMode.WRITEBACK)) {
            long current = node.size();
            long target = switch (sign) {
                case '+' -> Math.addExact(current, amount);
                case '-' -> current - amount;
                default -> amount;
            };
            if (target < 0) {
                throw new CommandFailure("New image size must be positive", 1);
            }
            if (target < current && !shrink) {
                throw new CommandFailure("Use the --shrink option to perform a shrink operation.", 1);
            }
            try {
                node.truncate(target, prealloc);
                node.flush();
            } catch (IOException e) {
                throw new CommandFailure(ref.displayName() + ": " + Main.oneLine(e), 1, e);
            }
        }
        if (!quiet) {
            out().println("Image resized.");
        }
        return 0;
    }
}
