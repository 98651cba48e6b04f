package io.jblock.jmh;

import com.sun.nio.file.ExtendedOpenOption;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Random block-sized reads from a 1 GiB file: FFM {@code PosixIO.preadFd} on an O_DIRECT
 * descriptor, against {@code FileChannel} opened with {@code ExtendedOpenOption.DIRECT}, and a
 * buffered {@code FileChannel} (mostly page-cache hits once warm: the upper bound). The buffered
 * pair ({@code ffmPreadBuffered} vs {@code fileChannelBuffered}) shows the per-call cost of each
 * Java path without the device's noise. All read the same offset sequence into buffers aligned
 * to 4096 bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectReadBenchmark {

    static final long FILE_SIZE = 1L << 30;

    @Param("4096")
    public int blockSize;

    /**
     * {@code data}: a file full of non-zero bytes, so O_DIRECT reads go to the device.
     * {@code hole}: a sparse file of the same size; O_DIRECT reads of a hole are zero-filled by the
     * file system without device I/O, which leaves only the per-call software cost of each path
     * (and none of the device's noise).
     */
    @Param({"data", "hole"})
    public String file;

    Path path;
    int directFd;
    int bufferedFd;
    FileChannel directChannel;
    FileChannel bufferedChannel;

    @Setup(Level.Trial)
    public void openFiles() throws IOException {
        path = "hole".equals(file)
                ? BenchFile.prepareSparse("jblock-bench-1g-sparse.img", FILE_SIZE)
                : BenchFile.prepare("jblock-bench-1g.img", FILE_SIZE);
        directFd = PosixIO.openFd(path.toString(), Libc.O_RDONLY() | Libc.O_DIRECT(), 0);
        bufferedFd = PosixIO.openFd(path.toString(), Libc.O_RDONLY(), 0);
        directChannel = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        bufferedChannel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @TearDown(Level.Trial)
    public void closeFiles() throws IOException {
        PosixIO.closeFd(directFd, path.toString());
        PosixIO.closeFd(bufferedFd, path.toString());
        directChannel.close();
        bufferedChannel.close();
    }

    /** Each thread's own aligned buffers and its own offset sequence. */
    @State(Scope.Thread)
    public static class Reader {
        Arena arena;
        MemorySegment segment;
        ByteBuffer directBuffer;
        ByteBuffer plainBuffer;
        RandomBlocks offsets;

        @Setup(Level.Trial)
        public void allocate(DirectReadBenchmark b) {
            arena = Arena.ofConfined();
            segment = AlignedMemory.allocate(arena, b.blockSize, AlignedMemory.DEFAULT_ALIGNMENT);
            directBuffer = ByteBuffer.allocateDirect(b.blockSize + 4096).alignedSlice(4096).limit(b.blockSize).slice();
            plainBuffer = ByteBuffer.allocateDirect(b.blockSize);
            offsets = new RandomBlocks(FILE_SIZE, b.blockSize, 0);
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }
    }

    @Benchmark
    public byte ffmPreadDirect(Reader r) throws IOException {
        return ffmRead(directFd, r);
    }

    @Benchmark
    public byte fileChannelDirect(Reader r) throws IOException {
        return channelRead(directChannel, r.directBuffer, r);
    }

    @Benchmark
    public byte ffmPreadBuffered(Reader r) throws IOException {
        return ffmRead(bufferedFd, r);
    }

    @Benchmark
    public byte fileChannelBuffered(Reader r) throws IOException {
        return channelRead(bufferedChannel, r.plainBuffer, r);
    }

    /** One read at the thread's next offset; the result folds in the count and a byte so it is used. */
    private static byte ffmRead(int fd, Reader r) throws IOException {
        long n = PosixIO.preadFd(fd, r.segment, r.offsets.next(), null);
        return (byte) (n + r.segment.get(ValueLayout.JAVA_BYTE, 0));
    }

    private static byte channelRead(FileChannel channel, ByteBuffer buffer, Reader r) throws IOException {
        ByteBuffer buf = buffer.clear();
        int n = channel.read(buf, r.offsets.next());
        return (byte) (n + buf.get(0));
    }
}
