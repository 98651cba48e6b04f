package io.jblock.storage.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repetition of runs that failed QEMU's PBKDF2 calibration, with a stand-in for qemu-img. */
class QemuToolsTest {
    @TempDir
    Path dir;

    /** A script that fails {@code failures} times with {@code message}, then exits 0; counts its runs. */
    private Path flakyTool(int failures, String message) throws IOException {
        Path tool = dir.resolve("tool");
        Files.writeString(tool, """
                #!/bin/sh
                n=$(cat "%1$s/count" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo "$n" > "%1$s/count"
                if [ "$n" -le %2$d ]; then echo "qemu-img: img: %3$s" >&2; exit 1; fi
                echo done
                """.formatted(dir, failures, message));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    private int runs() throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("count")).trim());
    }

    @Test
    void aFailedCalibrationIsRunAgain() throws IOException {
        QemuTools.Result r = QemuTools.run(flakyTool(3, QemuTools.PBKDF_CALIBRATION_FAILURE).toString());
        assertTrue(r.ok(), r.output());
        assertEquals("done\n", r.stdout());
        assertEquals(4, runs());
    }

    @Test
    void repetitionIsBounded() throws IOException {
        QemuTools.Result r = QemuTools.run(flakyTool(100, QemuTools.PBKDF_CALIBRATION_FAILURE).toString());
        assertFalse(r.ok());
        assertTrue(r.stderr().contains(QemuTools.PBKDF_CALIBRATION_FAILURE), r.output());
        assertEquals(QemuTools.CALIBRATION_ATTEMPTS, runs());
    }

    @Test
    void otherFailuresAreNotRepeated() throws IOException {
        QemuTools.Result r = QemuTools.run(flakyTool(1, "Could not open 'x': No such file or directory").toString());
        assertFalse(r.ok());
        assertEquals(1, r.exitCode());
        assertEquals(1, runs());
    }
}
