package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error messages that qemu-iotests compare word for word: jblock's command (as {@code qemu-img}
 * or {@code qemu-io}) prints what the real tool prints, standard error and exit status both.
 * Each case also checks the expected text itself, so two empty outputs cannot pass.
 */
class QemuWordingAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @AfterEach
    void unset() {
        System.clearProperty(Main.PROGRAM_PROPERTY);
    }

    /** Runs {@code tool ARGS} with the real tool and with jblock, returns jblock's run after comparing. */
    private CliRun sameAsQemu(String tool, String... args) {
        List<String> real = new ArrayList<>(List.of(tool));
        real.addAll(List.of(args));
        QemuTools.Result q = QemuTools.run(real.toArray(String[]::new));
        System.setProperty(Main.PROGRAM_PROPERTY, tool);
        String[] jargs = args;
        if (tool.equals("qemu-io")) {
            jargs = new String[args.length + 1];
            jargs[0] = "io";
            System.arraycopy(args, 0, jargs, 1, args.length);
        }
        CliRun j = CliRun.run(jargs);
        assertEquals(q.stderr(), j.err(), "stderr of " + real + "\n" + j);
        assertEquals(q.stdout(), j.out(), "stdout of " + real + "\n" + j);
        assertEquals(q.exitCode(), j.status(), "exit status of " + real + "\n" + j);
        return j;
    }

    static void poke(Path p, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** qemu-iotests 054: a virtual size that needs more than INT_MAX L1 entries. */
    @Test
    void imageTooBigSaysOnlyThat() throws IOException {
        Path img = dir.resolve("big.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "4G");
        poke(img, 24, be64(1L << 60));
        CliRun j = sameAsQemu("qemu-img", "info", img.toString());
        assertTrue(j.err().endsWith("': Image is too big\n"), j.err());
    }

    /** qemu-iotests 226: file-posix's driver names on a directory and on a character device. */
    @ParameterizedTest
    @ValueSource(strings = {"file", "host_device", "host_cdrom"})
    void fileDriverRefusalsAreQemus(String driver) throws IOException {
        Path d = java.nio.file.Files.createDirectory(dir.resolve("d-" + driver));
        CliRun ro = sameAsQemu("qemu-io", "-c", "open -r -o driver=" + driver + ",filename=" + d);
        assertTrue(ro.err().contains("'" + driver + "' driver requires '" + d + "' to be "), ro.err());
        CliRun rw = sameAsQemu("qemu-io", "-c", "open -o driver=" + driver + ",filename=" + d);
        assertTrue(rw.err().contains("Is a directory"), rw.err());
        for (String mode : new String[] {"-r ", ""}) {
            CliRun dev = sameAsQemu("qemu-io", "-c", "open " + mode + "-o driver=" + driver
                    + ",filename=/dev/null,locking=off");
            assertEquals(driver.equals("file"), dev.err().contains("to be a regular file"), dev.err());
        }
    }
}
