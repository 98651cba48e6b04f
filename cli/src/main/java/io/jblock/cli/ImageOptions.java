package io.jblock.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The image a command works on, as qemu-img takes it: FILE (the first positional parameter),
 * {@code -f FMT} (probed when absent) and {@code --image-opts} (FILE is an option string). A
 * picocli mixin, so every command that opens one image declares these once, with the same help.
 */
final class ImageOptions {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    /** The image FILE names under these options. */
    ImageRef ref() {
        return new ImageRef(file, format, imageOpts);
    }
}
