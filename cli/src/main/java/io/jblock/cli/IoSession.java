package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * qemu-io's command language on one open node: {@code read}, {@code write}, {@code discard},
 * {@code flush}, {@code activate}, {@code inactivate}, {@code info}, {@code quit}. Output is
 * worded as qemu-io's; every command's output is flushed before the next one is read, so
 * another program can drive a session line by line.
 */
public final class IoSession {
    /** qemu-io's BDRV_REQUEST_MAX_BYTES: the largest single request it accepts. */
    static final long MAX_REQUEST = (Integer.MAX_VALUE / 512L) * 512L;
    private static final int WRITE_DEFAULT_PATTERN = 0xcd;

    private final BlockNode node;
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean quit;

    /**
     * A session on {@code node}.
     *
     * @param node the open image
     * @param out  where command output goes
     * @param err  where errors go
     */
    public IoSession(BlockNode node, PrintWriter out, PrintWriter err) {
        this.node = node;
        this.out = out;
        this.err = err;
    }

    /** {@return whether {@code quit} was run} */
    public boolean quitRequested() {
        return quit;
    }

    /**
     * Runs one command line.
     *
     * @param line a qemu-io command line
     * @return false if it failed (the reason is on stderr), true otherwise, including for blank lines
     */
    public boolean execute(String line) {
        try {
            List<String> words = split(line);
            if (words.isEmpty()) {
                return true;
            }
            return dispatch(words.get(0), words.subList(1, words.size()));
        } catch (UsageError e) {
            err.println(e.getMessage());
            return false;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private boolean dispatch(String name, List<String> args) {
        return switch (name) {
            case "read", "r" -> read(args);
            case "write", "w" -> write(args);
            case "discard", "d" -> discard(args);
            case "flush", "f" -> simple("flush", args, () -> node.flush(), null);
            case "activate" -> simple("activate", args, () -> node.activate(),
                    "activated node '" + node.nodeName() + "': caches invalidated, write permission taken");
            case "inactivate" -> simple("inactivate", args, () -> node.inactivate(),
                    "inactivated node '" + node.nodeName() + "': data flushed, metadata written back, write lock released");
            case "info", "i" -> info(args);
            case "length", "l" -> simple("length", args, () -> out.println(ByteSizes.human(node.size())), null);
            case "quit", "q", "exit" -> {
                quit = true;
                yield true;
            }
            case "help", "?" -> {
                out.print(HELP);
                yield true;
            }
            default -> throw new UsageError("command \"" + name + "\" not found");
        };
    }

    private interface Action {
        void run() throws IOException;
    }

    /**
     * Runs one request on the node and returns its wall time in nanoseconds, or -1 when it failed
     * (then "NAME failed: REASON" is on stderr, as qemu-io words it).
     */
    private long timed(String name, Action action) {
        long t0 = System.nanoTime();
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            err.println(name + " failed: " + Main.oneLine(e));
            return -1;
        }
        return System.nanoTime() - t0;
    }

    private boolean simple(String name, List<String> args, Action action, String doneMessage) {
        if (!args.isEmpty()) {
            throw new UsageError(name + ": takes no arguments");
        }
        if (timed(name, action) < 0) {
            return false;
        }
        if (doneMessage != null) {
            out.println(doneMessage);
        }
        return true;
    }

    private boolean read(List<String> args) {
        Flags f = Flags.parse("read", args, "qv", "Psl");
        long offset = number(f.positional(0, "read"));
        long count = length(f.positional(1, "read"));
        f.requireCount(2, "read");
        Integer pattern = f.has('P') ? parsePattern(f.value('P')) : null;
        long patternOffset = f.has('s') ? number(f.value('s')) : 0;
        long patternCount = f.has('l') ? length(f.value('l')) : count - patternOffset;
        if (patternOffset < 0 || patternOffset + patternCount > count) {
            throw new UsageError("pattern verification range exceeds end of read data");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(count, 1), 4096).asSlice(0, count);
            long nanos = timed("read", () -> node.read(offset, buf));
            if (nanos < 0) {
                return false;
            }
            boolean ok = true;
            if (pattern != null && !filledWith(buf.asSlice(patternOffset, patternCount), (byte) (int) pattern)) {
                out.println("Pattern verification failed at offset " + (offset + patternOffset) + ", "
                        + patternCount + " bytes");
                ok = false;
            }
            if (f.has('q')) {
                return ok;
            }
            if (f.has('v')) {
                dump(buf, offset);
            }
            out.println(IoReport.format("read", offset, count, count, 1, nanos));
            return ok;
        }
    }

