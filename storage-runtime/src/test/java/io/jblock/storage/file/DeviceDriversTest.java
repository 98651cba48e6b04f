package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file-posix's three driver names (qemu-iotests 226): which file types each one opens, and the
 * refusal in QEMU's words. The CLI's comparison with the real qemu-io is in
 * QemuWordingAgainstQemuTest.
 */
class DeviceDriversTest {
    @TempDir
    Path dir;

    private static String reason(IOException e) {
        return e instanceof BlockIOException b ? b.reason() : e.getMessage();
    }

    private static IOException refused(String options) {
        return assertThrows(IOException.class, () -> BlockGraph.open(options).close(), options);
    }

    @Test
    void fileRefusesACharacterDeviceAndADirectoryAsQemuDoes() throws IOException {
        assertEquals("'file' driver requires '/dev/null' to be a regular file",
                reason(refused("driver=file,read-only=on,locking=off,filename=/dev/null")));
        Path d = Files.createDirectory(dir.resolve("d"));
        assertEquals("'file' driver requires '" + d + "' to be a regular file",
                reason(refused("driver=file,read-only=on,filename=" + d)));
    }

    @Test
    void hostDeviceAndHostCdromRefuseARegularFileAndADirectory() throws IOException {
        Path f = Files.write(dir.resolve("f.img"), new byte[4096]);
        Path d = Files.createDirectory(dir.resolve("d"));
        for (String driver : new String[] {"host_device", "host_cdrom"}) {
            for (Path p : new Path[] {f, d}) {
                assertEquals("'" + driver + "' driver requires '" + p + "' to be either a character or block device",
                        reason(refused("driver=" + driver + ",read-only=on,filename=" + p)));
            }
        }
        // control: the same regular file opens with file
        try (BlockNode n = BlockGraph.open("driver=file,read-only=on,filename=" + f)) {
            assertEquals(4096, n.size());
        }
    }

    /** A device that was only read closes without the fdatasync /dev/null refuses (EINVAL). */
    @Test
    void hostDeviceOpensACharacterDeviceReadWriteAndClosesCleanly() throws IOException {
        for (String driver : new String[] {"host_device", "host_cdrom"}) {
            try (BlockNode n = BlockGraph.open("driver=" + driver + ",locking=off,filename=/dev/null")) {
                assertEquals(0, n.size());
                n.flush();
            }
        }
    }

    /** Control for the skipped flush: a write reaches the device, so the next flush is QEMU's fdatasync. */
    @Test
    void aWrittenCharacterDeviceIsFlushedForReal() throws IOException {
        try (FileDriver d = (FileDriver) new HostDeviceDriverFactory().open(new TestOpenContext("dev",
                io.jblock.storage.testing.MapNodeOptions.of("filename", "/dev/null", "locking", "off"),
                io.jblock.storage.CacheMode.WRITEBACK.settings(), false, false, false));
             Arena a = Arena.ofConfined()) {
            d.flush();
            assertEquals(0, d.counters().fdatasync.sum(), "nothing written: no fdatasync");
            MemorySegment s = a.allocate(512);
            d.write(0, s, 0);
            IOException e = assertThrows(IOException.class, d::flush);
            assertTrue(e.getMessage().contains("fdatasync"), e.getMessage());
            assertEquals(1, d.counters().fdatasync.sum());
        }
    }
}
