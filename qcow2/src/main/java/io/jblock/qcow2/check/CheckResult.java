package io.jblock.qcow2.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a qcow2 consistency check, with the fields of {@code qemu-img check
 * --output=json} ({@link #toQemuJsonMap()} uses QEMU's key names).
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

    /** Whether no error, corruption or leak remains. */
    public boolean isClean() {
        return checkErrors == 0 && corruptions == 0 && leaks == 0;
    }

    /** The text qemu-img check prints for this result (qemu-img.c's dump_human_image_check). */
    public String toQemuText() {
        StringBuilder sb = new StringBuilder();
        for (String m : messages) {
            sb.append(m).append('\n');
        }
        if (!messages.isEmpty()) {
            sb.append('\n');
        }
        if (isClean()) {
            sb.append("No errors were found on the image.\n");
        } else {
            if (corruptions > 0) {
                sb.append(corruptions).append(" errors were found on the image.\n")
                        .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
            }
            if (leaks > 0) {
                sb.append(leaks).append(" leaked clusters were found on the image.\n")
                        .append("This means waste of disk space, but no harm to data.\n");
            }
            if (checkErrors > 0) {
                sb.append(checkErrors).append(" internal errors have occurred during the check.\n");
            }
        }
        if (leaksFixed > 0 || corruptionsFixed > 0) {
            sb.append("The following inconsistencies were found and repaired:\n\n")
                    .append("    ").append(leaksFixed).append(" leaked clusters\n")
                    .append("    ").append(corruptionsFixed).append(" corruptions\n\n");
        }
        if (totalClusters > 0) {
            sb.append(String.format(java.util.Locale.ROOT,
                    "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters%n",
                    allocatedClusters, totalClusters, allocatedClusters * 100.0 / totalClusters,
                    allocatedClusters == 0 ? 0.0 : fragmentedClusters * 100.0 / allocatedClusters,
                    allocatedClusters == 0 ? 0.0 : compressedClusters * 100.0 / allocatedClusters));
        }
        sb.append("Image end offset: ").append(imageEndOffset).append('\n');
        return sb.toString();
    }

    /** QEMU's JSON keys; zero counts are left out as qemu-img does. */
    public Map<String, Object> toQemuJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (checkErrors > 0) {
            m.put("check-errors", checkErrors);
        }
        if (corruptions > 0) {
            m.put("corruptions", corruptions);
        }
        if (leaks > 0) {
            m.put("leaks", leaks);
        }
        if (leaksFixed > 0) {
            m.put("leaks-fixed", leaksFixed);
        }
        if (corruptionsFixed > 0) {
            m.put("corruptions-fixed", corruptionsFixed);
        }
        m.put("image-end-offset", imageEndOffset);
        m.put("total-clusters", totalClusters);
        m.put("allocated-clusters", allocatedClusters);
        m.put("fragmented-clusters", fragmentedClusters);
        m.put("compressed-clusters", compressedClusters);
        m.put("format", "qcow2");
        return m;
    }
}
