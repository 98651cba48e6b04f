package io.jblock.storage.node;

import io.jblock.storage.BlockIOException;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.feature.CacheCounters;
import io.jblock.storage.feature.CacheStatistics;
import io.jblock.storage.feature.CheckResult;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.feature.SnapshotTable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

/**
 * The feature interfaces ({@code io.jblock.storage.feature}) a {@link DriverNode} hands out: small
 * adaptors that put each call through the node's generic checks before the driver sees it, so a
 * feature is as safe to call as the node itself.
 *
 * <ul>
 *   <li>Every call is refused once the node is closed ({@code NodeClosedException}) and counts as
 *       a request in flight: {@code close()} waits for it.</li>
 *   <li>Calls that change the image (a repairing check, compressed writes) are modifications:
 *       refused on a read-only node ({@code ReadOnlyNodeException}) or an inactive one
 *       ({@code NodeInactiveException}); {@code inactivate()} waits for them.</li>
 *   <li>Ranges are checked as the node's own requests check them ({@code OutOfRangeException}:
 *       negative offset, past the end), alignment rules with {@link IllegalArgumentException},
 *       before the driver sees the call.</li>
 *   <li>Compressed writes hold their range exclusively and a check holds the whole node, so guest
 *       writes through the node wait for them instead of racing them.</li>
 *   <li>Driver failures come back as {@link BlockIOException}s naming the node.</li>
 * </ul>
 *
 * <p>A feature interface without an adaptor of its own here (one added later) is handed out
 * through a proxy that applies the first and last rule to each of its methods.
 */
final class NodeFeatures {

    private NodeFeatures() {
    }

