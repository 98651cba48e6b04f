package io.jblock.qcow2.hostile;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The valid images mutants start from, each made by real qemu-img and qemu-io so that every
 * structure the mutator aims at is present somewhere: data, zero and unallocated clusters,
 * internal snapshots (v2 and v3), a backing file, zlib and zstd compressed clusters, extended L2
 * with subclusters, persistent bitmaps ({@code qemu-img bitmap --add}, with dirty bits saved),
 * a dirty lazy-refcounts image, refcount widths 1 and 64, 512-byte clusters. Small files, so that
 * a mutant costs milliseconds. A {@code manifest} lists them for the worker JVM.
 */
final class HostileCorpus {

    /** One base image and the backing node it opens with (null: none, whatever its header says). */
    record Base(String name, Path image, Path backing) {
    }

    private HostileCorpus() {
    }

    static List<Base> build(Path dir) throws IOException {
        QemuTools.require();
        Files.createDirectories(dir);
        List<Base> out = new ArrayList<>();
        out.add(qcow2(dir, "plain-64k", "", "4M", "write -P 0x11 0 100k", "write -P 0x22 1M 64k", "write -z 2M 128k"));
        Path snaps = qcow2(dir, "snapshots-4k", "cluster_size=4096", "2M", "write -P 0x31 0 300k").image();
        QemuTools.img("snapshot", "-c", "one", snaps.toString());
        QemuTools.io(snaps, "qcow2", "write -P 0x32 100k 100k", "write -z 1M 8k");
        QemuTools.img("snapshot", "-c", "two", snaps.toString());
        QemuTools.io(snaps, "qcow2", "discard 0 64k");
        out.add(new Base("snapshots-4k", snaps, null));
        out.add(qcow2(dir, "small-clusters-512", "cluster_size=512", "1M", "write -P 0x41 0 40k", "write -P 0x42 500k 9k"));
        Path base = qcow2(dir, "backing-base", "cluster_size=4096", "2M", "write -P 0x51 0 2M").image();
        Path top = dir.resolve("backed-top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", "-b", base.getFileName().toString(),
                "-F", "qcow2", top.toString(), "2M");
        QemuTools.io(top, "qcow2", "write -P 0x52 4k 20k", "write -z 64k 8k", "discard 100k 8k");
        out.add(new Base("backed-top", top, base));
        out.add(compressed(dir, "compressed-zlib", "cluster_size=4096"));
        out.add(compressed(dir, "compressed-zstd", "cluster_size=4096,compression_type=zstd"));
        out.add(qcow2(dir, "extended-l2-32k", "cluster_size=32768,extended_l2=on", "2M", "write -P 0x61 1k 3k",
                "write -P 0x62 64k 40k", "write -z 200k 2k", "write -z 300k 64k"));
        Path bitmaps = qcow2(dir, "bitmaps-4k", "cluster_size=4096", "2M").image();
        QemuTools.img("bitmap", "--add", bitmaps.toString(), "b0");
        QemuTools.io(bitmaps, "qcow2", "write -P 0x71 0 64k", "write -P 0x72 1M 8k");
        QemuTools.img("bitmap", "--add", "--granularity", "512", bitmaps.toString(), "b1");
        QemuTools.io(bitmaps, "qcow2", "write -P 0x73 512k 4k");
        out.add(new Base("bitmaps-4k", bitmaps, null));
        Path v2 = qcow2(dir, "v2-snapshot", "compat=0.10,cluster_size=4096", "1M", "write -P 0x81 0 200k").image();
        QemuTools.img("snapshot", "-c", "old", v2.toString());
        QemuTools.io(v2, "qcow2", "write -P 0x82 0 50k");
        out.add(new Base("v2-snapshot", v2, null));
        Path lazy = qcow2(dir, "lazy-dirty", "cluster_size=4096,lazy_refcounts=on", "1M").image();
        // killed before its close: the dirty bit stays set, refcounts are behind
        QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x91 0 100k", "-c", "sigraise 9", lazy.toString());
        out.add(new Base("lazy-dirty", lazy, null));
        out.add(qcow2(dir, "refcount-1", "cluster_size=4096,refcount_bits=1", "1M", "write -P 0xa1 0 90k"));
        out.add(qcow2(dir, "refcount-64", "cluster_size=4096,refcount_bits=64", "1M", "write -P 0xb1 8k 90k"));
        StringBuilder manifest = new StringBuilder();
        for (Base b : out) {
            manifest.append(b.name()).append('\t').append(b.image()).append('\t')
                    .append(b.backing() == null ? "-" : b.backing().toString()).append('\n');
        }
        Files.writeString(dir.resolve("manifest"), manifest, StandardCharsets.UTF_8);
        return out;
    }

    private static Base qcow2(Path dir, String name, String opts, String size, String... io) {
        Path img = dir.resolve(name + ".qcow2");
        List<String> c = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        if (!opts.isEmpty()) {
            c.add("-o");
            c.add(opts);
        }
        c.add(img.toString());
        c.add(size);
        QemuTools.img(c.toArray(String[]::new));
        if (io.length > 0) {
            QemuTools.io(img, "qcow2", io);
        }
        return new Base(name, img, null);
    }

    private static Base compressed(Path dir, String name, String opts) throws IOException {
        Path raw = dir.resolve(name + ".raw");
        byte[] b = new byte[1 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 3000 < 1500 ? i / 4096 : (i * 31) >>> 3);
        }
        Files.write(raw, b);
        Path img = dir.resolve(name + ".qcow2");
        QemuTools.img("convert", "-q", "-c", "-f", "raw", "-O", "qcow2", "-o", opts, raw.toString(), img.toString());
        Files.delete(raw);
        QemuTools.io(img, "qcow2", "write -P 0xc1 8k 4k"); // one cluster rewritten uncompressed
        return new Base(name, img, null);
    }

    /** The corpus the manifest in {@code dir} lists. */
    static List<Base> load(Path dir) throws IOException {
        List<Base> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Base(f[0], Path.of(f[1]), f[2].equals("-") ? null : Path.of(f[2])));
        }
        return out;
    }
}
