package io.jblock.qcow2.crash;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.crash.GuestModel;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The writer process of the SIGKILL test: opens a qcow2 image with {@code cache=directsync} and
 * issues the requests of {@link SigkillPlan} from a given sequence number on, printing
 * {@code ack N} (and flushing stdout) after request N returned, until it is killed. Each
 * acknowledgement is repeated on stderr (a file), so the parent can check it read them all.
 *
 * <p>Arguments: image, seed, first sequence number, cluster size.
 */
public final class SigkillWriter {
    private SigkillWriter() {
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        long seed = Long.parseLong(args[1]);
        int seq = Integer.parseInt(args[2]);
        int clusterSize = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        GuestModel patterns = new GuestModel(seed, new byte[0], 0, null, false);
        try (BlockNode node = BlockGraph.open("driver=qcow2,discard=unmap,cache=directsync,file.driver=file,"
                + "file.filename=" + image.replace(",", ",,"));
             Arena arena = Arena.ofConfined()) {
            long size = node.size();
            MemorySegment buf = arena.allocate(2L * Math.max(clusterSize, 65536), 4096);
            out.println("ready");
            out.flush();
            for (;; seq++) {
                SigkillPlan.Request r = SigkillPlan.request(seed, seq, size, clusterSize);
                switch (r.kind()) {
                    case WRITE -> {
                        byte[] data = new byte[r.length()];
                        patterns.fill(seq, r.offset(), data);
                        MemorySegment src = buf.asSlice(0, r.length());
                        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, r.length());
                        node.write(r.offset(), src);
                    }
                    case ZERO -> node.writeZeroes(r.offset(), r.length(), 0);
                    case ZERO_UNMAP -> node.writeZeroes(r.offset(), r.length(), RequestFlags.MAY_UNMAP);
                    case DISCARD -> node.discard(r.offset(), r.length());
                }
                out.println("ack " + seq);
                out.flush();
                System.err.println("acked " + seq); // lets the parent check that it read every acknowledgement
            }
        }
    }
}
