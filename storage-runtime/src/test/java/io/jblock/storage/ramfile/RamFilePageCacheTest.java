package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * direct-io keeps the pages region out of the page cache (measured with cachestat); without it
 * the saved pages stay cached. The second case is the negative control of the first.
 */
class RamFilePageCacheTest {

    @TempDir
    Path dir;

    @Test
    void directIoSaveAndRestoreLeaveNoPagesCached() throws Exception {
        Assumptions.assumeTrue(PosixIO.cachestatSupported(), "kernel without cachestat (Linux 6.5+)");
        Path file = dir.resolve("dio.img");
        RamFileParameters params = new RamFileParameters(true, 2, 4096);
        try (Arena arena = Arena.ofShared()) {
            List<RamBlock> ram = List.of(TestRam.block(arena, "ram", 4 << 20, 3));
            RamFileSummary s;
            try (RamFileWriter w = RamFileWriter.open(file, params)) {
                s = w.save(ram);
            }
            assertTrue(s.pagesPresent() > 500);
            assertEquals(0, PagesRegionCache.residentBytes(s), "pages cached after a direct-io save");

            try (RamFileReader r = RamFileReader.open(file, params)) {
                r.restore(TestRam.garbageTargets(arena, ram));
            }
            assertEquals(0, PagesRegionCache.residentBytes(s), "pages cached after a direct-io restore");
        }
    }

    @Test
    void bufferedSaveLeavesPagesCached() throws Exception {
        Assumptions.assumeTrue(PosixIO.cachestatSupported(), "kernel without cachestat (Linux 6.5+)");
        Path file = dir.resolve("buffered.img");
        try (Arena arena = Arena.ofShared()) {
            RamFileSummary s;
            try (RamFileWriter w = RamFileWriter.open(file, new RamFileParameters(false, 2, 4096))) {
                s = w.save(List.of(TestRam.block(arena, "ram", 4 << 20, 3)));
            }
            long written = s.pagesPresent() * 4096;
            long cached = PagesRegionCache.residentBytes(s);
            assertTrue(cached >= written / 2, "buffered save: " + cached + " of " + written + " bytes cached");

            PagesRegionCache.drop(file);
            assertEquals(0, PagesRegionCache.residentBytes(s), "after drop");
        }
    }
}
