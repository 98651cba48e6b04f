package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.storage.BackingFileException;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.InvalidOptionException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures in the words QEMU's tools use, for qemu-img's (and qemu-io's) messages: a file that
 * cannot be opened is file-posix's {@code Could not open 'FILE': strerror}; an image the qcow2
 * driver refuses gets qcow2_do_open's reason for the same condition. Everything else keeps the
 * reason jblock gives (without node and file, which QEMU's messages name elsewhere).
 */
public final class QemuMessages {
    private QemuMessages() {
    }

    /** jblock's wording of an open failure in the qcow2 header, and QEMU's for it. */
    private record Translation(Pattern jblock, String qemu) {
    }

    private static final Translation[] OPEN = {
        new Translation(Pattern.compile("corrupt qcow2 image: bad magic.*"), "Image is not in qcow2 format"),
        new Translation(Pattern.compile("unsupported qcow2 version (\\d+)"), "Unsupported qcow2 version $1"),
        new Translation(Pattern.compile("corrupt qcow2 image: cluster_bits (-?\\d+) outside 9\\.\\.21"),
                "Unsupported cluster size: 2^$1"),
        new Translation(Pattern.compile("corrupt qcow2 image: refcount_order .*"),
                "Reference count entry width too large; may not exceed 64 bits"),
        new Translation(Pattern.compile("corrupt qcow2 image: L1 table of .* too small for virtual size .*"),
                "L1 table is too small"),
        new Translation(Pattern.compile("corrupt qcow2 image: L1 table of .* larger than 32 MiB"),
                "Active L1 table too large"),
        new Translation(Pattern.compile("corrupt qcow2 image: Active L1 table too large .*"), "Active L1 table too large"),
        new Translation(Pattern.compile("corrupt qcow2 image: L1 table is too small .*"), "L1 table is too small"),
        new Translation(Pattern.compile("corrupt qcow2 image: qcow2 header too short .*"), "qcow2 header too short"),
        new Translation(Pattern.compile("corrupt qcow2 image: qcow2 header exceeds cluster size .*"),
                "qcow2 header exceeds cluster size"),
        new Translation(Pattern.compile("corrupt qcow2 image: Invalid backing file offset .*"),
                "Invalid backing file offset"),
        new Translation(Pattern.compile("corrupt qcow2 image: header extension .* runs past the header cluster.*"),
                "Header extension too large"),
        new Translation(Pattern.compile("corrupt qcow2 image: L1 table offset .*"), "Active L1 table offset invalid"),
        new Translation(Pattern.compile("corrupt qcow2 image: refcount table of 0 clusters .*"),
                "Image does not contain a reference count table"),
        new Translation(Pattern.compile("corrupt qcow2 image: refcount table of .* larger than 8 MiB"),
                "Reference count table too large"),
        new Translation(Pattern.compile("corrupt qcow2 image: refcount table offset .*"),
                "Reference count table offset invalid"),
        new Translation(Pattern.compile("corrupt qcow2 image: too many snapshots .*"), "Snapshot table too large"),
        new Translation(Pattern.compile("corrupt qcow2 image: snapshot table offset .*"), "Snapshot table offset invalid"),
        new Translation(Pattern.compile("corrupt qcow2 image: backing file name .*longer than 1023"),
                "Backing file name too long"),
        new Translation(Pattern.compile("corrupt qcow2 image: header_length .*"), "qcow2 header too short"),
        new Translation(Pattern.compile("corrupt qcow2 image: image is marked corrupt .*"),
                "qcow2: Image is corrupt; cannot be opened read/write"),
        // jblock's reason already is QEMU's sentence (validate_compression_type's "qcow2: ...")
        new Translation(Pattern.compile("corrupt qcow2 image: (qcow2: .*)"), "$1"),
        // qcow2_do_open says only this; jblock's reason adds the size and the L1 entries it needs
        new Translation(Pattern.compile("Image is too big \\(.*\\)"), "Image is too big"),
        new Translation(Pattern.compile("unsupported qcow2 feature\\(s\\): (.*)"), "Unsupported qcow2 feature(s): $1"),
    };

    /**
     * The reason an image could not be opened, as QEMU words it: the file's own open failure
     * ({@code Could not open 'FILE': No such file or directory}), a qcow2 header QEMU refuses
     * with its message, else jblock's reason.
     */
    public static String openReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackingFileException && t.getCause() != null) {
                // QEMU's bdrv_open_backing_file: its words, then the backing node's own failure
                return BackingFileException.PREFIX + openReason(t.getCause());
            }
            if (t instanceof NativeIOException n && n.syscall().startsWith("open")) {
                return "Could not open '" + n.path() + "': " + n.strerror();
            }
            if (t instanceof NoSuchFileException n) {
                return "Could not open '" + n.getFile() + "': " + Errno.strerror(Errno.ENOENT);
            }
            if (t instanceof java.nio.file.AccessDeniedException n) {
                return "Could not open '" + n.getFile() + "': " + Errno.strerror(Errno.EACCES);
            }
            if (t instanceof java.nio.file.FileSystemException n && n.getReason() != null) {
                return "Could not open '" + n.getFile() + "': " + n.getReason();
            }
        }
        String reason = e instanceof BlockIOException b && b.reason() != null ? b.reason() : withoutNode(e);
        for (Translation tr : OPEN) {
            Matcher m = tr.jblock().matcher(reason);
            if (m.matches()) {
                return m.replaceFirst(tr.qemu());
            }
        }
        return reason;
    }

    /** An option error's message without jblock's {@code node 'NAME': } (QEMU's messages name no node). */
    static String withoutNode(Throwable e) {
        String m = Main.oneLine(e);
        if (e instanceof InvalidOptionException o && o.nodeName() != null) {
            String own = "node '" + o.nodeName() + "': ";
            if (m.startsWith(own)) {
                return m.substring(own.length());
            }
        }
        return m;
    }
}