    /** {@code driver} as {@code type} behind the checks of {@code node}. */
    static <T> Optional<T> of(DriverNode node, Object driver, Class<T> type) {
        Object adaptor;
        if (type == ImageChecker.class) {
            adaptor = new Checker(node, (ImageChecker) driver);
        } else if (type == SnapshotTable.class) {
            adaptor = new Snapshots(node, (SnapshotTable) driver);
        } else if (type == CompressedWriter.class) {
            adaptor = new Compressed(node, (CompressedWriter) driver);
        } else if (type == CacheStatistics.class) {
            adaptor = new Statistics(node, (CacheStatistics) driver);
        } else if (type == FaultInjector.class) {
            adaptor = new Faults(node, (FaultInjector) driver);
        } else {
            adaptor = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    new Guard(node, driver, type));
        }
        return Optional.of(type.cast(adaptor));
    }

    private record Checker(DriverNode node, ImageChecker checker) implements ImageChecker {
        @Override
        public CheckResult check(boolean repairLeaks, boolean repairErrors) throws IOException {
            boolean repair = repairLeaks || repairErrors;
            String op = repair ? "check with repair" : "check";
            if (repair) {
                node.enterModification(op, -1);
            } else {
                node.enterRequest(op, -1);
            }
            RangeLocks.Range all = node.locks().acquire(0, Long.MAX_VALUE, true); // no guest write in between
            try {
                return checker.check(repairLeaks, repairErrors);
            } catch (IOException e) {
                throw node.errors().wrap(op, -1, e);
            } finally {
                node.locks().release(all);
                if (repair) {
                    node.exitModification();
                } else {
                    node.exitRequest();
                }
            }
        }

        @Override
        public boolean isDirty() throws IOException {
            node.enterRequest("dirty-flag", -1);
            try {
                return checker.isDirty();
            } finally {
                node.exitRequest();
            }
        }
    }

    private record Snapshots(DriverNode node, SnapshotTable table) implements SnapshotTable {
        @Override
        public List<SnapshotInfo> snapshots() throws IOException {
            node.enterRequest("snapshot list", -1);
            try {
                return table.snapshots();
            } catch (IOException e) {
                throw node.errors().wrap("snapshot list", -1, e);
            } finally {
                node.exitRequest();
            }
        }

        @Override
        public SnapshotInfo createSnapshot(String name, long dateSeconds, int dateNanos) throws IOException {
            return modify("snapshot create", () -> table.createSnapshot(name, dateSeconds, dateNanos));
        }

        @Override
        public void applySnapshot(String idOrName) throws IOException {
            modify("snapshot apply", () -> {
                table.applySnapshot(idOrName);
                return null;
            });
        }

        @Override
        public void deleteSnapshot(String id, String name) throws IOException {
            modify("snapshot delete", () -> {
                table.deleteSnapshot(id, name);
                return null;
            });
        }

        /** A modification holding the whole node, so no guest request runs beside it. */
        private <R> R modify(String op, IOCall<R> call) throws IOException {
            node.enterModification(op, -1);
            RangeLocks.Range all = node.locks().acquire(0, Long.MAX_VALUE, true);
            try {
                return call.run();
            } catch (IOException e) {
                throw node.errors().wrap(op, -1, e);
            } finally {
                node.locks().release(all);
                node.exitModification();
            }
        }
    }

    /** A call that may fail with an IOException. */
    private interface IOCall<R> {
        R run() throws IOException;
    }

    private record Compressed(DriverNode node, CompressedWriter writer) implements CompressedWriter {
        @Override
        public int compressionUnit() {
            return writer.compressionUnit();
        }

        @Override
        public void writeCompressed(long offset, MemorySegment src) throws IOException {
            String op = "compressed write";
            node.enterModification(op, offset);
            try {
                long length = src.byteSize();
                node.checkRange(op, offset, length);
                if (length == 0) {
                    return;
                }
                long unit = writer.compressionUnit();
                long end = offset + length;
                if (offset % unit != 0) {
                    throw new IllegalArgumentException(node + ": " + op + " at offset " + offset
                            + " is not a multiple of the compression unit (" + unit + " bytes)");
                }
                long size = node.size();
                if (end % unit != 0 && end != size) {
                    throw new IllegalArgumentException(node + ": " + op + " of " + length + " bytes at offset "
                            + offset + " ends neither on a compression unit (" + unit
                            + " bytes) nor at the end of the disk (" + size + ")");
                }
                RangeLocks.Range r = node.locks().acquire(offset, end, true);
                try {
                    writer.writeCompressed(offset, src);
                } catch (IOException e) {
                    throw node.errors().wrap(op, offset, e);
                } finally {
                    node.locks().release(r);
                }
            } finally {
                node.exitModification();
            }
        }
    }

    private record Statistics(DriverNode node, CacheStatistics statistics) implements CacheStatistics {
        @Override
        public CacheCounters cacheCounters() throws IOException {
            node.enterRequest("cache statistics", -1);
            try {
                return statistics.cacheCounters();
            } finally {
                node.exitRequest();
            }
        }
    }

    /**
     * blkdebug's run-time control: rule and disk-full changes are requests of the node (refused
     * once it is closed, with an {@link IllegalStateException}: the interface declares no
     * IOException); the counters are plain reads that stay readable after close, so a harness can
     * count what a run injected after closing its graph.
     */
    private record Faults(DriverNode node, FaultInjector faults) implements FaultInjector {
        private void enter(String op) {
            try {
                node.enterRequest("FaultInjector." + op, -1);
            } catch (NodeClosedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void addRules(String options) {
            enter("addRules");
            try {
                faults.addRules(options);
            } finally {
                node.exitRequest();
            }
        }

        @Override
        public void clearRules() {
            enter("clearRules");
            try {
                faults.clearRules();
            } finally {
                node.exitRequest();
            }
        }

        @Override
        public void setDiskFull(boolean full) {
            enter("setDiskFull");
            try {
                faults.setDiskFull(full);
            } finally {
                node.exitRequest();
            }
        }

        @Override
        public boolean diskFull() {
            return faults.diskFull();
        }

        @Override
        public long injectedErrors() {
            return faults.injectedErrors();
        }

        @Override
        public long requests(String ioType) {
            return faults.requests(ioType);
        }

        @Override
        public long events(DebugEvent event) {
            return faults.events(event);
        }

        @Override
        public long unflushedWrites() {
            return faults.unflushedWrites();
        }
    }

    private static boolean declaresIOException(Method m) {
        for (Class<?> t : m.getExceptionTypes()) {
            if (t.isAssignableFrom(IOException.class)) {
                return true;
            }
        }
        return false;
    }

    /** Any other feature interface: each call is a request of the node (refused once closed). */
    private record Guard(DriverNode node, Object driver, Class<?> type) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " of " + node;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new AssertionError(method);
                };
            }
            String op = type.getSimpleName() + "." + method.getName();
            node.enterRequest(op, -1);
            try {
                return method.invoke(driver, args);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (t instanceof IOException io && declaresIOException(method)) {
                    throw node.errors().wrap(op, -1, io);
                }
                throw t;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(op + ": the driver's method is not accessible", e);
            } finally {
                node.exitRequest();
            }
        }
    }
}
