package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock dd}: qemu-img dd (qemu-img.c's img_dd): copies the input image from block
 * {@code skip} on ({@code count} blocks of {@code bs} bytes, default all) into a new image of
 * format {@code -O}, block by block, every block written.
 */
@Command(name = "dd", mixinStandardHelpOptions = true,
        description = "Copies if=INPUT to a new image of=OUTPUT (format -O) as dd does: bs=BLOCK_SIZE, "
                + "count=BLOCKS, skip=BLOCKS.")
public final class DdCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", description = "Input format; probed if absent.")
    String format;

    @Option(names = "-O", paramLabel = "OUTPUT_FMT", defaultValue = "raw", description = "Output format.")
    String outFormat;

    @Option(names = "--image-opts", description = "INPUT is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Mixin
    ForceShareOption share;

    @Parameters(paramLabel = "OPERAND", arity = "0..*", description = "bs=, count=, if=, of=, skip=")
    List<String> operands = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        long bs = 512;
        long count = 0;
        long skip = 0;
        boolean hasCount = false;
        boolean hasSkip = false;
        String in = null;
        String outName = null;
        for (String arg : operands) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? null : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (key == null) {
                throw new CommandFailure("unrecognized operand " + arg, 1);
            }
            switch (key) {
                case "bs" -> bs = QemuImgArgs.cvtnum("bs", value, 1, Integer.MAX_VALUE);
                case "count" -> {
                    count = QemuImgArgs.cvtnum("count", value);
                    hasCount = true;
                }
                case "if" -> in = value;
                case "of" -> outName = value;
                case "skip" -> {
                    skip = QemuImgArgs.cvtnum("skip", value);
                    hasSkip = true;
                }
                default -> throw new CommandFailure("unrecognized operand " + key, 1);
            }
        }
        if (in == null || outName == null) {
            throw new CommandFailure("Must specify both input and output files", 1);
        }
        try (BlockNode input = share.apply(new ImageRef(in, format, imageOpts), true).open(true, false,
                CacheMode.WRITEBACK)) {
            if (CreateOptionTable.create(outFormat) == null) {
                throw new CommandFailure("Unknown file format", 1);
            }
            long size = input.size();
            if (hasCount && count <= Long.MAX_VALUE / bs && count * bs < size) {
                size = count * bs;
            }
            boolean skipTooFar = hasSkip && (skip > Long.MAX_VALUE / bs || size < bs * skip);
            long outSize = skipTooFar ? 0 : size - bs * skip;
            try {
                ImageGraph.create(outFormat, outName, outSize, "");
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure(outName + ": error while creating output image: " + Main.oneLine(e), 1, e);
            }
            try (BlockNode output = ImageRef.of(outName, outFormat).open(false, false, CacheMode.WRITEBACK);
                 Arena arena = Arena.ofConfined()) {
                long inPos;
                if (skipTooFar) {
                    err().println(Main.errorPrefix() + in + ": cannot skip to specified offset");
                    inPos = size;
                } else {
                    inPos = skip * bs;
                }
                MemorySegment buf = arena.allocate(bs, 4096);
                for (long outPos = 0; inPos < size; ) {
                    long bytes = Math.min(bs, size - inPos);
                    MemorySegment block = buf.asSlice(0, bytes);
                    try {
                        input.read(inPos, block);
                    } catch (IOException e) {
                        throw new CommandFailure("error while reading from input image file: "
                                + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
                    }
                    inPos += bytes;
                    try {
                        output.write(outPos, block);
                    } catch (IOException e) {
                        throw new CommandFailure("error while writing to output image file: "
                                + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
                    }
                    outPos += bytes;
                }
                output.flush();
            }
        }
        return 0;
    }
}
