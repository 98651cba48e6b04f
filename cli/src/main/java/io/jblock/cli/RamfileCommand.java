package io.jblock.cli;

import io.jblock.storage.ramfile.BlockLayout;
import io.jblock.storage.ramfile.RamBlock;
import io.jblock.storage.ramfile.RamFileFormatException;
import io.jblock.storage.ramfile.RamFileParameters;
import io.jblock.storage.ramfile.RamFileReader;
import io.jblock.storage.ramfile.RamFileSummary;
import io.jblock.storage.ramfile.RamFileWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock ramfile}: the mapped-ram migration file. {@code save} snapshots RAM images
 * (files holding a RAM block's bytes, e.g. a memory-backend-file) into a RAM file, {@code load}
 * restores them, {@code check} validates a RAM file and describes it.
 */
@Command(name = "ramfile", mixinStandardHelpOptions = true,
        description = "Saves, restores and checks RAM files in QEMU's mapped-ram layout.",
        subcommands = {RamfileCommand.Save.class, RamfileCommand.Load.class, RamfileCommand.Check.class})
public final class RamfileCommand extends JblockSubcommand {

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing subcommand: save, load or check");
    }

    /** The migration parameters every ramfile subcommand takes. */
    static final class Transfer {
        @Option(names = "--direct-io", description = "Move pages with O_DIRECT (QEMU's direct-io).")
        boolean directIo;

        @Option(names = "--channels", paramLabel = "N", defaultValue = "1",
                description = "Parallel channels (QEMU's multifd-channels), 1 to 255 (default 1).")
        int channels;

        @Option(names = "--page-size", paramLabel = "SIZE", defaultValue = "4096",
                description = "Page size: a power of two from 4k to 1G (default 4096).")
        String pageSize;

        RamFileParameters parameters() {
            long ps = ByteSizes.parse(pageSize);
            if (ps > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("page size " + pageSize + " is too large");
            }
            return new RamFileParameters(directIo, channels, (int) ps);
        }
    }

    /** What {@code save} and {@code load} share: the migration parameters and the ID=FILE pairs. */
    abstract static class BlockTransfer extends RamfileSubcommand {
        @Mixin
        Transfer transfer;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID=FILE")
        List<String> blockFiles;
    }

    /** {@code ID=FILE} pairs naming RAM blocks and the files that hold their bytes. */
    static Map<String, Path> blocks(List<String> specs) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String s : specs) {
            int eq = s.lastIndexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("'" + s + "' is not ID=FILE");
            }
            if (m.put(s.substring(0, eq), Path.of(s.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("RAM block '" + s.substring(0, eq) + "' is named twice");
            }
        }
        return m;
    }

    static void printSummary(java.io.PrintWriter out, RamFileSummary s) {
        out.printf(Locale.ROOT, "RAM file %s: %s in %d block(s), %d of %d pages present, file size %d%n",
                s.file(), ByteSizes.human(s.ramBytes()), s.blocks().size(), s.pagesPresent(), s.pageCount(),
                s.fileSize());
        for (RamFileSummary.Block b : s.blocks()) {
            BlockLayout l = b.layout();
            out.printf(Locale.ROOT, "    %s: %d bytes, page size %d, %d of %d pages present, pages at %d%n",
                    l.id(), l.usedLength(), l.pageSize(), b.pagesPresent(), l.pageCount(), l.pagesOffset());
        }
    }

    /** {@code jblock ramfile save}. */
    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Saves RAM blocks into RAMFILE: each ID=FILE names a block and the file holding "
                    + "its bytes (the block's size is the file's). Zero pages become holes.")
    static final class Save extends BlockTransfer {
        @Override
        public Integer call() throws IOException {
            Map<String, Path> map = blocks(blockFiles);
            try (Arena arena = Arena.ofShared()) {
                List<RamBlock> ram = new ArrayList<>();
                for (Map.Entry<String, Path> e : map.entrySet()) {
                    try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.READ)) {
                        MemorySegment seg = ch.size() == 0 ? arena.allocate(0)
                                : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                        ram.add(new RamBlock(e.getKey(), seg));
                    }
                }
                try (RamFileWriter w = RamFileWriter.open(ramFile, transfer.parameters())) {
                    RamFileSummary s = w.save(ram);
                    if (!quiet) {
                        out().print("Saved ");
                        printSummary(out(), s);
                    }
                }
            }
            return 0;
        }
    }

    /** {@code jblock ramfile load}. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Restores the blocks of RAMFILE: each ID=FILE names a block and the file to "
                    + "restore it into (created or resized to the block's size). Every block needs a target.")
    static final class Load extends BlockTransfer {
        @Override
        public Integer call() throws IOException {
            Map<String, Path> map = blocks(blockFiles);
            RamFileSummary layout = RamFileReader.check(ramFile);
            List<String> missing = new ArrayList<>();
            for (RamFileSummary.Block b : layout.blocks()) {
                if (!map.containsKey(b.layout().id())) {
                    missing.add(b.layout().id());
                }
            }
            if (!missing.isEmpty()) {
                throw new CommandFailure(ramFile + ": no target given for RAM block(s) " + missing, 1);
            }
            try (Arena arena = Arena.ofShared()) {
                List<RamBlock> ram = new ArrayList<>();
                List<MemorySegment> mapped = new ArrayList<>();
                for (RamFileSummary.Block b : layout.blocks()) {
                    Path target = map.remove(b.layout().id());
                    long len = b.layout().usedLength();
                    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        ch.truncate(len);
                        if (ch.size() < len) {
                            ch.write(java.nio.ByteBuffer.allocate(1), len - 1);
                        }
                        MemorySegment seg = len == 0 ? arena.allocate(0)
                                : ch.map(FileChannel.MapMode.READ_WRITE, 0, len, arena);
                        mapped.add(seg);
                        ram.add(new RamBlock(b.layout().id(), seg));
                    }
                }
                if (!map.isEmpty()) {
                    throw new CommandFailure(ramFile + ": it has no RAM block(s) " + map.keySet(), 1);
                }
                try (RamFileReader r = RamFileReader.open(ramFile, transfer.parameters())) {
                    RamFileSummary s = r.restore(ram);
                    for (MemorySegment seg : mapped) {
                        if (seg.byteSize() > 0) {
                            seg.force();
                        }
                    }
                    if (!quiet) {
                        out().print("Restored ");
                        printSummary(out(), s);
                    }
                }
            }
            return 0;
        }
    }

    /** {@code jblock ramfile check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates RAMFILE's headers, offsets and bitmaps and describes its blocks.",
                "Exit status: 0 valid, 1 the check could not run, 2 not a valid RAM file."})
    static final class Check extends RamfileSubcommand {
        @Override
        public Integer call() throws IOException {
            RamFileSummary s;
            try {
                s = RamFileReader.check(ramFile);
            } catch (RamFileFormatException e) {
                throw new CommandFailure(ramFile + ": " + Main.oneLine(e), 2, e);
            }
            if (!quiet) {
                printSummary(out(), s);
            }
            return 0;
        }
    }
}
