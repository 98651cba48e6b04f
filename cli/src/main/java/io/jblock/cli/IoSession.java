package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.CorruptImageException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.OutOfRangeException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.ReadOnlyNodeException;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.DebugBreakpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * qemu-io's command language ({@code qemu-io-cmds.c} of QEMU 7.2): {@code read}, {@code readv},
 * {@code write}, {@code writev}, {@code aio_read}, {@code aio_write}, {@code aio_flush},
 * {@code flush}, {@code discard}, {@code truncate}, {@code length}, {@code info}, {@code map},
 * {@code alloc}, {@code open}, {@code close}, {@code reopen}, {@code sleep}, {@code sigraise},
 * {@code abort}, {@code help}, {@code quit}, blkdebug's {@code break}, {@code wait_break},
 * {@code resume} and {@code remove_break}, plus jblock's {@code activate} and
 * {@code inactivate} for the migration handoff.
 *
 * <p>Output is qemu-io's, stream for stream: what qemu-io prints with {@code printf} goes to
 * {@code out} (reports, {@code read failed: ...}, usage lines), what it prints with
 * {@code fprintf(stderr)} goes to {@code err} unprefixed ({@code no file open, try 'help open'},
 * {@code command "x" not found}), and its {@code error_report} messages go to {@code err}
 * prefixed with the program name ({@link Main#programName()}). Requests that fail print
 * {@code strerror} of the errno QEMU's block layer would have returned.
 *
 * <p>{@code aio_read} and {@code aio_write} return as soon as the request is submitted; the
 * request runs concurrently with later commands (a later {@code read} of the same bytes may or
 * may not see an {@code aio_write}, as in qemu-io) and its report is printed where qemu-io's
 * event loop would have run its completion in a script: at {@code aio_flush}, {@code close},
 * {@code open}, {@code reopen}, {@code sleep}, or when the session ends, in the order the
 * requests completed.
 *
 * <p>Breakpoints: once {@code break} was used, aio requests run their synchronous form on a
 * thread of their own each, so that one can stop at a breakpoint while the commands go on;
 * {@code sleep} then only prints the completions that happened (it cannot wait for stopped
 * requests), and {@code aio_flush}, {@code close}, {@code open} and the end of the session resume
 * requests that are still stopped, with a message, where qemu-io would hang.
 *
 * <p>Not thread-safe: one session is driven by one thread.
 */
public final class IoSession implements AutoCloseable {
    /** qemu-io's BDRV_REQUEST_MAX_BYTES: the largest single request it accepts. */
    static final long MAX_REQUEST = (Integer.MAX_VALUE / 512L) * 512L;
    private static final int WRITE_DEFAULT_PATTERN = 0xcd;
    private static final int SECTOR = 512;
    private static final int NSIG = 65;

    /** Opens an image for the {@code open} command. */
    interface Opener {
        /**
         * Opens {@code name} (a file or protocol name; null when {@code options} say it all) with
         * {@code options} (a {@code key=value,...} string, or null) as {@code spec} says.
         *
         * @throws CommandFailure worded as QEMU's reason, without qemu-io's "can't open" prefix
         */
        BlockNode open(String name, String options, IoOpenSpec spec);
    }

    private static final int GLOBAL = 1;
    private static final int NOFILE_OK = 2;

    /** One command of the table: qemu-io's cmdinfo_t. */
    private record Cmd(String name, String altname, int argmin, int argmax, int flags, boolean needsWrite,
                       boolean polls, String args, String oneline, String help, Handler handler) {
    }

    private interface Handler {
        int run(IoSession s, List<String> argv);
    }

    private static final Map<String, Cmd> COMMANDS = commands();

    private BlockNode node;
    private final Opener opener;
    private final boolean imageOpts;
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean quit;
    private final List<Pending> pending = new ArrayList<>();
    private String openedName;
    private String openedOptions;
    private IoOpenSpec openedSpec;
    /** Set by the first {@code break}: aio requests run on threads of their own from then on. */
    private boolean breakpointsUsed;
    /** The thread that runs the commands (the one of the first {@code break}). */
    private Thread commandThread;
    /** Bumped (and {@link #progressMonitor} notified) when a request completes, stops or resumes. */
    private final java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    private final Object progressMonitor = new Object();

    /**
     * A session on {@code node} without the {@code open} command (tests, other tools).
     *
     * @param node the open image
     * @param out  where command output goes
     * @param err  where errors go
     */
    public IoSession(BlockNode node, PrintWriter out, PrintWriter err) {
        this(node, null, false, out, err);
    }

    /**
     * @param node      the open image, or null (then commands need {@code open} first)
     * @param opener    what {@code open} uses, or null to refuse it
     * @param imageOpts qemu-io's {@code --image-opts}: {@code open}'s path is an option string
     */
    IoSession(BlockNode node, Opener opener, boolean imageOpts, PrintWriter out, PrintWriter err) {
        this.node = node;
        this.opener = opener;
        this.imageOpts = imageOpts;
        this.out = out;
        this.err = err;
    }

    /** Records how the current image was opened, so that {@code reopen} can change it. */
    void openedAs(String name, String options, IoOpenSpec spec) {
        this.openedName = name;
        this.openedOptions = options;
        this.openedSpec = spec;
    }

    /** {@return whether {@code quit} was run} */
    public boolean quitRequested() {
        return quit;
    }

    /**
     * Runs one command line; returns false if it failed (qemu-io's negative return: the session's
     * exit status becomes 1), true otherwise, including for blank lines.
     *
     * @param line a qemu-io command line
     * @return false if it failed (the reason is on stderr), true otherwise, including for blank lines
     */
    public boolean execute(String line) {
        return run(line) >= 0;
    }

    /** Runs one command line and returns qemu-io's result: 0, or a negative errno. */
    int run(String line) {
        try {
            List<String> words = breakline(line);
            if (words.isEmpty()) {
                return 0;
            }
            Cmd c = find(words.get(0));
            if (c == null) {
                err.println("command \"" + words.get(0) + "\" not found");
                return -Errno.EINVAL;
            }
            return command(c, words);
        } finally {
            err.flush();
        }
    }

    /**
     * Ends the session as qemu-io's exit does: outstanding aio requests complete (and report),
     * the image is closed. Output is left in {@code out}'s buffer for the caller to flush.
     */
    @Override
    public void close() throws IOException {
        completePending();
        if (node != null) {
            BlockNode n = node;
            node = null;
            n.close();
        }
    }

    private static Cmd find(String name) {
        Cmd c = COMMANDS.get(name);
        if (c != null) {
            return c;
        }
        for (Cmd x : COMMANDS.values()) {
            if (name.equals(x.altname)) {
                return x;
            }
        }
        return null;
    }

    private int command(Cmd c, List<String> argv) {
        if ((c.flags & GLOBAL) == 0 && (c.flags & NOFILE_OK) == 0 && node == null) {
            err.println("no file open, try 'help open'");
            return -Errno.EINVAL;
        }
        int argc = argv.size() - 1;
        if (argc < c.argmin || (c.argmax != -1 && argc > c.argmax)) {
            String name = argv.get(0);
            if (c.argmax == -1) {
                err.println("bad argument count " + argc + " to " + name + ", expected at least " + c.argmin
                        + " arguments");
            } else if (c.argmin == c.argmax) {
                err.println("bad argument count " + argc + " to " + name + ", expected " + c.argmin + " arguments");
            } else {
                err.println("bad argument count " + argc + " to " + name + ", expected between " + c.argmin
                        + " and " + c.argmax + " arguments");
            }
            return -Errno.EINVAL;
        }
        if (c.needsWrite && node != null && node.isReadOnly()) {
            errorReport("Block node is read-only");
            return -Errno.EPERM;
        }
        if (c.polls) {
            completePending();
        }
        return c.handler.run(this, argv);
    }

    /** qemu-io's breakline: words separated by single spaces; no quoting. */
    static List<String> breakline(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.split(" ", -1)) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private void errorReport(String message) {
        err.println(Main.programName() + ": " + message);
    }

    private void usage(Cmd c) {
        out.println(c.name + " " + c.args + " -- " + c.oneline);
    }

    private static Cmd cmd(String name) {
        return COMMANDS.get(name);
    }

    // ---------------------------------------------------------------------------------------
    // Errors: the errno QEMU's block layer reports for what went wrong.

    /** The errno of a failed request, as QEMU would return it. */
    static int errnoOf(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NativeIOException n && n.errno() != 0) {
                return n.errno();
            }
            if (c instanceof BlockIOException b && b.errno() != 0) {
                return b.errno();
            }
        }
        if (t instanceof OutOfRangeException) {
            return Errno.EIO;
        }
        if (t instanceof ReadOnlyNodeException || t instanceof NodeInactiveException) {
            return Errno.EPERM;
        }
        if (t instanceof UnsupportedOperationException) {
            return Errno.ENOTSUP;
        }
        if (t instanceof IllegalArgumentException || t instanceof InvalidOptionException) {
            return Errno.EINVAL;
        }
        return Errno.EIO;
    }

    private interface Request {
        void run() throws IOException;
    }

    /**
     * Runs a request; returns its time in nanoseconds, or a negative errno. A failure that made
     * the driver mark the image corrupt prints QEMU's line for that event first, as QEMU does.
     */
    private long timed(Request r) {
        long t0 = System.nanoTime();
        try {
            r.run();
        } catch (IOException | RuntimeException e) {
            reportCorruptionEvent(e);
            return -errnoOf(e);
        }
        return Math.max(System.nanoTime() - t0, 1);
    }

    /** qcow2_signal_corruption's standard-error line, when the failure raised one. */
    private void reportCorruptionEvent(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CorruptImageException corrupt && corrupt.corruptionEvent().isPresent()) {
                out.flush();
                err.println(corrupt.corruptionEvent().get());
                err.flush();
                return;
            }
        }
    }

    private static String strerror(int errno) {
        return Errno.strerror(errno);
    }

    // ---------------------------------------------------------------------------------------
    // Asynchronous requests.

    /** An aio request whose completion has not been reported yet. */
    private static final class Pending {
        /** Completes after the request, once its completion has been numbered. */
        final CompletableFuture<Void> numbered;
        final Runnable report;
        volatile long completedAs;

        Pending(CompletableFuture<Void> done, Runnable report, java.util.concurrent.atomic.AtomicLong order) {
            this.report = report;
            this.numbered = done.whenComplete((v, t) -> completedAs = order.incrementAndGet());
        }
    }

    private final java.util.concurrent.atomic.AtomicLong completions = new java.util.concurrent.atomic.AtomicLong();

    private void pending(CompletableFuture<Void> done, Runnable report) {
        Pending p = new Pending(done, report, completions);
        pending.add(p);
        p.numbered.whenComplete((v, t) -> signalProgress());
    }

    private void signalProgress() {
        progress.incrementAndGet();
        synchronized (progressMonitor) {
            progressMonitor.notifyAll();
        }
    }

    /** Waits until {@link #progress} is no longer {@code seen} (uninterruptibly). */
    private void awaitProgress(long seen) {
        boolean interrupted = false;
        synchronized (progressMonitor) {
            while (progress.get() == seen) {
                try {
                    progressMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** aio requests of this session that have not completed yet. */
    private int inFlight() {
        int n = 0;
        for (Pending p : pending) {
            if (!p.numbered.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** Prints the reports of the aio requests that completed so far, in completion order (qemu-io's aio_poll). */
    private void reportCompleted() {
        List<Pending> done = new ArrayList<>();
        for (Pending p : pending) {
            if (p.numbered.isDone()) {
                done.add(p);
            }
        }
        pending.removeAll(done);
        done.sort(java.util.Comparator.comparingLong(p -> p.completedAs));
        for (Pending p : done) {
            p.report.run();
        }
    }

    /**
     * Before waiting for every aio request: requests stopped at breakpoints would never complete
     * (qemu-io hangs there), so they are resumed, with a message that says so.
     */
    private void resumeStoppedRequests() {
        DebugBreakpoints b = node == null ? null : breakpoints();
        while (inFlight() > 0) {
            long seen = progress.get();
            if (b != null && b.suspendedRequests() > 0) {
                errorReport("requests stopped at blkdebug breakpoints would never complete: resuming them");
                b.resumeAll();
                continue;
            }
            if (inFlight() == 0) {
                break;
            }
            awaitProgress(seen);
        }
    }

    /** Waits for every aio request and prints their reports in the order they completed. */
    private void completePending() {
        if (pending.isEmpty()) {
            return;
        }
        if (breakpointsUsed) {
            resumeStoppedRequests();
        }
        List<Pending> all = new ArrayList<>(pending);
        pending.clear();
        for (Pending p : all) {
            await(p.numbered);
        }
        all.sort(java.util.Comparator.comparingLong(p -> p.completedAs));
        for (Pending p : all) {
            p.report.run();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Argument helpers.

    /** cvtnum with qemu-io's message on failure: the value, or a negative errno (message printed). */
    private long number(String arg) {
        long v = IoNumbers.cvtnum(arg);
        if (v < 0) {
            out.println(IoNumbers.cvtnumError(v, arg));
        }
        return v;
    }

    /** qemu-io's parse_pattern: a byte in C notation ({@code 0xab}, {@code 171}, {@code 0253}), or -1 (message printed). */
    private int pattern(String arg) {
        try {
            return parsePattern(arg);
        } catch (UsageError e) {
            out.println(e.getMessage());
            return -1;
        }
    }

    /** qemu-io's parse_pattern (strtol base 0, 0..255, nothing after the number). */
    static int parsePattern(String text) {
        long v;
        try {
            v = strtolBase0(text);
        } catch (NumberFormatException e) {
            throw new UsageError(text + " is not a valid pattern byte");
        }
        if (v < 0 || v > 255) {
            throw new UsageError(text + " is not a valid pattern byte");
        }
        return (int) v;
    }

    /** C's strtol(s, &end, 0) requiring that the whole string is the number. */
    private static long strtolBase0(String text) {
        String t = text.strip();
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        long v;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            v = Long.parseLong(t.substring(2), 16);
        } else if (t.length() > 1 && t.startsWith("0")) {
            v = Long.parseLong(t.substring(1), 8);
        } else {
            v = Long.parseLong(t);
        }
        return neg ? -v : v;
    }

    /** Parsed lengths of a vectored request: the sizes and their total, or null (message printed). */
    private long[] lengths(List<String> args) {
        long[] sizes = new long[args.size()];
        long count = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            long len = IoNumbers.cvtnum(arg);
            if (len < 0) {
                out.println(IoNumbers.cvtnumError(len, arg));
                return null;
            }
            if (len > MAX_REQUEST) {
                out.println("Argument '" + arg + "' exceeds maximum size " + MAX_REQUEST);
                return null;
            }
            if (count > MAX_REQUEST - len) {
                out.println("The total number of bytes exceed the maximum size " + MAX_REQUEST);
                return null;
            }
            sizes[i] = len;
            count += len;
        }
        return new long[] {count};
    }

    private static MemorySegment buffer(Arena arena, long count, int fill) {
        MemorySegment buf = arena.allocate(Math.max(count, 1), 4096).asSlice(0, count);
        buf.fill((byte) fill);
        return buf;
    }

    static boolean filledWith(MemorySegment s, byte value) {
        if (value == 0) {
            return ZeroScan.isZero(s);
        }
        long n = s.byteSize();
        long i = 0;
        long word = (value & 0xffL) * 0x0101010101010101L;
        for (; i + 8 <= n; i += 8) {
            if (s.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != word) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }

    /** qemu-io's dump_buffer: offset, the bytes in hex, then [A-Za-z0-9] as is and '.' for the rest. */
    private void dump(MemorySegment buf, long offset) {
        long len = buf.byteSize();
        StringBuilder line = new StringBuilder(80);
        for (long i = 0; i < len; i += 16) {
            line.setLength(0);
            line.append(String.format("%08x:  ", offset + i));
            long end = Math.min(i + 16, len);
            for (long j = i; j < end; j++) {
                int b = buf.get(ValueLayout.JAVA_BYTE, j) & 0xff;
                line.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16)).append(' ');
            }
            line.append(' ');
            for (long j = i; j < end; j++) {
                int b = buf.get(ValueLayout.JAVA_BYTE, j) & 0xff;
                boolean alnum = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
                line.append(alnum ? (char) b : '.');
            }
            out.println(line);
        }
    }

    private void report(String verb, long offset, long count, long total, int ops, long nanos, boolean machine) {
        out.println(IoReport.format(verb, offset, count, total, ops, nanos, machine));
    }

    // ---------------------------------------------------------------------------------------
    // Commands.

    private int read(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "bCl:pP:qs:v", err);
        if (g == null) {
            usage(cmd("read"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        boolean verbose = false;
        boolean vmstate = false;
        boolean pflag = false;
        boolean sflag = false;
        boolean lflag = false;
        int pat = 0;
        long patternOffset = 0;
        long patternCount = 0;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'b' -> vmstate = true;
                case 'C' -> machine = true;
                case 'l' -> {
                    lflag = true;
                    patternCount = number(o.value());
                    if (patternCount < 0) {
                        return (int) patternCount;
                    }
                }
                case 'p' -> {
                    // ignored for backwards compatibility
                }
                case 'P' -> {
                    pflag = true;
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                case 'q' -> quiet = true;
                case 's' -> {
                    sflag = true;
                    patternOffset = number(o.value());
                    if (patternOffset < 0) {
                        return (int) patternOffset;
                    }
                }
                case 'v' -> verbose = true;
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            usage(cmd("read"));
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long count = number(ops.get(1));
        if (count < 0) {
            return (int) count;
        } else if (count > MAX_REQUEST) {
            out.println("length cannot exceed " + MAX_REQUEST + ", given " + ops.get(1));
            return -Errno.EINVAL;
        }
        if (!pflag && (lflag || sflag)) {
            usage(cmd("read"));
            return -Errno.EINVAL;
        }
        if (!lflag) {
            patternCount = count - patternOffset;
        }
        if (patternCount < 0 || patternCount + patternOffset > count) {
            out.println("pattern verification range exceeds end of read data");
            return -Errno.EINVAL;
        }
        if (vmstate) {
            if (offset % SECTOR != 0) {
                out.println(offset + " is not a sector-aligned value for 'offset'");
                return -Errno.EINVAL;
            }
            if (count % SECTOR != 0) {
                out.println(count + " is not a sector-aligned value for 'count'");
                return -Errno.EINVAL;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = buffer(arena, count, 0xab);
            long nanos = vmstate ? timed(() -> vmState().loadVmState(offset, buf)) : timed(() -> node.read(offset, buf));
            if (nanos < 0) {
                out.println("read failed: " + strerror((int) -nanos));
                return (int) nanos;
            }
            int ret = 0;
            if (pflag && !filledWith(buf.asSlice(patternOffset, patternCount), (byte) pat)) {
                out.println("Pattern verification failed at offset " + (offset + patternOffset) + ", " + patternCount
                        + " bytes");
                ret = -Errno.EINVAL;
            }
            if (quiet) {
                return ret;
            }
            if (verbose) {
                dump(buf, offset);
            }
            report("read", offset, count, count, 1, nanos, machine);
            return ret;
        }
    }

    private int readv(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "CP:qv", err);
        if (g == null) {
            usage(cmd("readv"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        boolean verbose = false;
        boolean pflag = false;
        int pat = 0;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'C' -> machine = true;
                case 'P' -> {
                    pflag = true;
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                case 'q' -> quiet = true;
                case 'v' -> verbose = true;
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() < 2) {
            usage(cmd("readv"));
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long[] total = lengths(ops.subList(1, ops.size()));
        if (total == null) {
            return -Errno.EINVAL;
        }
        long count = total[0];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = buffer(arena, count, 0xab);
            long nanos = timed(() -> node.read(offset, buf));
            if (nanos < 0) {
                out.println("readv failed: " + strerror((int) -nanos));
                return (int) nanos;
            }
            int ret = 0;
            if (pflag && !filledWith(buf, (byte) pat)) {
                out.println("Pattern verification failed at offset " + offset + ", " + count + " bytes");
                ret = -Errno.EINVAL;
            }
            if (quiet) {
                return ret;
            }
            if (verbose) {
                dump(buf, offset);
            }
            report("read", offset, count, count, 1, nanos, machine);
            return ret;
        }
    }

    private int write(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "bcCfnpP:qs:uz", err);
        if (g == null) {
            usage(cmd("write"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        boolean vmstate = false;
        boolean pflag = false;
        boolean zflag = false;
        boolean compressed = false;
        boolean sflag = false;
        int flags = RequestFlags.NONE;
        int pat = WRITE_DEFAULT_PATTERN;
        String source = null;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'b' -> vmstate = true;
                case 'c' -> compressed = true;
                case 'C' -> machine = true;
                case 'f' -> flags |= RequestFlags.FUA;
                case 'n' -> flags |= RequestFlags.NO_FALLBACK;
                case 'p' -> {
                    // ignored for backwards compatibility
                }
                case 'P' -> {
                    pflag = true;
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                case 'q' -> quiet = true;
                case 's' -> {
                    sflag = true;
                    source = o.value();
                }
                case 'u' -> flags |= RequestFlags.MAY_UNMAP;
                case 'z' -> zflag = true;
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            usage(cmd("write"));
            return -Errno.EINVAL;
        }
        if (vmstate && zflag) {
            out.println("-b and -z cannot be specified at the same time");
            return -Errno.EINVAL;
        }
        if ((flags & RequestFlags.FUA) != 0 && (vmstate || compressed)) {
            out.println("-f and -b or -c cannot be specified at the same time");
            return -Errno.EINVAL;
        }
        if ((flags & RequestFlags.NO_FALLBACK) != 0 && !zflag) {
            out.println("-n requires -z to be specified");
            return -Errno.EINVAL;
        }
        if ((flags & RequestFlags.MAY_UNMAP) != 0 && !zflag) {
            out.println("-u requires -z to be specified");
            return -Errno.EINVAL;
        }
        if ((zflag ? 1 : 0) + (pflag ? 1 : 0) + (sflag ? 1 : 0) > 1) {
            out.println("Only one of -z, -P, and -s can be specified at the same time");
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long count = number(ops.get(1));
        if (count < 0) {
            return (int) count;
        } else if (count > MAX_REQUEST && (flags & RequestFlags.NO_FALLBACK) == 0) {
            out.println("length cannot exceed " + MAX_REQUEST + " without -n, given " + ops.get(1));
            return -Errno.EINVAL;
        }
        if (vmstate || compressed) {
            if (offset % SECTOR != 0) {
                out.println(offset + " is not a sector-aligned value for 'offset'");
                return -Errno.EINVAL;
            }
            if (count % SECTOR != 0) {
                out.println(count + " is not a sector-aligned value for 'count'");
                return -Errno.EINVAL;
            }
        }
        long nanos;
        final int requestFlags = flags;
        if (zflag) {
            nanos = timed(() -> node.writeZeroes(offset, count, requestFlags));
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf;
                if (sflag) {
                    buf = bufferFromFile(arena, count, source);
                    if (buf == null) {
                        return -Errno.EINVAL;
                    }
                } else {
                    buf = buffer(arena, count, pat);
                }
                if (vmstate) {
                    nanos = timed(() -> vmState().saveVmState(offset, buf));
                } else if (compressed) {
                    nanos = timed(() -> writeCompressed(offset, buf));
                } else if (count > Integer.MAX_VALUE) {
                    nanos = -Errno.ERANGE;
                } else {
                    nanos = timed(() -> node.write(offset, buf, requestFlags));
                }
            }
        }
        if (nanos < 0) {
            out.println("write failed: " + strerror((int) -nanos));
            return (int) nanos;
        }
        if (!quiet) {
            report("wrote", offset, count, count, 1, nanos, machine);
        }
        return 0;
    }

    /** blk_pwrite_compressed: whole clusters (or the image's tail), never over allocated data. */
    private void writeCompressed(long offset, MemorySegment buf) throws IOException {
        CompressedWriter w = node.driverFeature(CompressedWriter.class)
                .orElseThrow(() -> new UnsupportedOperationException("compressed writes"));
        long size = node.size();
        long count = buf.byteSize();
        if (offset > size || size - offset < count) {
            throw new OutOfRangeException("compressed write past the end", node.nodeName(), node.filename(), offset);
        }
        long unit = w.compressionUnit();
        if (offset % unit != 0 || (count % unit != 0 && offset + count != size)) {
            throw new IllegalArgumentException("compressed writes need whole clusters");
        }
        for (long at = offset; at < offset + count; ) {
            BlockStatus st = node.blockStatus(at, offset + count - at);
            if (st.allocated() && st.data()) {
                // QEMU: compression cannot overwrite anything
                throw new BlockIOException("compressed write over an allocated cluster", node.nodeName(),
                        node.filename(), at);
            }
            at += st.length();
        }
        w.writeCompressed(offset, buf);
    }

    /** qemu_io_alloc_from_file: the file's bytes, repeated to {@code count}; null on error (message printed). */
    private MemorySegment bufferFromFile(Arena arena, long count, String file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            bytes = in.readNBytes((int) Math.min(count, Integer.MAX_VALUE - 8));
        } catch (NoSuchFileException e) {
            err.println(file + ": No such file or directory");
            return null;
        } catch (IOException e) {
            err.println(file + ": " + Main.oneLine(e));
            return null;
        }
        if (bytes.length == 0) {
            err.println(file + ": file is empty");
            return null;
        }
        MemorySegment buf = buffer(arena, count, 0);
        MemorySegment src = MemorySegment.ofArray(bytes);
        for (long at = 0; at < count; at += bytes.length) {
            long n = Math.min(bytes.length, count - at);
            MemorySegment.copy(src, 0, buf, at, n);
        }
        return buf;
    }

    private int writev(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "CfqP:", err);
        if (g == null) {
            usage(cmd("writev"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        int flags = RequestFlags.NONE;
        int pat = WRITE_DEFAULT_PATTERN;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'C' -> machine = true;
                case 'f' -> flags |= RequestFlags.FUA;
                case 'q' -> quiet = true;
                case 'P' -> {
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() < 2) {
            usage(cmd("writev"));
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long[] total = lengths(ops.subList(1, ops.size()));
        if (total == null) {
            return -Errno.EINVAL;
        }
        long count = total[0];
        final int requestFlags = flags;
        long nanos;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = buffer(arena, count, pat);
            nanos = timed(() -> node.write(offset, buf, requestFlags));
        }
        if (nanos < 0) {
            out.println("writev failed: " + strerror((int) -nanos));
            return (int) nanos;
        }
        if (!quiet) {
            report("wrote", offset, count, count, 1, nanos, machine);
        }
        return 0;
    }

    private int aioRead(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "CP:iqv", err);
        if (g == null) {
            usage(cmd("aio_read"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        boolean verbose = false;
        boolean pflag = false;
        int pat = 0;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'C' -> machine = true;
                case 'P' -> {
                    pflag = true;
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                case 'i' -> {
                    out.println("injecting invalid read request");
                    return 0;
                }
                case 'q' -> quiet = true;
                case 'v' -> verbose = true;
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() < 2) {
            usage(cmd("aio_read"));
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long[] total = lengths(ops.subList(1, ops.size()));
        if (total == null) {
            return -Errno.EINVAL;
        }
        long count = total[0];
        // the buffer lives until the completion is reported; a shared arena, as the request
        // completes on an I/O thread (not a hot path: one arena per qemu-io command)
        Arena arena = Arena.ofShared();
        MemorySegment buf = buffer(arena, count, 0xab);
        long t0 = System.nanoTime();
        CompletableFuture<Void> f = submitRequest(() -> node.readAsync(offset, buf), () -> node.read(offset, buf));
        final boolean fm = machine;
        final boolean fq = quiet;
        final boolean fv = verbose;
        final boolean fp = pflag;
        final int fpat = pat;
        pending(f, () -> {
            try {
                Throwable failure = await(f);
                long nanos = Math.max(System.nanoTime() - t0, 1);
                if (failure != null) {
                    out.println("readv failed: " + strerror(errnoOf(failure)));
                    return;
                }
                if (fp && !filledWith(buf, (byte) fpat)) {
                    out.println("Pattern verification failed at offset " + offset + ", " + count + " bytes");
                }
                if (fq) {
                    return;
                }
                if (fv) {
                    dump(buf, offset);
                }
                report("read", offset, count, count, 1, nanos, fm);
            } finally {
                arena.close();
            }
        });
        return 0;
    }

    private int aioWrite(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "CfiqP:uz", err);
        if (g == null) {
            usage(cmd("aio_write"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        boolean zflag = false;
        boolean pflag = false;
        int flags = RequestFlags.NONE;
        int pat = WRITE_DEFAULT_PATTERN;
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'C' -> machine = true;
                case 'f' -> flags |= RequestFlags.FUA;
                case 'q' -> quiet = true;
                case 'u' -> flags |= RequestFlags.MAY_UNMAP;
                case 'P' -> {
                    pflag = true;
                    pat = pattern(o.value());
                    if (pat < 0) {
                        return -Errno.EINVAL;
                    }
                }
                case 'i' -> {
                    out.println("injecting invalid write request");
                    return 0;
                }
                case 'z' -> zflag = true;
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = g.operands();
        if (ops.size() < 2) {
            usage(cmd("aio_write"));
            return -Errno.EINVAL;
        }
        if (zflag && ops.size() != 2) {
            out.println("-z supports only a single length parameter");
            return -Errno.EINVAL;
        }
        if ((flags & RequestFlags.MAY_UNMAP) != 0 && !zflag) {
            out.println("-u requires -z to be specified");
            return -Errno.EINVAL;
        }
        if (zflag && pflag) {
            out.println("-z and -P cannot be specified at the same time");
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        final boolean fm = machine;
        final boolean fq = quiet;
        final int requestFlags = flags;
        if (zflag) {
            long count = number(ops.get(1));
            if (count < 0) {
                return (int) count;
            }
            long t0 = System.nanoTime();
            Request zeroes = () -> node.writeZeroes(offset, count, requestFlags);
            CompletableFuture<Void> f = submitRequest(() -> {
                zeroes.run();
                return CompletableFuture.completedFuture(null);
            }, zeroes);
            pending(f, () -> writeDone(f, t0, offset, count, fq, fm, null));
            return 0;
        }
        long[] total = lengths(ops.subList(1, ops.size()));
        if (total == null) {
            return -Errno.EINVAL;
        }
        long count = total[0];
        Arena arena = Arena.ofShared();
        MemorySegment buf = buffer(arena, count, pat);
        long t0 = System.nanoTime();
        CompletableFuture<Void> f = submitRequest(() -> node.writeAsync(offset, buf, requestFlags),
                () -> node.write(offset, buf, requestFlags));
        pending(f, () -> writeDone(f, t0, offset, count, fq, fm, arena));
        return 0;
    }

    private void writeDone(CompletableFuture<Void> f, long t0, long offset, long count, boolean quiet,
                           boolean machine, Arena arena) {
        try {
            Throwable failure = await(f);
            long nanos = Math.max(System.nanoTime() - t0, 1);
            if (failure != null) {
                out.println("aio_write failed: " + strerror(errnoOf(failure)));
                return;
            }
            if (!quiet) {
                report("wrote", offset, count, count, 1, nanos, machine);
            }
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    private interface Submission {
        CompletableFuture<Void> start() throws IOException;
    }

    /**
     * Starts an aio request: its asynchronous form, or, once breakpoints are in use, its
     * synchronous form on a thread of its own, where it may stop at a breakpoint (as qemu-io's
     * request coroutine yields) while this thread goes on with the next command.
     */
    private CompletableFuture<Void> submitRequest(Submission async, Request sync) {
        if (!breakpointsUsed) {
            return submit(async);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("qemu-io aio request").start(() -> {
            try {
                sync.run();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static CompletableFuture<Void> submit(Submission s) {
        try {
            return s.start();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for {@code f}; returns its failure, or null. */
    private static Throwable await(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    private int aioFlush(List<String> argv) {
        // completePending ran before the command: every aio request is complete
        return 0;
    }

    private int flush(List<String> argv) {
        long r = timed(() -> node.flush());
        return r < 0 ? (int) r : 0;
    }

    private int truncate(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "m:", err);
        if (g == null) {
            usage(cmd("truncate"));
            return -Errno.EINVAL;
        }
        Preallocation prealloc = Preallocation.OFF;
        for (Getopt.Option o : g.options()) {
            try {
                prealloc = Preallocation.parse(o.value());
            } catch (IllegalArgumentException e) {
                errorReport("Invalid preallocation mode '" + o.value() + "'");
                return -Errno.EINVAL;
            }
        }
        if (g.operands().isEmpty()) {
            usage(cmd("truncate"));
            return -Errno.EINVAL;
        }
        String arg = g.operands().get(0);
        long offset = IoNumbers.cvtnum(arg);
        if (offset < 0) {
            // qemu-io names argv[1] here, whatever the options were
            out.println(IoNumbers.cvtnumError(offset, argv.get(1)));
            return (int) offset;
        }
        try {
            node.truncate(offset, prealloc);
        } catch (IOException | RuntimeException e) {
            errorReport(Main.oneLine(e));
            return -errnoOf(e);
        }
        return 0;
    }

    private int length(List<String> argv) {
        try {
            out.println(IoNumbers.cvtstr(node.size()));
            return 0;
        } catch (IOException | RuntimeException e) {
            int errno = errnoOf(e);
            out.println("getlength: " + strerror(errno));
            return -errno;
        }
    }

    /** The drivers jblock has whose QEMU counterpart also has a protocol_name (info prints the name twice). */
    private static final Set<String> PROTOCOL_DRIVERS = Set.of("file", "host_device", "host_cdrom", "null-co",
            "null-aio", "blkdebug");
    /** The drivers jblock has whose QEMU counterpart has neither bdrv_get_info nor a filtered child. */
    private static final Set<String> NO_DRIVER_INFO = Set.of("null-co", "null-aio");

    private int info(List<String> argv) {
        String driver = node.driverName();
        // info_f prints the driver's format_name, then its protocol_name: both where a driver has both
        out.println("format name: " + driver);
        if (PROTOCOL_DRIVERS.contains(driver)) {
            out.println("format name: " + driver);
        }
        if (NO_DRIVER_INFO.contains(driver)) {
            return -Errno.ENOTSUP; // bdrv_get_info's answer; qemu-io prints nothing more
        }
        Map<String, Object> specific;
        long size;
        try {
            specific = new LinkedHashMap<>(node.formatSpecificInfo());
            size = node.size();
        } catch (IOException | RuntimeException e) {
            return -errnoOf(e);
        }
        long clusterSize = 0;
        long vmStateOffset = 0;
        Object cs = specific.remove("cluster-size");
        if (cs instanceof Number n && n.longValue() > 0) {
            clusterSize = n.longValue();
            // qcow2: the VM state lives after the guest disk, at the next L2 table's reach
            long entry = Boolean.TRUE.equals(specific.get("extended-l2")) ? 16 : 8;
            long reach = clusterSize * (clusterSize / entry);
            vmStateOffset = (size + reach - 1) / reach * reach;
        }
        out.println("cluster size: " + IoNumbers.cvtstr(clusterSize));
        out.println("vm state offset: " + IoNumbers.cvtstr(vmStateOffset));
        FormatDetails.printHuman(out, specific);
        return 0;
    }

    private int discard(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "Cq", err);
        if (g == null) {
            usage(cmd("discard"));
            return -Errno.EINVAL;
        }
        boolean machine = false;
        boolean quiet = false;
        for (Getopt.Option o : g.options()) {
            if (o.letter() == 'C') {
                machine = true;
            } else {
                quiet = true;
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            usage(cmd("discard"));
            return -Errno.EINVAL;
        }
        long offset = number(ops.get(0));
        if (offset < 0) {
            return (int) offset;
        }
        long bytes = number(ops.get(1));
        if (bytes < 0) {
            return (int) bytes;
        } else if (bytes > MAX_REQUEST) {
            out.println("length cannot exceed " + MAX_REQUEST + ", given " + ops.get(1));
            return -Errno.EINVAL;
        }
        long nanos = timed(() -> node.discard(offset, bytes));
        if (nanos < 0) {
            out.println("discard failed: " + strerror((int) -nanos));
            return (int) nanos;
        }
        if (!quiet) {
            report("discard", offset, bytes, bytes, 1, nanos, machine);
        }
        return 0;
    }

    /**
     * bdrv_is_allocated: whether the run at {@code offset} is allocated in this image (not its
     * backing file), and its length; length 0 at or past the end.
     */
    private long[] isAllocated(long offset, long bytes) throws IOException {
        long size = node.size();
        if (offset >= size || bytes == 0) {
            return new long[] {0, 0};
        }
        BlockStatus st = node.blockStatus(offset, Math.min(bytes, size - offset));
        return new long[] {st.allocated() ? 1 : 0, st.length()};
    }

    private int alloc(List<String> argv) {
        long start = number(argv.get(1));
        if (start < 0) {
            return (int) start;
        }
        long count = SECTOR;
        if (argv.size() == 3) {
            count = number(argv.get(2));
            if (count < 0) {
                return (int) count;
            }
        }
        long offset = start;
        long remaining = count;
        long sum = 0;
        try {
            while (remaining > 0) {
                long[] r = isAllocated(offset, remaining);
                long num = r[1];
                offset += num;
                remaining -= num;
                if (r[0] != 0) {
                    sum += num;
                }
                if (num == 0) {
                    count -= remaining;
                    remaining = 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            int errno = errnoOf(e);
            out.println("is_allocated failed: " + strerror(errno));
            return -errno;
        }
        out.println(sum + "/" + count + " bytes allocated at offset " + IoNumbers.cvtstr(start));
        return 0;
    }

    private int map(List<String> argv) {
        long bytes;
        try {
            bytes = node.size();
        } catch (IOException | RuntimeException e) {
            int errno = errnoOf(e);
            errorReport("Failed to query image length: " + strerror(errno));
            return -errno;
        }
        long offset = 0;
        while (bytes > 0) {
            long[] r;
            long num;
            try {
                r = isAllocated(offset, bytes);
                num = r[1];
                // map_is_allocated: merge the following runs of the same state
                long o = offset + num;
                long left = bytes - num;
                while (left > 0) {
                    long[] next = isAllocated(o, left);
                    if (next[0] != r[0] || next[1] == 0) {
                        break;
                    }
                    num += next[1];
                    o += next[1];
                    left -= next[1];
                }
            } catch (IOException | RuntimeException e) {
                int errno = errnoOf(e);
                errorReport("Failed to get allocation status: " + strerror(errno));
                return -errno;
            }
            if (num == 0) {
                errorReport("Unexpected end of image");
                return -Errno.EIO;
            }
            out.println(IoNumbers.cvtstr(num) + " (0x" + Long.toHexString(num) + ") bytes "
                    + (r[0] != 0 ? "    allocated" : "not allocated") + " at offset " + IoNumbers.cvtstr(offset)
                    + " (0x" + Long.toHexString(offset) + ")");
            offset += num;
            bytes -= num;
        }
        return 0;
    }

    private int open(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "snCro:ki:t:d:U", err);
        if (g == null) {
            usage(cmd("open"));
            return -Errno.EINVAL;
        }
        IoOpenSpec spec = IoOpenSpec.DEFAULT;
        StringBuilder options = new StringBuilder();
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 's' -> spec = spec.withSnapshot();
                case 'n' -> spec = spec.withNocache();
                case 'C' -> spec = spec.withCopyOnRead();
                case 'r' -> spec = spec.withReadOnly(true);
                case 'k' -> spec = spec.withAio("native");
                case 't' -> {
                    IoOpenSpec s = spec.withCache(o.value());
                    if (s == null) {
                        errorReport("Invalid cache option: " + o.value());
                        return -Errno.EINVAL;
                    }
                    spec = s;
                }
                case 'd' -> {
                    IoOpenSpec s = spec.withDiscard(o.value());
                    if (s == null) {
                        errorReport("Invalid discard option: " + o.value());
                        return -Errno.EINVAL;
                    }
                    spec = s;
                }
                case 'i' -> {
                    IoOpenSpec s = spec.withAio(o.value());
                    if (s == null) {
                        errorReport("Invalid aio option: " + o.value());
                        return -Errno.EINVAL;
                    }
                    spec = s;
                }
                case 'o' -> {
                    if (imageOpts) {
                        out.println("--image-opts and 'open -o' are mutually exclusive");
                        return -Errno.EINVAL;
                    }
                    if (!options.isEmpty()) {
                        options.append(',');
                    }
                    options.append(o.value());
                }
                case 'U' -> spec = spec.withForceShare();
                default -> throw new IllegalStateException();
            }
        }
        List<String> ops = new ArrayList<>(g.operands());
        if (imageOpts && ops.size() == 1) {
            options.append(ops.remove(0));
        }
        if (ops.size() > 1) {
            usage(cmd("open"));
            return -Errno.EINVAL;
        }
        String name = ops.isEmpty() ? null : ops.get(0);
        return openImage(name, options.isEmpty() ? null : options.toString(), spec) ? 0 : -Errno.EINVAL;
    }

    /** qemu-io's openfile: false (message printed) when an image is open already or it fails to open. */
    boolean openImage(String name, String options, IoOpenSpec spec) {
        if (node != null) {
            errorReport("file open already, try 'help close'");
            return false;
        }
        if (spec.forceShare() && options != null && options.matches("(^|.*,)force-share=(?!on(,|$)).*")) {
            errorReport("-U conflicts with image options");
            return false;
        }
        if (opener == null) {
            errorReport("can't open" + (name != null ? " device " + name : "") + ": opening images is not supported here");
            return false;
        }
        try {
            node = opener.open(name, options, spec);
            openedAs(name, options, spec);
            return true;
        } catch (CommandFailure e) {
            errorReport("can't open" + (name != null ? " device " + name : "") + ": " + e.getMessage());
            return false;
        }
    }

    private int closeImage(List<String> argv) {
        if (node != null) {
            BlockNode n = node;
            node = null;
            try {
                n.close();
            } catch (IOException | RuntimeException e) {
                Main.closeFailureLines(e).forEach(this::errorReport);
            }
        }
        return 0;
    }

    private int reopen(List<String> argv) {
        Getopt g = Getopt.parse(argv.get(0), argv.subList(1, argv.size()), "c:o:rw", err);
        if (g == null) {
            usage(cmd("reopen"));
            return -Errno.EINVAL;
        }
        IoOpenSpec spec = openedSpec != null ? openedSpec : IoOpenSpec.DEFAULT.withReadOnly(node.isReadOnly());
        boolean rw = false;
        boolean cacheOption = false;
        StringBuilder options = new StringBuilder();
        for (Getopt.Option o : g.options()) {
            switch (o.letter()) {
                case 'c' -> {
                    IoOpenSpec s = spec.withCache(o.value());
                    if (s == null) {
                        errorReport("Invalid cache option: " + o.value());
                        return -Errno.EINVAL;
                    }
                    spec = s;
                    cacheOption = true;
                }
                case 'o' -> {
                    if (!options.isEmpty()) {
                        options.append(',');
                    }
                    options.append(o.value());
                }
                case 'r', 'w' -> {
                    if (rw) {
                        errorReport("Only one -r/-w option may be given");
                        return -Errno.EINVAL;
                    }
                    spec = spec.withReadOnly(o.letter() == 'r');
                    rw = true;
                }
                default -> throw new IllegalStateException();
            }
        }
        if (!g.operands().isEmpty()) {
            usage(cmd("reopen"));
            return -Errno.EINVAL;
        }
        String extra = options.toString();
        Map<String, String> changes = IoOptions.parse(extra);
        if (changes.containsKey("read-only") && rw) {
            errorReport("Cannot set both -r/-w and 'read-only'");
            return -Errno.EINVAL;
        }
        if ((changes.containsKey("cache.direct") || changes.containsKey("cache.no-flush")) && cacheOption) {
            errorReport("Cannot set both -c and the cache options");
            return -Errno.EINVAL;
        }
        // bdrv_reopen's checks: a node's name and driver stay; boolean options are booleans
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String leaf = dot < 0 ? key : key.substring(dot + 1);
            if (leaf.equals("node-name") || leaf.equals("driver")) {
                BlockNode target = nodeAt(dot < 0 ? "" : key.substring(0, dot));
                String now = target == null ? null : leaf.equals("driver") ? target.driverName() : target.nodeName();
                if (!e.getValue().equals(now)) {
                    errorReport("Cannot change the option '" + leaf + "'");
                    return -Errno.EINVAL;
                }
            }
        }
        for (String key : List.of("read-only", "cache.direct", "cache.no-flush", "auto-read-only")) {
            String v = changes.get(key);
            if (v != null && IoOptions.bool(v) == null) {
                errorReport("Parameter '" + key + "' expects 'on' or 'off'");
                return -Errno.EINVAL;
            }
        }
        if (changes.containsKey("read-only")) {
            spec = spec.withReadOnly(IoOptions.bool(changes.get("read-only")));
            changes.remove("read-only");
        }
        if (opener == null || (openedName == null && openedOptions == null)) {
            errorReport("reopen is not supported on this image");
            return -Errno.ENOTSUP;
        }
        // jblock has no in-place reopen: the image is closed and opened again with the new
        // switches and options (the options of the open, changed by -o; a node name or driver
        // -o confirmed is no change)
        Map<String, String> merged = IoOptions.parse(openedOptions == null ? "" : openedOptions);
        changes.keySet().removeIf(k -> k.equals("node-name") || k.endsWith(".node-name") || k.equals("driver")
                || k.endsWith(".driver"));
        merged.putAll(changes);
        String mergedText = merged.isEmpty() ? null : IoOptions.format(merged);
        BlockNode old = node;
        node = null;
        try {
            old.close();
        } catch (IOException | RuntimeException e) {
            Main.closeFailureLines(e).forEach(this::errorReport);
            return -Errno.EINVAL;
        }
        try {
            node = opener.open(openedName, mergedText, spec);
            openedAs(openedName, mergedText, spec);
        } catch (CommandFailure e) {
            errorReport(e.getMessage());
            return -Errno.EINVAL;
        }
        return 0;
    }

    /** The node at a dotted child path ({@code ""}: the root, {@code file}, {@code backing.file}), or null. */
    private BlockNode nodeAt(String path) {
        BlockNode n = node;
        if (path.isEmpty()) {
            return n;
        }
        for (String role : path.split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.child(role);
        }
        return n;
    }

    private int sleep(List<String> argv) {
        long ms;
        try {
            ms = strtolBase0(argv.get(1));
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0) {
            out.println(argv.get(1) + " is not a valid number");
            return -Errno.EINVAL;
        }
        if (!breakpointsUsed) {
            completePending();
        } else {
            reportCompleted(); // requests may be stopped at breakpoints: poll, do not wait for them
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (breakpointsUsed) {
            reportCompleted();
        }
        return 0;
    }

    /**
     * QEMU's bdrv_save_vmstate/bdrv_load_vmstate: the first node down the primary children with
     * a VM state area; none (raw, a file): ENOTSUP, as QEMU.
     */
    private io.jblock.storage.feature.VmStateArea vmState() throws IOException {
        BlockNode n = node;
        while (n != null) {
            java.util.Optional<io.jblock.storage.feature.VmStateArea> v =
                    n.driverFeature(io.jblock.storage.feature.VmStateArea.class);
            if (v.isPresent()) {
                return v.get();
            }
            BlockNode file = n.child("file");
            n = file != null ? file : n.child("image");
        }
        throw new BlockIOException("the image has no VM state area", node.nodeName(), node.filename(), -1,
                Errno.ENOTSUP, null);
    }

    // ---------------------------------------------------------------------------------------
    // blkdebug breakpoints: break, wait_break, resume, remove_break (qemu-io-cmds.c, block/blkdebug.c).

    /** QEMU's bdrv_find_debug_node: the first node down the primary children with breakpoints, or null. */
    private DebugBreakpoints breakpoints() {
        BlockNode n = node;
        while (n != null) {
            java.util.Optional<DebugBreakpoints> b = n.driverFeature(DebugBreakpoints.class);
            if (b.isPresent()) {
                return b.get();
            }
            BlockNode file = n.child("file");
            n = file != null ? file : n.child("image");
        }
        return null;
    }

    private int setBreakpoint(List<String> argv) {
        DebugBreakpoints b = breakpoints();
        if (b == null) {
            out.println("Could not set breakpoint: " + strerror(Errno.ENOTSUP));
            return -Errno.ENOTSUP;
        }
        commandThread = Thread.currentThread();
        b.setListener(new DebugBreakpoints.Listener() {
            @Override
            public boolean suspending(String tag) {
                if (Thread.currentThread() == commandThread) {
                    // qemu-io would hang: nothing could run the resume command
                    errorReport("blkdebug: request '" + tag + "' reached its breakpoint in a synchronous command,"
                            + " where nothing could resume it; not suspended");
                    return false;
                }
                out.println("blkdebug: Suspended request '" + tag + "'");
                signalProgress();
                return true;
            }

            @Override
            public void resuming(String tag) {
                out.println("blkdebug: Resuming request '" + tag + "'");
                signalProgress();
            }
        });
        if (!b.addBreakpoint(argv.get(1), argv.get(2))) {
            out.println("Could not set breakpoint: " + strerror(Errno.ENOENT));
            return -Errno.ENOENT;
        }
        breakpointsUsed = true;
        return 0;
    }

    private int removeBreakpoint(List<String> argv) {
        DebugBreakpoints b = breakpoints();
        int r = b == null ? -Errno.ENOTSUP : b.removeBreakpoint(argv.get(1)) ? 0 : -Errno.ENOENT;
        if (r < 0) {
            out.println("Could not remove breakpoint " + argv.get(1) + ": " + strerror(-r));
        }
        return r;
    }

    private int resume(List<String> argv) {
        DebugBreakpoints b = breakpoints();
        int r = b == null ? -Errno.ENOTSUP : b.resume(argv.get(1)) ? 0 : -Errno.ENOENT;
        if (r < 0) {
            out.println("Could not resume request: " + strerror(-r));
        }
        return r;
    }

    /**
     * Waits until a request is stopped with the tag, printing completions meanwhile (qemu-io
     * polls). Where qemu-io would wait forever (no blkdebug node, or every request in flight is
     * stopped at another breakpoint or none is in flight) it fails with a message instead.
     */
    private int waitBreak(List<String> argv) {
        String tag = argv.get(1);
        DebugBreakpoints b = breakpoints();
        if (b == null) {
            errorReport("wait_break: no blkdebug node in the graph: no request can stop at '" + tag + "'");
            return -Errno.ENOTSUP;
        }
        while (true) {
            long seen = progress.get();
            if (b.isSuspended(tag)) {
                return 0;
            }
            reportCompleted();
            // every request in flight stopped, and nothing stopped or completed since the check above
            // (a stop bumps progress before it counts): nothing can reach the tag any more
            if (inFlight() <= b.suspendedRequests() && progress.get() == seen && !b.isSuspended(tag)) {
                errorReport("wait_break: no request in flight can reach breakpoint '" + tag
                        + "' (every aio request has completed or is stopped): it would wait forever");
                return -Errno.ENOENT;
            }
            awaitProgress(seen);
        }
    }

    private int sigraise(List<String> argv) {
        long sig = number(argv.get(1));
        if (sig < 0) {
            return (int) sig;
        } else if (sig > NSIG) {
            out.println("signal argument '" + argv.get(1) + "' is too large to be a valid signal");
            return -Errno.EINVAL;
        }
        // qemu-io flushes stdout and stderr, then raise()s
        out.flush();
        err.flush();
        ProcessSignals.raise((int) sig);
        return 0;
    }

    private int abort(List<String> argv) {
        // abort(3) does not flush stdio: what qemu-io buffered is lost, and so is ours
        err.flush();
        ProcessSignals.abort();
        return 0;
    }

    private int help(List<String> argv) {
        if (argv.size() < 2) {
            for (Cmd c : COMMANDS.values()) {
                if (c.oneline != null) {
                    helpOneline(c.name, c);
                }
            }
            out.println();
            out.println("Use 'help commandname' for extended help.");
            return 0;
        }
        Cmd c = find(argv.get(1));
        if (c == null || c.oneline == null) {
            out.println("command " + argv.get(1) + " not found");
            return -Errno.EINVAL;
        }
        helpOneline(argv.get(1), c);
        if (c.help != null) {
            out.print(c.help);
        }
        return 0;
    }

    private void helpOneline(String name, Cmd c) {
        out.println(name + " " + (c.args != null ? c.args + " " : "") + "-- " + c.oneline);
    }

    private int activate(List<String> argv) {
        long r = timed(() -> node.activate());
        if (r < 0) {
            out.println("activate failed: " + strerror((int) -r));
            return (int) r;
        }
        out.println("activated node '" + node.nodeName() + "': caches invalidated, write permission taken");
        return 0;
    }

    private int inactivate(List<String> argv) {
        long r = timed(() -> node.inactivate());
        if (r < 0) {
            out.println("inactivate failed: " + strerror((int) -r));
            return (int) r;
        }
        out.println("inactivated node '" + node.nodeName() + "': data flushed, metadata written back, write lock released");
        return 0;
    }

    private int quit(List<String> argv) {
        quit = true;
        return 0;
    }

    /** A command was used wrongly; the message is printed as is. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The command table, sorted by name as qemu-io keeps it; texts are qemu-io's.

    private static Map<String, Cmd> commands() {
        Map<String, Cmd> m = new TreeMap<>();
        add(m, new Cmd("abort", null, 0, 0, NOFILE_OK, false, false, null,
                "simulate a program crash using abort(3)", null, IoSession::abort));
        add(m, new Cmd("aio_flush", null, 0, 0, 0, false, true, null,
                "completes all outstanding aio requests", null, IoSession::aioFlush));
        add(m, new Cmd("aio_read", null, 2, -1, 0, false, false, "[-Ciqv] [-P pattern] off len [len..]",
                "asynchronously reads a number of bytes", AIO_READ_HELP, IoSession::aioRead));
        add(m, new Cmd("aio_write", null, 2, -1, 0, true, false, "[-Cfiquz] [-P pattern] off len [len..]",
                "asynchronously writes a number of bytes", AIO_WRITE_HELP, IoSession::aioWrite));
        add(m, new Cmd("alloc", "a", 1, 2, 0, false, false, "offset [count]",
                "checks if offset is allocated in the file", null, IoSession::alloc));
        add(m, new Cmd("break", null, 2, 2, 0, false, false, "event tag",
                "sets a breakpoint on event and tags the stopped request as tag", null,
                IoSession::setBreakpoint));
        add(m, new Cmd("close", "c", 0, 0, 0, false, true, null, "close the current open file", null,
                IoSession::closeImage));
        add(m, new Cmd("discard", "d", 2, -1, 0, true, false, "[-Cq] off len",
                "discards a number of bytes at a specified offset", DISCARD_HELP, IoSession::discard));
        add(m, new Cmd("flush", "f", 0, 0, 0, false, false, null, "flush all in-core file state to disk", null,
                IoSession::flush));
        add(m, new Cmd("help", "?", 0, 1, GLOBAL, false, false, "[command]", "help for one or all commands", null,
                IoSession::help));
        add(m, new Cmd("info", "i", 0, 0, 0, false, false, null, "prints information about the current file", null,
                IoSession::info));
        add(m, new Cmd("length", "l", 0, 0, 0, false, false, null, "gets the length of the current file", null,
                IoSession::length));
        add(m, new Cmd("map", null, 0, 0, 0, false, false, "", "prints the allocated areas of a file", null,
                IoSession::map));
        add(m, new Cmd("open", "o", 1, -1, NOFILE_OK, false, true,
                "[-rsCnkU] [-t cache] [-d discard] [-o options] [path]", "open the file specified by path",
                OPEN_HELP, IoSession::open));
        add(m, new Cmd("quit", "q", -1, -1, GLOBAL, false, false, null, "exit the program", null, IoSession::quit));
        add(m, new Cmd("read", "r", 2, -1, 0, false, false, "[-abCqv] [-P pattern [-s off] [-l len]] off len",
                "reads a number of bytes at a specified offset", READ_HELP, IoSession::read));
        add(m, new Cmd("readv", null, 2, -1, 0, false, false, "[-Cqv] [-P pattern] off len [len..]",
                "reads a number of bytes at a specified offset", READV_HELP, IoSession::readv));
        add(m, new Cmd("remove_break", null, 1, 1, 0, false, false, "tag", "remove a breakpoint by tag", null,
                IoSession::removeBreakpoint));
        add(m, new Cmd("reopen", null, 0, -1, 0, false, true, "[(-r|-w)] [-c cache] [-o options]",
                "reopens an image with new options", REOPEN_HELP, IoSession::reopen));
        add(m, new Cmd("resume", null, 1, 1, 0, false, false, "tag", "resumes the request tagged as tag", null,
                IoSession::resume));
        add(m, new Cmd("sigraise", null, 1, 1, NOFILE_OK, false, false, "signal", "raises a signal", SIGRAISE_HELP,
                IoSession::sigraise));
        add(m, new Cmd("sleep", null, 1, 1, NOFILE_OK, false, false, null, "waits for the given value in milliseconds",
                null, IoSession::sleep));
        add(m, new Cmd("truncate", "t", 1, 3, 0, true, false, "[-m prealloc_mode] off",
                "truncates the current file at the given offset", null, IoSession::truncate));
        add(m, new Cmd("wait_break", null, 1, 1, 0, false, false, "tag", "waits for the suspension of a request", null,
                IoSession::waitBreak));
        add(m, new Cmd("write", "w", 2, -1, 0, true, false, "[-bcCfnquz] [-P pattern | -s source_file] off len",
                "writes a number of bytes at a specified offset", WRITE_HELP, IoSession::write));
        add(m, new Cmd("writev", null, 2, -1, 0, true, false, "[-Cfq] [-P pattern] off len [len..]",
                "writes a number of bytes at a specified offset", WRITEV_HELP, IoSession::writev));
        // jblock's own, for the migration handoff; not in qemu-io's help listing
        add(m, new Cmd("activate", null, 0, 0, 0, false, false, null, null, null, IoSession::activate));
        add(m, new Cmd("inactivate", null, 0, 0, 0, false, false, null, null, null, IoSession::inactivate));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Cmd> m, Cmd c) {
        m.put(c.name, c);
    }

    private static final String OPEN_HELP = """

             opens a new file in the requested mode

             Example:
             'open -n -o driver=raw /tmp/data' - opens raw data file read-write, uncached

             Opens a file for subsequent use by all of the other qemu-io commands.
             -r, -- open file read-only
             -s, -- use snapshot file
             -C, -- use copy-on-read
             -n, -- disable host cache, short for -t none
             -U, -- force shared permissions
             -k, -- use kernel AIO implementation (Linux only, prefer use of -i)
             -i, -- use AIO mode (threads, native or io_uring)
             -t, -- use the given cache mode for the image
             -d, -- use the given discard mode for the image
             -o, -- options to be given to the block driver
            """;

    private static final String READ_HELP = """

             reads a range of bytes from the given offset

             Example:
             'read -v 512 1k' - dumps 1 kilobyte read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             -b, -- read from the VM state rather than the virtual disk
             -C, -- report statistics in a machine parsable format
             -l, -- length for pattern verification (only with -P)
             -p, -- ignored for backwards compatibility
             -P, -- use a pattern to verify read data
             -q, -- quiet mode, do not show I/O statistics
             -s, -- start offset for pattern verification (only with -P)
             -v, -- dump buffer to standard output

            """;

    private static final String READV_HELP = """

             reads a range of bytes from the given offset into multiple buffers

             Example:
             'readv -v 512 1k 1k ' - dumps 2 kilobytes read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             Uses multiple iovec buffers if more than one byte range is specified.
             -C, -- report statistics in a machine parsable format
             -P, -- use a pattern to verify read data
             -v, -- dump buffer to standard output
             -q, -- quiet mode, do not show I/O statistics

            """;

    private static final String WRITE_HELP = """

             writes a range of bytes from the given offset

             Example:
             'write 512 1k' - writes 1 kilobyte at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             -b, -- write to the VM state rather than the virtual disk
             -c, -- write compressed data with blk_write_compressed
             -f, -- use Force Unit Access semantics
             -n, -- with -z, don't allow slow fallback
             -p, -- ignored for backwards compatibility
             -P, -- use different pattern to fill file
             -s, -- use a pattern file to fill the write buffer
             -C, -- report statistics in a machine parsable format
             -q, -- quiet mode, do not show I/O statistics
             -u, -- with -z, allow unmapping
             -z, -- write zeroes using blk_co_pwrite_zeroes

            """;

    private static final String WRITEV_HELP = """

             writes a range of bytes from the given offset source from multiple buffers

             Example:
             'writev 512 1k 1k' - writes 2 kilobytes at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             -P, -- use different pattern to fill file
             -C, -- report statistics in a machine parsable format
             -f, -- use Force Unit Access semantics
             -q, -- quiet mode, do not show I/O statistics

            """;

    private static final String AIO_READ_HELP = """

             asynchronously reads a range of bytes from the given offset

             Example:
             'aio_read -v 512 1k 1k ' - dumps 2 kilobytes read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             The read is performed asynchronously and the aio_flush command must be
             used to ensure all outstanding aio requests have been completed.
             Note that due to its asynchronous nature, this command will be
             considered successful once the request is submitted, independently
             of potential I/O errors or pattern mismatches.
             -C, -- report statistics in a machine parsable format
             -P, -- use a pattern to verify read data
             -i, -- treat request as invalid, for exercising stats
             -v, -- dump buffer to standard output
             -q, -- quiet mode, do not show I/O statistics

            """;

    private static final String AIO_WRITE_HELP = """

             asynchronously writes a range of bytes from the given offset source
             from multiple buffers

             Example:
             'aio_write 512 1k 1k' - writes 2 kilobytes at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             The write is performed asynchronously and the aio_flush command must be
             used to ensure all outstanding aio requests have been completed.
             Note that due to its asynchronous nature, this command will be
             considered successful once the request is submitted, independently
             of potential I/O errors or pattern mismatches.
             -P, -- use different pattern to fill file
             -C, -- report statistics in a machine parsable format
             -f, -- use Force Unit Access semantics
             -i, -- treat request as invalid, for exercising stats
             -q, -- quiet mode, do not show I/O statistics
             -u, -- with -z, allow unmapping
             -z, -- write zeroes using blk_aio_pwrite_zeroes

            """;

    private static final String DISCARD_HELP = """

             discards a range of bytes from the given offset

             Example:
             'discard 512 1k' - discards 1 kilobyte from 512 bytes into the file

             Discards a segment of the currently open file.
             -C, -- report statistics in a machine parsable format
             -q, -- quiet mode, do not show I/O statistics

            """;

    private static final String REOPEN_HELP = """

             Changes the open options of an already opened image

             Example:
             'reopen -o lazy-refcounts=on' - activates lazy refcount writeback on a qcow2 image

             -r, -- Reopen the image read-only
             -w, -- Reopen the image read-write
             -c, -- Change the cache mode to the given value
             -o, -- Changes block driver options (cf. 'open' command)

            """;

    private static final String SIGRAISE_HELP = """

             raises the given signal

             Example:
             'sigraise 15' - raises SIGTERM

             Invokes raise(signal), where "signal" is the mandatory integer argument
             given to sigraise.

            """;
}
