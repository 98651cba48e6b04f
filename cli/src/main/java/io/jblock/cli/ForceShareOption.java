package io.jblock.cli;

import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * qemu-img's {@code -U}/{@code --force-share} as a picocli mixin: open the image without image
 * locks ({@code file.locking=off}), so that a read-only command works while another process
 * writes the image: without it, convert's source shares neither write nor resize
 * ({@link ImageRef#openConvertSource}), and a format with metadata (qcow2) may refuse too.
 */
final class ForceShareOption {
    @Option(names = {"-U", "--force-share"}, description = "Open without image locks (file.locking=off), "
            + "e.g. while another process writes the image.")
    boolean forceShare;

    /**
     * {@code ref} without locks when {@code -U} was given, else {@code ref} itself. As in QEMU,
     * {@code -U} is refused for an image opened for writing.
     */
    ImageRef apply(ImageRef ref, boolean readOnly) {
        return apply(ref, readOnly, forceShare);
    }

    /** {@link #apply(ImageRef, boolean)} for a command that words its own {@code -U} option's help. */
    static ImageRef apply(ImageRef ref, boolean readOnly, boolean forceShare) {
        if (!forceShare) {
            return ref;
        }
        if (!readOnly) {
            throw new CommandFailure("Could not open '" + ref.displayName()
                    + "': force-share=on can only be used with read-only images", 1);
        }
        try {
            return ref.forceShare();
        } catch (IOException e) {
            throw new CommandFailure("Could not open '" + ref.displayName() + "': " + QemuMessages.openReason(e), 1, e);
        }
    }
}
