package io.jblock.cli;

/** {@code --output=human|json} of info, check, map and bench. */
public enum OutputFormat {
    human,
    json
}
