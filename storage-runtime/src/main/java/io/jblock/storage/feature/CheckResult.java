package io.jblock.storage.feature;

import java.util.List;

/**
 * The outcome of an image consistency check ({@link ImageChecker}): the counts of QEMU's BdrvCheckResult, which
 * {@code qemu-img check} reports. Printing them as qemu-img does is the CLI's job
 * ({@code io.jblock.cli.CheckReport}).
 *
 * @param checkErrors       errors that kept the check from completing a part
 * @param corruptions       refcounts below the number of references, OFLAG_COPIED errors,
 *                          references outside the file (after repair: those left)
 * @param leaks             clusters with refcount above their references (after repair: those left)
 * @param leaksFixed        leaks repaired
 * @param corruptionsFixed  corruptions repaired
 * @param imageEndOffset    end of the last cluster in use
 * @param totalClusters     guest clusters of the virtual disk
 * @param allocatedClusters guest clusters allocated in the active L1
 * @param fragmentedClusters allocated clusters not right after the previous one in the file
 * @param compressedClusters compressed guest clusters
 * @param messages          one line per problem found, as qemu-img prints them
 */
public record CheckResult(int checkErrors, int corruptions, int leaks, int leaksFixed, int corruptionsFixed,
                          long imageEndOffset, long totalClusters, long allocatedClusters,
                          long fragmentedClusters, long compressedClusters, List<String> messages) {

    /** {@return whether no error, corruption or leak remains} */
    public boolean isClean() {
        return checkErrors == 0 && corruptions == 0 && leaks == 0;
    }
}
