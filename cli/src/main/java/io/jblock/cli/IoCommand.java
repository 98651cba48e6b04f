package io.jblock.cli;

import io.jblock.ffm.NativeIOException;
import io.jblock.storage.BackingFileException;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.FilenameSyntax;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock io}: qemu-io, QEMU's disk exerciser, on one image. */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = {
            "Runs qemu-io commands on an image: each -c command in order, or, without -c, one command "
                + "a line from stdin after a 'PROGRAM> ' prompt (stdout is flushed at each prompt, so "
                + "another program can drive it). Without FILE, the commands start with 'open'.",
            "Commands (see -c help): read, readv, write, writev, aio_read, aio_write, aio_flush, flush, "
                + "discard, truncate, length, info, map, alloc, open, close, reopen, sleep, sigraise, "
                + "abort, help, quit; and jblock's activate / inactivate for the migration handoff.",
            "Exit status: 0 if every command succeeded, 1 otherwise."
        })
public final class IoCommand extends JblockSubcommand {

    @Option(names = {"-f", "--format"}, paramLabel = "FMT", description = "Image format (raw, qcow2); probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string "
            + "(driver=qcow2,file.driver=file,file.filename=a.qcow2,...).")
    boolean imageOpts;

    @Option(names = {"-c", "--cmd"}, paramLabel = "CMD", description = "A command to run; may be repeated.")
    List<String> commands = new ArrayList<>();

    @Option(names = "--inactive", description = "Open inactive, as a migration destination: no write "
            + "lock, writes refused until 'activate'.")
    boolean inactive;

    @Option(names = {"-m", "--misalign"}, description = "Misalign buffers for O_DIRECT (accepted; jblock's "
            + "generic layer bounces misaligned buffers anyway).")
    boolean misalign;

    @Option(names = {"-T", "--trace"}, paramLabel = "OPTS", description = "QEMU trace options (accepted, ignored: "
            + "jblock has no QEMU trace events).")
    List<String> trace = new ArrayList<>();

    @Option(names = "--object", paramLabel = "OBJECTDEF", description = "A QEMU object: "
            + "secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The image; without it, use 'open'.")
    String file;

    // The open switches, applied in command-line order as qemu-io's getopt loop does
    // (-t none -n and -n -t writethrough differ).
    private IoOpenSpec spec = IoOpenSpec.DEFAULT;
    private String badSwitch;

    @Option(names = {"-r", "--read-only"}, description = "Open read-only.")
    void readOnly(boolean on) {
        if (on) {
            spec = spec.withReadOnly(true);
        }
    }

    @Option(names = {"-s", "--snapshot"}, description = "Write to a temporary qcow2 overlay, dropped at exit.")
    void snapshot(boolean on) {
        if (on) {
            spec = spec.withSnapshot();
        }
    }

    @Option(names = {"-n", "--nocache"}, description = "Bypass the host page cache: short for -t none.")
    void nocache(boolean on) {
        if (on) {
            spec = spec.withNocache();
        }
    }

    @Option(names = {"-C", "--copy-on-read"}, description = "Copy-on-read: reads copy backing data into the image.")
    void copyOnRead(boolean on) {
        if (on) {
            spec = spec.withCopyOnRead();
        }
    }

    @Option(names = {"-k", "--native-aio"}, description = "Short for --aio native.")
    void nativeAio(boolean on) {
        if (on) {
            spec = spec.withAio("native");
        }
    }

    @Option(names = {"-i", "--aio"}, paramLabel = "MODE", description = "AIO mode of the file node: threads "
            + "(default), native or io_uring.")
    void aio(String mode) {
        if (mode == null) {
            return;
        }
        IoOpenSpec s = spec.withAio(mode);
        if (s == null) {
            fail("Invalid aio option: " + mode);
        } else {
            spec = s;
        }
    }

    @Option(names = {"-t", "--cache"}, paramLabel = "MODE", description = "Cache mode: writethrough (qemu-io's "
            + "default), writeback, none, directsync, unsafe.")
    void cache(String mode) {
        if (mode == null) {
            return;
        }
        IoOpenSpec s = spec.withCache(mode);
        if (s == null) {
            fail("Invalid cache option: " + mode);
        } else {
            spec = s;
        }
    }

    @Option(names = {"-d", "--discard"}, paramLabel = "MODE", description = "Discard mode: unmap (default) "
            + "passes discard requests down, ignore drops them.")
    void discard(String mode) {
        if (mode == null) {
            return;
        }
        IoOpenSpec s = spec.withDiscard(mode);
        if (s == null) {
            fail("Invalid discard option: " + mode);
        } else {
            spec = s;
        }
    }

    @Option(names = {"-U", "--force-share"}, description = "Open without image locks (file.locking=off).")
    void forceShare(boolean on) {
        if (on) {
            spec = spec.withForceShare();
        }
    }

