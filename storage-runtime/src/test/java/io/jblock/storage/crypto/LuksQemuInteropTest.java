package io.jblock.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LUKS volumes made by QEMU 7.2's qemu-img and qemu-io read by this library, and volumes made by
 * this library read by qemu-io: header, key slot unlock, and payload bytes, both ways, for the
 * default aes-256-xts-plain64 and for aes-128-cbc-essiv:sha256.
 */
class LuksQemuInteropTest {

    private static final String SECRET = "123456";
    private static final String OBJECT = "secret,id=sec0,data=" + SECRET;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    /** A LUKS header store over a file, header at the file's start (the luks format's layout). */
    record FileStore(FileChannel ch) implements LuksHeaderStore {
        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                if (ch.read(dst, offset + dst.position()) < 0) {
                    throw new IOException("read past the end of the file at " + offset);
                }
            }
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                ch.write(src, offset + src.position());
            }
        }
    }

    private String imageOpts(Path img) {
        return "driver=luks,key-secret=sec0,file.filename=" + img;
    }

    private String qemuIo(Path img, String command) {
        return QemuTools.ok("qemu-io", "--object", OBJECT, "--image-opts", "-c", command, imageOpts(img));
    }

    private void qemuReadsTheLibrarysVolume(LuksCreateOptions options, String spec) throws Exception {
        Path img = dir.resolve("ours-" + spec + ".luks");
        long size = 1 << 20;
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long header = LuksVolume.headerLength(options);
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), header + size - 1); // the file: header + payload
            LuksVolume v = LuksVolume.create(new FileStore(ch), options, SECRET.getBytes());
            assertEquals(header, v.payloadOffset());
            byte[] data = new byte[65536];
            Arrays.fill(data, (byte) 0x6b);
            MemorySegment seg = MemorySegment.ofArray(data);
            v.cipher().encrypt(8192 / 512, seg); // guest offset 8 KiB
            ch.write(ByteBuffer.wrap(data), v.payloadOffset() + 8192);
        }
        String info = QemuTools.img("info", "--output=json", img.toString());
        assertTrue(info.contains("\"format\": \"luks\""), info);
        assertTrue(info.contains("\"cipher-alg\": \"" + options.cipherAlg().qemuName() + "\""), info);
        String read = qemuIo(img, "read -P 0x6b 8k 64k");
        assertTrue(read.contains("read 65536/65536 bytes at offset 8192"), read);
        // negative control: qemu-io would notice another pattern
        var other = QemuTools.run("qemu-io", "--object", OBJECT, "--image-opts", "-c", "read -P 0x6c 8k 64k",
                imageOpts(img));
        assertTrue(other.output().contains("Pattern verification failed"), other.output());
        var wrong = QemuTools.run("qemu-io", "--object", "secret,id=sec0,data=nope", "--image-opts", "-c",
                "read 0 512", imageOpts(img));
        assertTrue(wrong.output().contains("Invalid password, cannot unlock any keyslot"), wrong.output());
    }

    private void libraryReadsQemusVolume(String createOpts, CipherMode mode, CipherAlgorithm alg) throws Exception {
        Path img = dir.resolve("qemu.luks");
        QemuLuksImages.create(img, SECRET, createOpts, "1M");
        qemuIo(img, "write -P 0x5a 0 64k");
        qemuIo(img, "write -P 0xa5 512k 4k");
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            LuksVolume header = LuksVolume.open(new FileStore(ch), null);
            assertEquals(mode, header.info().cipherMode());
            assertEquals(alg, header.info().cipherAlg());
            assertEquals(ch.size() - (1 << 20), header.payloadOffset());
            LuksVolume v = LuksVolume.open(new FileStore(ch), SECRET.getBytes());
            byte[] buf = new byte[65536];
            ch.read(ByteBuffer.wrap(buf), v.payloadOffset());
            byte[] cipherText = buf.clone();
            MemorySegment seg = MemorySegment.ofArray(buf);
            v.cipher().decrypt(0, seg);
            byte[] want = new byte[65536];
            Arrays.fill(want, (byte) 0x5a);
            assertArrayEquals(want, buf);
            assertFalse(Arrays.equals(want, cipherText), "the file holds cipher text");
            byte[] second = new byte[4096];
            ch.read(ByteBuffer.wrap(second), v.payloadOffset() + 512 * 1024);
            v.cipher().decrypt(1024, MemorySegment.ofArray(second));
            byte[] want2 = new byte[4096];
            Arrays.fill(want2, (byte) 0xa5);
            assertArrayEquals(want2, second);
            // the sector number matters: decrypting at the wrong sector gives other bytes
            byte[] shifted = Arrays.copyOf(cipherText, 512);
            v.cipher().decrypt(1, MemorySegment.ofArray(shifted));
            assertFalse(Arrays.equals(Arrays.copyOf(want, 512), shifted));
        }
    }

    @Test
    void libraryReadsQemusDefaultVolume() throws Exception {
        libraryReadsQemusVolume("", CipherMode.XTS, CipherAlgorithm.AES_256);
    }

    @Test
    void libraryReadsQemusCbcEssivVolume() throws Exception {
        libraryReadsQemusVolume(",cipher-alg=aes-128,cipher-mode=cbc,ivgen-alg=essiv,ivgen-hash-alg=sha256",
                CipherMode.CBC, CipherAlgorithm.AES_128);
    }

    @Test
    void qemuReadsTheLibrarysDefaultVolume() throws Exception {
        qemuReadsTheLibrarysVolume(LuksCreateOptions.defaults().withIterTime(10), "xts");
    }

    @Test
    void qemuReadsTheLibrarysCbcPlainVolume() throws Exception {
        qemuReadsTheLibrarysVolume(new LuksCreateOptions(CipherAlgorithm.AES_256, CipherMode.CBC, IvGenAlgorithm.PLAIN,
                null, HashAlgorithm.SHA512, 10), "cbc-plain");
    }

    /** qemu-img info's LUKS members for a volume QEMU made match this library's info, member by member. */
    @Test
    void infoMatchesQemuImgInfo() throws Exception {
        Path img = dir.resolve("info.luks");
        QemuLuksImages.create(img, SECRET, "", "1M");
        String json = QemuTools.img("info", "--output=json", img.toString());
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            Map<String, Object> ours = LuksVolume.open(new FileStore(ch), null).info().toQemuMap();
            for (String key : new String[] {"cipher-alg", "cipher-mode", "ivgen-alg", "hash-alg", "uuid"}) {
                assertTrue(json.contains("\"" + key + "\": \"" + ours.get(key) + "\""), key + " in " + json);
            }
            for (String key : new String[] {"payload-offset", "master-key-iters"}) {
                assertTrue(json.contains("\"" + key + "\": " + ours.get(key)), key + " in " + json);
            }
            assertTrue(json.contains("\"key-offset\": 1810432"), json); // slot 7
        }
    }
}