    private boolean write(List<String> args) {
        Flags f = Flags.parse("write", args, "qzuf", "P");
        long offset = number(f.positional(0, "write"));
        long count = length(f.positional(1, "write"));
        f.requireCount(2, "write");
        if (f.has('z') && f.has('P')) {
            throw new UsageError("-z and -P cannot be specified at the same time");
        }
        if (f.has('u') && !f.has('z')) {
            throw new UsageError("-u requires -z to be specified");
        }
        int flags = f.has('f') ? RequestFlags.FUA : RequestFlags.NONE;
        long nanos;
        if (f.has('z')) {
            int zeroFlags = flags | (f.has('u') ? RequestFlags.MAY_UNMAP : 0);
            nanos = timed("write", () -> node.writeZeroes(offset, count, zeroFlags));
        } else {
            int pattern = f.has('P') ? parsePattern(f.value('P')) : WRITE_DEFAULT_PATTERN;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(Math.max(count, 1), 4096).asSlice(0, count);
                buf.fill((byte) pattern);
                nanos = timed("write", () -> node.write(offset, buf, flags));
            }
        }
        if (nanos < 0) {
            return false;
        }
        if (!f.has('q')) {
            out.println(IoReport.format("wrote", offset, count, count, 1, nanos));
        }
        return true;
    }

    private boolean discard(List<String> args) {
        Flags f = Flags.parse("discard", args, "q", "");
        long offset = number(f.positional(0, "discard"));
        long count = length(f.positional(1, "discard"));
        f.requireCount(2, "discard");
        long nanos = timed("discard", () -> node.discard(offset, count));
        if (nanos < 0) {
            return false;
        }
        if (!f.has('q')) {
            out.println(IoReport.format("discard", offset, count, count, 1, nanos));
        }
        return true;
    }

    private boolean info(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageError("info: takes no arguments");
        }
        try {
            out.println("format name: " + node.driverName());
            out.println("node name: " + node.nodeName());
            out.println("file: " + node.filename());
            out.println("virtual size: " + ByteSizes.human(node.size()) + " (" + node.size() + " bytes)");
            out.println("state: " + node.state().name().toLowerCase(java.util.Locale.ROOT));
            out.println("read-only: " + node.isReadOnly());
            var cache = io.jblock.storage.CacheMode.of(node.cacheSettings());
            out.println("cache mode: " + (cache == null ? node.cacheSettings().toString() : cache.qemuName()));
            out.println("request alignment: " + node.limits().requestAlignment());
            Map<String, Object> specific = node.formatSpecificInfo();
            if (specific.containsKey("cluster-size")) {
                out.println("cluster size: " + ByteSizes.human(((Number) specific.get("cluster-size")).longValue()));
            }
            FormatDetails.printHuman(out, specific);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("info failed: " + Main.oneLine(e));
            return false;
        }
    }

    private void dump(MemorySegment buf, long offset) {
        // qemu-io -v: offset, 16 hex bytes, then the printable characters
        for (long i = 0; i < buf.byteSize(); i += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (long j = i; j < Math.min(i + 16, buf.byteSize()); j++) {
                int b = buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, j) & 0xff;
                hex.append(String.format("%02x ", b));
                text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.printf("%08x:  %-48s %s%n", offset + i, hex, text);
        }
    }

    static boolean filledWith(MemorySegment s, byte value) {
        long n = s.byteSize();
        long i = 0;
        long word = (value & 0xffL) * 0x0101010101010101L;
        for (; i + 8 <= n; i += 8) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i) != word) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }

    /** qemu-io's parse_pattern: a byte in C notation ({@code 0xab}, {@code 171}, {@code 0253}). */
    static int parsePattern(String text) {
        try {
            long v = Long.decode(text);
            if (v < 0 || v > 255) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new UsageError(text + " is not a valid pattern byte");
        }
    }

    private static long number(String text) {
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError("Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- " + text);
        }
    }

    private static long length(String text) {
        long n = number(text);
        if (n > MAX_REQUEST) {
            throw new UsageError("length cannot exceed " + MAX_REQUEST + ", given " + text);
        }
        return n;
    }

    /** Splits a command line into words; single or double quotes group a word. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new UsageError("unterminated quote in: " + line);
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    /** A command was used wrongly; the message is printed as is. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** getopt-style flags of one command: single letters, some taking a value. */
    private record Flags(Map<Character, String> set, List<String> positionals) {
        static Flags parse(String cmd, List<String> args, String plain, String valued) {
            Map<Character, String> set = new java.util.HashMap<>();
            List<String> pos = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.length() < 2 || a.charAt(0) != '-' || !pos.isEmpty()) {
                    pos.add(a);
                    continue;
                }
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    if (plain.indexOf(c) >= 0) {
                        set.put(c, "");
                    } else if (valued.indexOf(c) >= 0) {
                        String v = j + 1 < a.length() ? a.substring(j + 1) : (++i < args.size() ? args.get(i) : null);
                        if (v == null) {
                            throw new UsageError(cmd + ": option requires an argument -- '" + c + "'");
                        }
                        set.put(c, v);
                        break;
                    } else {
                        throw new UsageError(cmd + ": invalid option -- '" + c + "'");
                    }
                }
            }
            return new Flags(set, pos);
        }

        boolean has(char c) {
            return set.containsKey(c);
        }

        String value(char c) {
            return set.get(c);
        }

        String positional(int i, String cmd) {
            if (i >= positionals.size()) {
                throw new UsageError(cmd + ": missing argument: usage: " + cmd + " [options] offset length");
            }
            return positionals.get(i);
        }

        void requireCount(int n, String cmd) {
            if (positionals.size() != n) {
                throw new UsageError(cmd + ": expected " + n + " arguments, got " + positionals.size());
            }
        }
    }

    private static final String HELP = """
            read [-P pattern] [-s off] [-l len] [-q] [-v] off len   read and optionally verify a pattern
            write [-P pattern | -z [-u]] [-f] [-q] off len          write a pattern (default 0xcd) or zeroes
            discard [-q] off len                                    discard a range
            flush                                                   flush to stable storage
            activate                                                activate an inactive node (invalidate caches)
            inactivate                                              inactivate the node (hand it over)
            info                                                    describe the node
            length                                                  print the virtual size
            quit                                                    end the session
            """;
}
