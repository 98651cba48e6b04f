package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.crypto.Secrets;
import io.jblock.storage.testing.QemuTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code measure -O luks} and {@code measure -O qcow2 -o encrypt.format=luks} against qemu-img's
 * figures for several cipher specs and sizes. The secret is defined directly (qemu-img gets it
 * with {@code --object}), so that this test does not depend on the tools' object parsing.
 */
class LuksMeasureAgainstQemuTest {

    @BeforeAll
    static void secret() {
        Secrets.define("lmsec0", "base".getBytes());
    }

    @AfterAll
    static void forget() {
        Secrets.remove("lmsec0");
    }

    private static String qemu(String... args) {
        String[] cmd = new String[args.length + 4];
        cmd[0] = "qemu-img";
        cmd[1] = "measure";
        cmd[2] = "--object";
        cmd[3] = "secret,id=lmsec0,data=base";
        System.arraycopy(args, 0, cmd, 4, args.length);
        return QemuTools.ok(cmd);
    }

    private static void same(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "measure";
        System.arraycopy(args, 0, cmd, 1, args.length);
        CliRun ours = CliRun.run(cmd);
        assertEquals(0, ours.status(), ours.toString());
        assertEquals(qemu(args), ours.out(), String.join(" ", args));
    }

    @Test
    void luksFiguresAreQemus() {
        QemuTools.require("qemu-img");
        same("-O", "luks", "--size", "1G", "-o", "key-secret=lmsec0,iter-time=10");
        same("-O", "luks", "--size", "0", "--output=json", "-o", "key-secret=lmsec0,iter-time=10");
        same("-O", "luks", "--size", "7M", "-o",
                "key-secret=lmsec0,iter-time=10,cipher-alg=aes-128,cipher-mode=cbc,ivgen-alg=essiv");
        same("-O", "luks", "--size", "1000", "-o", "key-secret=lmsec0,iter-time=10,cipher-alg=aes-192");
        same("-O", "qcow2", "--size", "1G", "-o", "encrypt.format=luks,encrypt.key-secret=lmsec0,encrypt.iter-time=10");
        same("-O", "qcow2", "--size", "64G", "-o", "cluster_size=4k,encrypt.format=luks,encrypt.key-secret=lmsec0,"
                + "encrypt.iter-time=10");
    }

    /** qemu-img info of a luks image, human and json: the same lines (encrypted: yes, every slot). */
    @Test
    void infoIsQemus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        QemuTools.require("qemu-img");
        java.nio.file.Path img = dir.resolve("i.luks");
        io.jblock.storage.crypto.QemuLuksImages.create(img, "base", ",cipher-mode=cbc,ivgen-alg=essiv", "3M");
        for (String output : new String[] {"human", "json"}) {
            CliRun ours = CliRun.run("info", "--output=" + output, img.toString());
            assertEquals(0, ours.status(), ours.toString());
            assertEquals(QemuTools.ok("qemu-img", "info", "--output=" + output, img.toString()), ours.out(), output);
        }
        assertTrue(CliRun.run("info", img.toString()).out().contains("encrypted: yes"));
    }

    /** Negative control: without a key-secret both refuse (the figure is not computed blindly). */
    @Test
    void aMissingKeySecretIsRefusedAsQemuDoes() {
        CliRun ours = CliRun.run("measure", "-O", "luks", "--size", "1G");
        assertEquals(1, ours.status(), ours.toString());
        assertTrue(ours.err().contains("Parameter 'key-secret' is required for cipher"), ours.toString());
        var q = QemuTools.run("qemu-img", "measure", "-O", "luks", "--size", "1G");
        assertTrue(q.output().contains("Parameter 'key-secret' is required for cipher"), q.output());
    }
}
