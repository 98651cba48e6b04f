package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ramfile save, check and load round-trip RAM images byte for byte. */
class RamfileCommandTest {
    @TempDir
    Path dir;

    private Path ramImage(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        // half the pages stay zero, so the file has holes
        for (int page = 0; page < size / 4096; page += 2) {
            for (int i = 0; i < 4096; i++) {
                b[page * 4096 + i] = (byte) r.nextInt();
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    @Test
    void saveCheckLoadRoundTrip() throws IOException {
        Path ram = ramImage("pc.ram.bin", 1 << 20, 1);
        Path rom = ramImage("rom.bin", 3 * 4096 + 100, 2);
        Path file = dir.resolve("vm.ramfile");
        CliRun save = CliRun.run("ramfile", "save", "--channels", "2", "--direct-io", file.toString(),
                "pc.ram=" + ram, "/rom@etc=" + rom);
        assertEquals(0, save.status(), save.toString());
        assertTrue(save.out().startsWith("Saved RAM file "), save.out());

        CliRun check = CliRun.run("ramfile", "check", file.toString());
        assertEquals(0, check.status(), check.toString());
        assertTrue(check.out().contains("pc.ram: 1048576 bytes, page size 4096, 128 of 256 pages present"), check.out());

        Path ram2 = dir.resolve("restored-ram.bin");
        Path rom2 = dir.resolve("restored-rom.bin");
        CliRun load = CliRun.run("ramfile", "load", "--channels", "3", file.toString(), "pc.ram=" + ram2,
                "/rom@etc=" + rom2);
        assertEquals(0, load.status(), load.toString());
        assertArrayEquals(Files.readAllBytes(ram), Files.readAllBytes(ram2));
        assertArrayEquals(Files.readAllBytes(rom), Files.readAllBytes(rom2));
    }

    @Test
    void loadNeedsATargetForEveryBlock() throws IOException {
        Path ram = ramImage("a.bin", 8192, 3);
        Path file = dir.resolve("a.ramfile");
        assertEquals(0, CliRun.run("ramfile", "save", "-q", file.toString(), "a=" + ram, "b=" + ram).status());
        CliRun load = CliRun.run("ramfile", "load", file.toString(), "a=" + dir.resolve("x"));
        assertEquals(1, load.status());
        assertTrue(load.err().contains("no target given for RAM block(s) [b]"), load.err());
    }

    @Test
    void checkRejectsAFileThatIsNotARamFile() throws IOException {
        Path bad = dir.resolve("bad.ramfile");
        Files.write(bad, new byte[8192]);
        CliRun r = CliRun.run("ramfile", "check", bad.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("jblock: " + bad + ": "), r.err());
        assertEquals(1, CliRun.run("ramfile", "check", dir.resolve("missing").toString()).status());
    }
}
