package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.feature.DirtyBitmaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jblock bitmap}: qemu-img bitmap (qemu-img.c's img_bitmap and the block-dirty-bitmap QMP
 * commands it calls): the actions run in command-line order on the persistent bitmap BITMAP of
 * FILE (opened read-write without its backing file); the bitmaps are stored when FILE is closed.
 */
@Command(name = "bitmap", mixinStandardHelpOptions = true,
        description = "Adds, removes, clears, enables, disables or merges persistent dirty bitmaps of FILE "
                + "(qcow2), in command-line order.")
public final class BitmapCommand extends JblockSubcommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--add", description = "Add BITMAP (empty, enabled).")
    List<Boolean> add = new ArrayList<>();

    @Option(names = "--remove", description = "Remove BITMAP.")
    List<Boolean> remove = new ArrayList<>();

    @Option(names = "--clear", description = "Clear every bit of BITMAP.")
    List<Boolean> clear = new ArrayList<>();

    @Option(names = "--enable", description = "Track writes in BITMAP.")
    List<Boolean> enable = new ArrayList<>();

    @Option(names = "--disable", description = "Stop tracking writes in BITMAP.")
    List<Boolean> disable = new ArrayList<>();

    @Option(names = "--merge", paramLabel = "SOURCE", description = "Merge bitmap SOURCE into BITMAP.")
    List<String> merge = new ArrayList<>();

    @Option(names = {"-g", "--granularity"}, paramLabel = "SIZE", description = "Granularity for --add.")
    String granularity;

    @Option(names = {"-b", "--source-file"}, paramLabel = "SOURCE_FILE", description = "Image holding --merge's SOURCE.")
    String sourceFile;

    @Option(names = {"-F", "--source-format"}, paramLabel = "SOURCE_FMT", description = "Format of SOURCE_FILE.")
    String sourceFormat;

    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Parameters(paramLabel = "FILE BITMAP", arity = "0..*")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        long gran = granularity == null ? 0 : QemuImgArgs.cvtnum("granularity", granularity);
        List<String> actions = new ArrayList<>();
        int merges = 0;
        List<String> mergeSources = new ArrayList<>();
        for (ArgSpec a : spec.commandLine().getParseResult().matchedArgs()) {
            if (a instanceof OptionSpec o) {
                String n = o.longestName();
                switch (n) {
                    case "--add", "--remove", "--clear", "--enable", "--disable" -> actions.add(n.substring(2));
                    case "--merge" -> {
                        actions.add("merge");
                        mergeSources.add(merge.get(merges++));
                    }
                    default -> {
                    }
                }
            }
        }
        if (actions.isEmpty()) {
            throw new CommandFailure("Need at least one of --add, --remove, --clear, --enable, --disable, or --merge", 1);
        }
        if (gran != 0 && !actions.contains("add")) {
            throw new CommandFailure("granularity only supported with --add", 1);
        }
        if (sourceFormat != null && sourceFile == null) {
            throw new CommandFailure("-F only supported with -b", 1);
        }
        if (sourceFile != null && !actions.contains("merge")) {
            throw new CommandFailure("Merge bitmap source file only supported with --merge", 1);
        }
        if (args.size() != 2) {
            throw new CommandFailure("Expecting filename and bitmap name", 1);
        }
        String bitmap = args.get(1);
        ImageRef ref = new ImageRef(args.get(0), format, imageOpts).withoutBacking();
        try (BlockNode node = ref.open(false, false, CacheMode.WRITEBACK)) {
            BlockNode source = null;
            try {
                if (sourceFile != null) {
                    source = ImageRef.of(sourceFile, sourceFormat).withoutBacking().open(true, false, CacheMode.WRITEBACK);
                }
                DirtyBitmaps bitmaps = node.driverFeature(DirtyBitmaps.class).orElse(null);
                DirtyBitmaps sourceBitmaps = source == null ? bitmaps
                        : source.driverFeature(DirtyBitmaps.class).orElse(null);
                int m = 0;
                for (String act : actions) {
                    try {
                        run(act, bitmaps, sourceBitmaps, bitmap, gran, act.equals("merge") ? mergeSources.get(m++) : null,
                                node);
                    } catch (IOException e) {
                        String reason = SnapshotCommand.reason(e);
                        throw new CommandFailure("Operation " + act + " on bitmap " + bitmap + " failed: " + reason,
                                reason.endsWith("is inconsistent and cannot be used")
                                        ? "Try block-dirty-bitmap-remove to delete this bitmap from disk\n" : null,
                                1, e);
                    }
                }
            } finally {
                if (source != null) {
                    source.close();
                }
            }
        }
        return 0;
    }

    private static void run(String act, DirtyBitmaps bitmaps, DirtyBitmaps sourceBitmaps, String bitmap, long gran,
                            String mergeSource, BlockNode node) throws IOException {
        if (bitmaps == null) {
            if (act.equals("add")) {
                throw new io.jblock.storage.BlockIOException("Can't make bitmap '" + bitmap + "' persistent in '"
                        + node.nodeName() + "': Block format '" + node.driverName()
                        + "' used by node '" + node.nodeName() + "' does not support feature 'persistent dirty bitmaps'",
                        node.nodeName(), node.filename(), -1);
            }
            throw new io.jblock.storage.BlockIOException("Dirty bitmap '" + bitmap + "' not found", node.nodeName(),
                    node.filename(), -1);
        }
        switch (act) {
            case "add" -> bitmaps.addBitmap(bitmap, gran, true);
            case "remove" -> bitmaps.removeBitmap(bitmap);
            case "clear" -> bitmaps.clearBitmap(bitmap);
            case "enable" -> bitmaps.enableBitmap(bitmap, true);
            case "disable" -> bitmaps.enableBitmap(bitmap, false);
            case "merge" -> {
                // block_dirty_bitmap_merge: the target first, then each source
                bitmaps.bitmapSize(bitmap);
                if (sourceBitmaps == null) {
                    throw new io.jblock.storage.BlockIOException("Dirty bitmap '" + mergeSource + "' not found",
                            node.nodeName(), node.filename(), -1);
                }
                List<long[]> ranges = sourceBitmaps.dirtyRanges(mergeSource);
                bitmaps.mergeInto(bitmap, sourceBitmaps.bitmapSize(mergeSource), ranges);
            }
            default -> throw new IllegalStateException(act);
        }
    }
}
