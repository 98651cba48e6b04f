package io.jblock.storage.filter;

import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code blkdebug} fault-injection filter (QEMU's block/blkdebug.c, docs/devel/blkdebug.txt),
 * configured as QEMU configures it, so that rules written for QEMU's qemu-iotests work unchanged:
 *
 * <ul>
 * <li>the child: {@code image} (a node, usually {@code image.driver=file,image.filename=...}), or
 *     the file-name syntax {@code blkdebug:CONFIGFILE:IMAGE} ({@code CONFIGFILE} may be empty:
 *     {@code blkdebug::IMAGE}), where IMAGE is opened as a protocol node (a {@code file}, unless
 *     its name has another protocol's prefix);</li>
 * <li>{@code config}: a file of {@code [inject-error]} and {@code [set-state]} sections in QEMU's
 *     {@code -readconfig} format;</li>
 * <li>{@code inject-error.N.{event,state,iotype,errno,sector,once,immediately}} and
 *     {@code set-state.N.{event,state,new_state}} (N from 0; a single unnumbered section,
 *     {@code inject-error.event=...}, works too; JSON lists are the same);</li>
 * <li>limits: {@code align}, {@code max-transfer}, {@code opt-write-zero}, {@code max-write-zero},
 *     {@code opt-discard}, {@code max-discard}, checked with QEMU's messages.</li>
 * </ul>
 *
 * <p>jblock extensions (names start with {@code x-}, which QEMU reserves for experiments):
 * {@code inject-error.N.x-offset} / {@code x-length} (fail requests overlapping a byte range),
 * {@code inject-error.N.x-after} (let the first N matching requests pass: fail the N+1-th) and the
 * node option {@code x-disk-full} (start with a full disk, see
 * {@link io.jblock.storage.feature.FaultInjector#setDiskFull}). At run time the node offers
 * {@link io.jblock.storage.feature.FaultInjector}.
 *
 * <p>Not supported: {@code take-child-perms} and {@code unshare-child-perms} (jblock has no
 * per-child permission model; refused with a message) and QEMU's breakpoints
 * ({@code break}/{@code resume} in qemu-io: suspending the announcing thread would block the
 * format driver under its metadata lock). {@code immediately} is accepted and changes nothing:
 * jblock requests have no separate submission and completion paths. Image creation is refused,
 * as QEMU refuses it. Thread-safe; stateless.
 */
public final class BlkdebugDriverFactory implements BlockDriverFactory {

    private static final Set<String> OPTIONS = Set.of("image", "config", "x-image", "filename", "align",
            "max-transfer", "opt-write-zero", "max-write-zero", "opt-discard", "max-discard", "inject-error",
            "set-state", "x-disk-full", "take-child-perms", "unshare-child-perms");
    private static final String PREFIX = "blkdebug:";

    /** The factory {@link java.util.ServiceLoader} instantiates. */
    public BlkdebugDriverFactory() {
    }

    /** {@return the one child: {@code image}} */
    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of("image"));
    }

    @Override
    public String name() {
        return "blkdebug";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FILTER;
    }

    @Override
    public Set<String> optionNames() {
        return OPTIONS;
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String node = ctx.nodeName();
        NodeOptions o = ctx.options();
        String config = o.string("config").orElse(null);
        String imageName = o.string("x-image").orElse(null);
        String filename = o.string("filename").orElse(null);
        if (filename != null) {
            if (imageName != null) {
                throw new InvalidOptionException("Cannot give both 'filename' and 'x-image'", node, "x-image");
            }
            String rest = filename;
            if (rest.startsWith(PREFIX)) {
                // QEMU's blkdebug_parse_filename: blkdebug:CONFIG:IMAGE
                rest = rest.substring(PREFIX.length());
                int colon = rest.indexOf(':');
                if (colon < 0) {
                    throw new InvalidOptionException("blkdebug requires both config file and image path", node,
                            "filename");
                }
                if (colon > 0) {
                    if (config != null) {
                        throw new InvalidOptionException("Cannot give a config file both in the file name and as"
                                + " 'config'", node, "config");
                    }
                    config = rest.substring(0, colon);
                }
                rest = rest.substring(colon + 1);
            }
            imageName = rest;
        }
        if (o.has("take-child-perms") || o.has("unshare-child-perms")) {
            String key = o.has("take-child-perms") ? "take-child-perms" : "unshare-child-perms";
            throw new InvalidOptionException("'" + key + "' is not supported: jblock has no per-child permissions",
                    node, key);
        }
        List<BlkdebugRules.Rule> all = new ArrayList<>();
        if (config != null) {
            all.addAll(BlkdebugRules.fromConfig(BlkdebugConfigFile.read(config, node), node));
        }
        all.addAll(BlkdebugRules.fromOptions(o, node));
        boolean diskFull = o.bool("x-disk-full", false);
        long align = o.size("align", 0);
        long maxTransfer = o.size("max-transfer", 0);
        long optWriteZero = o.size("opt-write-zero", 0);
        long maxWriteZero = o.size("max-write-zero", 0);
        long optDiscard = o.size("opt-discard", 0);
        long maxDiscard = o.size("max-discard", 0);
        BlockNode image;
        if (imageName != null) {
            // QEMU: the file name opens the image child, with the image.* options if there are any
            image = o.has("image") ? ctx.openChildWithFilename("image", imageName)
                    : ctx.openChild("image", "filename=" + imageName.replace(",", ",,"), ctx.readOnly());
        } else {
            image = ctx.openChild("image", true);
        }
        var overrides = new BlkdebugDriver.Overrides(align, maxTransfer, optWriteZero, maxWriteZero, optDiscard,
                maxDiscard);
        checkLimits(overrides, image.limits(), node);
        BlkdebugRules rules = new BlkdebugRules();
        rules.add(all, false);
        return new BlkdebugDriver(node, image, rules, overrides, diskFull);
    }

    /** QEMU's checks in blkdebug_open, with its messages. */
    private static void checkLimits(BlkdebugDriver.Overrides o, BlockLimits child, String node) {
        long a = o.align();
        if (a != 0 && (a >= Integer.MAX_VALUE || Long.bitCount(a) != 1)) {
            throw constraint("align", a, node);
        }
        long align = Math.max(a, child.requestAlignment());
        requireAligned("max-transfer", o.maxTransfer(), align, node);
        requireAligned("opt-write-zero", o.optWriteZero(), align, node);
        requireAligned("max-write-zero", o.maxWriteZero(), Math.max(o.optWriteZero(), align), node);
        requireAligned("opt-discard", o.optDiscard(), align, node);
        requireAligned("max-discard", o.maxDiscard(), Math.max(o.optDiscard(), align), node);
    }

    private static void requireAligned(String option, long value, long align, String node) {
        if (value != 0 && (value >= Integer.MAX_VALUE || value % align != 0)) {
            throw constraint(option, value, node);
        }
    }

    private static InvalidOptionException constraint(String option, long value, String node) {
        return new InvalidOptionException("Cannot meet constraints with " + option + " " + value, node, option);
    }

    /** QEMU's blkdebug has no create: images are created on the file underneath. */
    @Override
    public void create(CreateContext context) throws IOException {
        throw new IOException("Protocol driver 'blkdebug' does not support image creation");
    }
}
