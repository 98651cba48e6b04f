package io.jblock.cli;

/** {@code --output=human|json} of info, check, map and bench. */
public enum OutputFormat {
    /** qemu-img's text output. */
    human,
    /** qemu-img's {@code --output=json}. */
    json
}
