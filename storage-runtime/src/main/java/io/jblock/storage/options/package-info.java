/**
 * Option strings (not exported): QEMU's dotted {@code key=value} syntax with {@code ,,}
 * escapes, {@code json:{...}}, and bare file names, parsed into an
 * {@link io.jblock.storage.options.OptionTree}; typed, use-tracked access for drivers through
 * {@link io.jblock.storage.options.TreeNodeOptions}.
 */
package io.jblock.storage.options;
