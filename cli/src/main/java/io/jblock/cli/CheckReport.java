package io.jblock.cli;

import io.jblock.storage.feature.CheckResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a consistency check (QEMU's BdrvCheckResult) as qemu-img 7.2 check prints it:
 * exit status, JSON object and human summary. This is the one place that renders a
 * {@link CheckResult} as qemu-img does (check-errors always in the JSON, filename, no
 * allocation line when nothing is allocated); the repair banner, printed before the second
 * check, is {@link CheckCommand}'s.
 *
 * @param corruptions corruptions found
 * @param leaks leaked clusters found
 * @param checkErrors errors that kept the check from completing
 * @param corruptionsFixed corruptions repaired
 * @param leaksFixed leaks repaired
 * @param imageEndOffset end of the last cluster in use
 * @param totalClusters guest clusters of the disk
 * @param allocatedClusters guest clusters allocated
 * @param fragmentedClusters allocated clusters not after their predecessor
 * @param compressedClusters compressed clusters
 * @param messages one line per problem, as qemu-img prints them
 */
public record CheckReport(long corruptions, long leaks, long checkErrors, long corruptionsFixed,
                          long leaksFixed, long imageEndOffset, long totalClusters,
                          long allocatedClusters, long fragmentedClusters, long compressedClusters,
                          List<String> messages) {

    /**
     * {@return the report of one qcow2 check run}
     *
     * @param r the driver's check result
     */
    public static CheckReport of(CheckResult r) {
        return new CheckReport(r.corruptions(), r.leaks(), r.checkErrors(), r.corruptionsFixed(), r.leaksFixed(),
                r.imageEndOffset(), r.totalClusters(), r.allocatedClusters(), r.fragmentedClusters(),
                r.compressedClusters(), r.messages());
    }

    /**
     * {@return what qemu-img reports after a repair: the second check's findings with the first
     * run's repairs, and the messages of both runs (qemu-img prints them as each run goes)}
     *
     * @param recheck the second check's report
     */
    public CheckReport afterRepair(CheckReport recheck) {
        return new CheckReport(recheck.corruptions, recheck.leaks, recheck.checkErrors, corruptionsFixed,
                leaksFixed, recheck.imageEndOffset, recheck.totalClusters, recheck.allocatedClusters,
                recheck.fragmentedClusters, recheck.compressedClusters,
                java.util.stream.Stream.concat(messages.stream(), recheck.messages.stream()).toList());
    }

    /**
     * qemu-img check's exit status: 1 check errors, 2 corruptions, 3 leaks, else 0.
     *
     * @return qemu-img check's exit status: 1 check errors, 2 corruptions, 3 leaks, else 0
     */
    public int exitCode() {
        if (checkErrors > 0) {
            return 1;
        }
        if (corruptions > 0) {
            return 2;
        }
        if (leaks > 0) {
            return 3;
        }
        return 0;
    }

    /**
     * qemu-img check --output=json's object.
     *
     * @param filename the image as named on the command line
     * @param format its format
     * @return qemu-img check --output=json's object
     */
    public Map<String, Object> json(String filename, String format) {
        // QAPI's ImageCheck field order, as QEMU's visitor inserts them; QemuJson.qdict prints
        // them in QDict's hash order, as qemu-img does
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", filename);
        m.put("format", format);
        m.put("check-errors", checkErrors);
        putIfSet(m, "image-end-offset", imageEndOffset);
        putIfSet(m, "corruptions", corruptions);
        putIfSet(m, "leaks", leaks);
        putIfSet(m, "corruptions-fixed", corruptionsFixed);
        putIfSet(m, "leaks-fixed", leaksFixed);
        putIfSet(m, "total-clusters", totalClusters);
        putIfSet(m, "allocated-clusters", allocatedClusters);
        putIfSet(m, "fragmented-clusters", fragmentedClusters);
        putIfSet(m, "compressed-clusters", compressedClusters);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }

    /**
     * qemu-img check's human summary (stdout part).
     *
     * @return qemu-img check's human summary (stdout part)
     */
    public String human() {
        StringBuilder sb = new StringBuilder();
        if (exitCode() == 0) {
            sb.append("No errors were found on the image.\n");
        } else {
            if (corruptions > 0) {
                sb.append('\n').append(corruptions).append(" errors were found on the image.\n")
                        .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
            }
            if (leaks > 0) {
                sb.append('\n').append(leaks).append(" leaked clusters were found on the image.\n")
                        .append("This means waste of disk space, but no harm to data.\n");
            }
            if (checkErrors > 0) {
                sb.append('\n').append(checkErrors).append(" internal errors have occurred during the check.\n");
            }
        }
        if (totalClusters > 0 && allocatedClusters > 0) {
            sb.append(String.format(java.util.Locale.ROOT,
                    "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters%n",
                    allocatedClusters, totalClusters, allocatedClusters * 100.0 / totalClusters,
                    fragmentedClusters * 100.0 / allocatedClusters, compressedClusters * 100.0 / allocatedClusters));
        }
        if (imageEndOffset > 0) {
            sb.append("Image end offset: ").append(imageEndOffset).append('\n');
        }
        return sb.toString();
    }
}
