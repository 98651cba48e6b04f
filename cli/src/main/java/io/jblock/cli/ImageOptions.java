package io.jblock.cli;

import picocli.CommandLine.Option;

/**
 * How a command's FILE names an image, as qemu-img takes it: {@code -f FMT} (probed when absent)
 * and {@code --image-opts} (FILE is an option string). A picocli mixin, so every command that
 * opens one image declares these options once, with the same help text.
 */
final class ImageOptions {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    /** The image {@code file} names under these options. */
    ImageRef ref(String file) {
        return new ImageRef(file, format, imageOpts);
    }
}