    private void fail(String message) {
        if (badSwitch == null) {
            badSwitch = message;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (badSwitch != null) {
            err().println(Main.programName() + ": " + badSwitch);
            return 1;
        }
        SecretObjects.define(objects);
        if (format != null && imageOpts) {
            err().println(Main.programName() + ": --image-opts and -f are mutually exclusive");
            return 1;
        }
        boolean failed = false;
        IoSession session = new IoSession(null, this::openNode, imageOpts, out(), err());
        try {
            if (file != null) {
                boolean opened = imageOpts ? session.openImage(null, file, spec)
                        : session.openImage(file, format != null ? "driver=" + format : null, spec);
                if (!opened) {
                    return 1;
                }
            }
            if (!commands.isEmpty()) {
                for (String c : commands) {
                    if (session.quitRequested()) {
                        break;
                    }
                    failed |= session.run(c) < 0;
                }
            } else {
                failed = runStdin(session);
            }
        } finally {
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                for (String line : Main.closeFailureLines(e)) {
                    err().println(Main.programName() + ": " + line);
                }
            }
        }
        return failed ? 1 : 0;
    }

    /** qemu-io's stdin loop: prompt (flushing stdout), read a line, run it; until EOF or quit. */
    private boolean runStdin(IoSession session) throws IOException {
        boolean failed = false;
        BufferedReader in = new BufferedReader(new InputStreamReader(terminal().in(), StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder();
        String prompt = Main.programName() + "> ";
        while (!session.quitRequested()) {
            out().print(prompt);
            out().flush();
            if (!readLine(in, line)) {
                break;
            }
            failed |= session.run(line.toString()) < 0;
        }
        return failed;
    }

    /** fgets' buffer in qemu-io: a longer line is read as several commands. */
    static final int MAX_LINE = 1023;

    /**
     * qemu-io's fetchline: up to {@link #MAX_LINE} characters or through the newline, which is
     * dropped; false at end of input with nothing read.
     */
    static boolean readLine(BufferedReader in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while (line.length() < MAX_LINE && (c = in.read()) >= 0) {
            if (c == '\n') {
                return true;
            }
            line.append((char) c);
        }
        return !line.isEmpty();
    }

    /**
     * Opens what qemu-io's openfile opens: {@code name} probed, or with a {@code driver} in
     * {@code options} (then a format's file child, or the protocol node itself for
     * {@code driver=file}); the switches of {@code spec} become node options.
     */
    BlockNode openNode(String name, String options, IoOpenSpec s) {
        if (s.snapshot()) {
            return openUnderTemporaryOverlay(name, options, s);
        }
        if (s.copyOnRead() && s.readOnly()) {
            throw new CommandFailure("Can't use copy-on-read on read-only device", 1); // bdrv_open_common
        }
        if (s.forceShare() && !s.readOnly()) {
            throw new CommandFailure("force-share=on can only be used with read-only images", 1);
        }
        CacheMode mode = s.cacheMode();
        try {
            String opts = optionString(name, options, s);
            if (s.copyOnRead()) {
                opts = underCopyOnRead(opts);
            }
            return ImageGraph.open(opts, s.readOnly(), inactive, mode == null ? CacheMode.WRITEBACK : mode);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(openFailure(name, e), 1, e);
        }
    }

    /**
     * qemu-io's {@code -s} (QEMU's bdrv_append_temp_snapshot): the image is opened read-only as
     * the backing of a temporary qcow2 overlay of its size, which takes the writes. The overlay
     * lives in {@code $TMPDIR} (else {@code /var/tmp}, as QEMU's get_tmp_filename) and is unlinked
     * as soon as it is open, so nothing of it is left after the session.
     */
    private BlockNode openUnderTemporaryOverlay(String name, String options, IoOpenSpec s) {
        IoOpenSpec base = s.withReadOnly(true).withoutSnapshot();
        BlockNode probe = openNode(name, options, base);
        long size;
        String format;
        String file;
        try (probe) {
            size = probe.size();
            format = probe.driverName();
            file = probe.filename() != null ? probe.filename() : name;
        } catch (IOException e) {
            throw new CommandFailure(openFailure(name, e), 1, e);
        }
        java.nio.file.Path tmp = null;
        try {
            String dir = System.getenv("TMPDIR");
            tmp = java.nio.file.Files.createTempFile(java.nio.file.Path.of(dir == null || dir.isEmpty() ? "/var/tmp" : dir),
                    "vl.", "");
            String backing = java.nio.file.Path.of(file).toAbsolutePath().toString();
            ImageGraph.create("qcow2", tmp.toString(), size,
                    "backing_file=" + ImageRef.escape(backing) + ",backing_fmt=" + format);
            CacheMode mode = s.cacheMode();
            String opts = "driver=qcow2,file.filename=" + ImageRef.escape(tmp.toString()) + ","
                    + s.withReadOnly(false).cacheOptions();
            return ImageGraph.open(opts, s.readOnly(), inactive, mode == null ? CacheMode.WRITEBACK : mode);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure(openFailure(name, e), 1, e);
        } finally {
            if (tmp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is all that is lost
                }
            }
        }
    }

    /**
     * QEMU's words for a failed open: file-posix's {@code Could not open 'FILE': strerror} when
     * opening the file failed, else the driver's reason.
     */
    static String openFailure(String name, Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BackingFileException && c.getCause() instanceof Exception cause) {
                return BackingFileException.PREFIX + openFailure(name, cause);
            }
            if (c instanceof NoSuchFileException f) {
                return "Could not open '" + fileOf(name, f) + "': No such file or directory";
            }
            if (c instanceof AccessDeniedException f) {
                return "Could not open '" + fileOf(name, f) + "': Permission denied";
            }
            if (c instanceof NativeIOException n && n.syscall().startsWith("open")) {
                return "Could not open '" + (n.path() != null ? n.path() : name) + "': " + n.strerror();
            }
        }
        // the driver's reason in QEMU's words where qcow2_do_open has its own (qemu-img's translations)
        return e instanceof io.jblock.storage.BlockIOException ? QemuMessages.openReason(e) : reason(e);
    }

    private static String fileOf(String name, java.nio.file.FileSystemException e) {
        return e.getFile() != null ? e.getFile() : name;
    }

    /** The message without jblock's "node 'x' (file y):" prefix, which QEMU's messages do not have. */
    private static String reason(Exception e) {
        if (e instanceof InvalidOptionException o) {
            return o.reason();
        }
        String m = QemuMessages.withoutNode(e);
        if (e instanceof BlockIOException) {
            int colon = m.indexOf("): ");
            if (m.startsWith("node '") && colon > 0) {
                return m.substring(colon + 3);
            }
            int bare = m.indexOf("': "); // a node without a file: "node 'x': why"
            if (m.startsWith("node '") && bare > 0) {
                return m.substring(bare + 3);
            }
        }
        return m;
    }

    /** The option string for {@link #openNode}. */
    static String optionString(String name, String options, IoOpenSpec s) {
        if (FilenameSyntax.isJson(name)) {
            // QEMU's json: pseudo-protocol: its options join the given ones, which win
            options = FilenameSyntax.merge(options, name);
            name = null;
        }
        List<String> parts = new ArrayList<>();
        String driver = null;
        if (options != null && !options.isEmpty()) {
            parts.add(options);
            driver = topLevel(options, "driver");
        }
        boolean protocolRoot = "file".equals(driver);
        if (name != null) {
            if (driver == null || protocolRoot || "blkdebug".equals(driver)) { // blkdebug takes it as x-image
                parts.add("filename=" + ImageRef.escape(name));
            } else {
                parts.add("file.filename=" + ImageRef.escape(name));
            }
        }
        String prefix = protocolRoot ? "" : "file.";
        if (s.unmap() && topLevel(options, "discard") == null) {
            parts.add("discard=unmap");
        }
        if (!s.aio().equals("threads") && topLevel(options, prefix + "aio") == null) {
            parts.add(prefix + "aio=" + s.aio());
        }
        if (s.forceShare() && topLevel(options, prefix + "locking") == null) {
            parts.add(prefix + "locking=off");
        }
        if (s.cacheMode() == null) {
            parts.add(s.cacheOptions());
        }
        return String.join(",", parts);
    }

    /**
     * qemu-io's {@code -C} (QEMU's BDRV_O_COPY_ON_READ on the top node): the image's options
     * become the {@code file} child of a {@code copy-on-read} filter node.
     */
    static String underCopyOnRead(String opts) {
        if (opts.startsWith("json:")) {
            throw new CommandFailure("copy-on-read (-C) with a json: file name is not supported by jblock", 1);
        }
        StringBuilder out = new StringBuilder("driver=copy-on-read");
        int i = 0;
        while (i < opts.length()) {
            int j = i;
            while (j < opts.length()) {
                if (opts.charAt(j) == ',') {
                    if (j + 1 < opts.length() && opts.charAt(j + 1) == ',') {
                        j += 2; // an escaped comma inside the value
                        continue;
                    }
                    break;
                }
                j++;
            }
            if (j > i) {
                out.append(",file.").append(opts, i, j);
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** The value of {@code key} in a QEMU key=value list ({@code ,,} is a comma), or null. */
    static String topLevel(String options, String key) {
        if (options == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == ',') {
                if (i + 1 < options.length() && options.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                items.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        items.add(cur.toString());
        String value = null;
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq > 0 && item.substring(0, eq).equals(key)) {
                value = item.substring(eq + 1);
            }
        }
        return value;
    }
}
