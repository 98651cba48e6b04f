package io.jblock.storage.luks;

import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CorruptImageException;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.UnsupportedImageException;
import io.jblock.storage.crypto.CryptoException;
import io.jblock.storage.crypto.LuksCreateOptions;
import io.jblock.storage.crypto.LuksVolume;
import io.jblock.storage.crypto.Secrets;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code luks} format (QEMU's block/crypto.c): a LUKS1 volume whose header starts the file
 * and whose payload, encrypted, follows; the virtual size is the file's size less the header.
 * Open option {@code key-secret} (the id of a secret, see {@link Secrets}); without it the node
 * opens only for metadata (QEMU's BDRV_O_NO_IO: {@code info}) and refuses I/O. Create options {@code key-secret}
 * (required), {@code cipher-alg}, {@code cipher-mode}, {@code ivgen-alg}, {@code ivgen-hash-alg},
 * {@code hash-alg}, {@code iter-time} ({@link LuksCreateOptions}) and {@code preallocation} (of
 * the file: header plus size). Probes by the LUKS magic and version 1.
 */
public final class LuksFormat implements BlockDriverFactory {

    /** The factory ServiceLoader instantiates. */
    public LuksFormat() {
    }

    @Override
    public String name() {
        return "luks";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("key-secret");
    }

    @Override
    public Optional<Set<String>> childRoles() {
        return Optional.of(Set.of("file"));
    }

    @Override
    public boolean probe(MemorySegment firstSector, String filename) {
        return LuksVolume.probe(firstSector.asByteBuffer());
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String keySecret = ctx.options().string("key-secret", null);
        byte[] secret = keySecret == null ? null : secret(keySecret, ctx.nodeName());
        BlockNode file = ctx.openChild("file", true);
        try {
            if (secret == null && !ctx.noIo()) { // QEMU: without the key only a metadata-only open (info)
                throw new InvalidOptionException("Parameter 'key-secret' is required for cipher", ctx.nodeName(),
                        "key-secret");
            }
            LuksVolume volume;
            try {
                volume = LuksVolume.open(new NodeHeaderStore(ctx.nodeName(), file), secret);
            } catch (CryptoException e) {
                throw asBlockException(e, ctx.nodeName(), file.filename());
            }
            return new LuksDriver(ctx.nodeName(), file, volume);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    private static byte[] secret(String id, String nodeName) {
        try {
            return Secrets.lookup(id);
        } catch (CryptoException e) {
            throw new InvalidOptionException(e.getMessage(), nodeName, "key-secret");
        }
    }

    /** A refusal of the crypto layer as the block layer's exception of the same meaning, QEMU's words as reason. */
    static BlockIOException asBlockException(CryptoException e, String nodeName, String filename) {
        return switch (e.kind()) {
            case CORRUPT -> new CorruptImageException(e.getMessage(), nodeName, filename, -1);
            case UNSUPPORTED -> new UnsupportedImageException(e.getMessage(), nodeName, filename, -1);
            default -> new BlockIOException(e.getMessage(), nodeName, filename, -1, 0, e);
        };
    }

    /**
     * QEMU's block_crypto_co_create_opts_luks: the file is made empty, grown to the header plus
     * {@code size} (with {@code preallocation}; {@code metadata} counts as {@code off}), and the
     * header and key slot 0 are written.
     */
    @Override
    public void create(CreateContext ctx) throws IOException {
        NodeOptions o = ctx.options();
        Preallocation prealloc = Preallocation.parse(o.string("preallocation", "off"));
        if (prealloc == Preallocation.METADATA) {
            prealloc = Preallocation.OFF;
        }
        String keySecret = o.string("key-secret", null);
        LuksCreateOptions options = LuksCreateOptions.parse("", k -> o.string(k, null));
        // as QEMU: the file is made first; the secret is checked by the crypto layer's create
        // (QEMU then deletes the file again; jblock leaves it empty)
        ctx.createFile(ctx.filename(), 0, Preallocation.OFF);
        if (keySecret == null) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION,
                    "Parameter 'key-secret' is required for cipher");
        }
        long header = LuksVolume.headerLength(options);
        long size = ctx.size();
        if (size > Long.MAX_VALUE - header) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "The requested file size is too large");
        }
        byte[] secret = Secrets.lookup(keySecret);
        try (BlockNode file = ctx.openFile(ctx.filename())) {
            file.truncate(header + size, prealloc);
            LuksVolume.create(new NodeHeaderStore("luks", file), options, secret);
            file.flush();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
