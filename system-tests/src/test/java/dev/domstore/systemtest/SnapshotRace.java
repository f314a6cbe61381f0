package dev.domstore.systemtest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.domstore.hostexec.HostCommandRunner;

/**
 * One round of issue #6's comparison on a lab host: two identical origins and snapshots, one
 * snapshot made by hand and left to LVM's dmeventd (autoextend at 70/20 from lvmlocal.conf), one
 * made through domstore and left to its guard; one writer per origin, both at {@code rate} MiB/s,
 * started together. Both snapshots are sampled with {@code dmsetup status} in the guest every second.
 *
 * <p>The sizes ({@code -Ddomstore.lab.race-cow=64}, {@code -Ddomstore.lab.race-written=128},
 * MiB) follow from what an extension costs on an emulated host: on this 2-core machine with two
 * guests running, lvextend of a snapshot being written took about 11 s, inside the guest for
 * dmeventd as for domstore. dmeventd checks every 10 s and acts only above 70 %: at 2 MiB/s the
 * last 30 % of 64 MiB last 9.6 s, less than its lvextend, so it loses whatever the phase of its
 * check (and on a fast host it would lose most phases at 3 MiB/s and more). domstore has the
 * whole 32 s from empty to full: it asks as soon as it sees the rate, and for one large step. A
 * loaded machine can slow the writers below their rate, so the rate each writer really achieved
 * is measured and reported next to the nominal one.
 */
final class SnapshotRace {
    /**
     * {@code writer.sh DEVICE MIB RATE DONE}: writes MIB 1-MiB blocks into DEVICE at RATE MiB/s,
     * bypassing the page cache, then writes its start and end times (nanoseconds since the epoch)
     * into the file DONE. Paced by {@code /proc/uptime} (read by the shell itself: under emulation
     * every program started costs tens of milliseconds); a writer that fell behind writes all the
     * blocks due in one dd, as an application with that much to write would.
     */
    static final String WRITER_SCRIPT = """
            #!/bin/sh
            dev=$1; total=$2; rate=$3; done_file=$4
            rm -f "$done_file"
            started=$(date +%s%N)
            read up idle < /proc/uptime; start=${up%.*}${up#*.}
            i=0
            while [ $i -lt $total ]; do
              read up idle < /proc/uptime; now=${up%.*}${up#*.}
              due=$(( (now - start) * rate / 100 + 1 ))
              if [ $due -gt $total ]; then due=$total; fi
              if [ $due -gt $i ]; then
                dd if=/dev/zero of=$dev bs=1M count=$((due - i)) seek=$i oflag=direct conv=notrunc status=none || exit 1
                i=$due
              else
                pause=$(( start + i * 100 / rate - now )); frac=$((pause % 100)); if [ $frac -lt 10 ]; then frac=0$frac; fi
                sleep $((pause / 100)).$frac
              fi
            done
            echo "$started $(date +%s%N)" > "$done_file"
            """;
    private static final long MIB = 1L << 20;
    /** How long dmeventd gets after the writers end: one more of its 10-second checks. */
    private static final Duration SETTLE = Duration.ofSeconds(12);

    private final String api;
    private final HostCommandRunner guest;
    private final int rate;
    private final long initialCow = Long.getLong("domstore.lab.race-cow", 64) * MIB;
    private final int writtenMiB = Integer.getInteger("domstore.lab.race-written", 128);

    SnapshotRace(String api, HostCommandRunner guest, int rateMiBps) {
        this.api = api;
        this.guest = guest;
        this.rate = rateMiBps;
    }

    /** The rates to race at, in MiB/s: {@code -Ddomstore.lab.race-rates=2} (the default); the first is the one domstore must survive. */
    static List<Integer> rates() {
        return Arrays.stream(System.getProperty("domstore.lab.race-rates", "2").split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    /**
     * How one snapshot fared. {@code secondsThresholdToExtended}: from the first sample at 70 % or
     * more to the first larger size; null if never. {@code writerMiBps}: the rate its writer achieved.
     */
    record Side(String lv, boolean valid, long initialBytes, long finalBytes, double maxPercent, Double secondsThresholdToExtended,
            double writerMiBps) {
    }

    record Outcome(int rateMiBps, int writtenMiB, Side dmeventd, Side guarded) {
    }

    Outcome run() {
        String byHand = "r" + rate + "lvm";
        String byDomstore = "r" + rate + "ds";
        LabSystemTest.guest(guest, "lvcreate", "-y", "-L", originSize(), "-n", byHand, "vg0");
        LabSystemTest.guest(guest, "lvcreate", "-y", "-s", "--monitor", "y", "-L", initialCow + "b", "-n", byHand + "snap", "vg0/" + byHand);
        String origin = LabSystemTest.create(api, "{\"name\":\"" + byDomstore + "\",\"hostId\":\"lab01\",\"kind\":\"LVM\",\"volumeGroup\":\"vg0\",\"size\":\"" + originSize() + "\"}");
        LabSystemTest.awaitAvailable(api, origin);
        String snapshot = LabSystemTest.create(api, "{\"name\":\"" + byDomstore + "snap\",\"kind\":\"SNAPSHOT\",\"originId\":\"" + origin
                + "\",\"cowSize\":\"" + (initialCow / MIB) + "M\"}");
        LabSystemTest.awaitAvailable(api, snapshot);

        // Started in the background with their output redirected: guest-exec reports an exit only once every holder of its output closed it.
        LabSystemTest.guest(guest, "sh", "-c", writer(byHand) + " & " + writer(byDomstore) + " &");
        Instant started = Instant.now();
        Sampler dmeventd = new Sampler(byHand + "snap");
        Sampler guarded = new Sampler(byDomstore + "snap");
        Instant writersDone = null;
        while (writersDone == null || Duration.between(writersDone, Instant.now()).compareTo(SETTLE) < 0) {
            double at = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            Map<String, List<String>> status = deviceStatus();
            for (Sampler sampler : List.of(dmeventd, guarded)) {
                sampler.sample(at, status.get("vg0-" + sampler.lv), status.get("vg0-" + sampler.lv + "-cow"));
            }
            if (writersDone == null && Duration.between(started, Instant.now()).toSeconds() >= writtenMiB / rate
                    && guest.files().exists(doneFile(byHand)) && guest.files().exists(doneFile(byDomstore))) {
                writersDone = Instant.now();
            }
            if (Duration.between(started, Instant.now()).toSeconds() > 300) {
                throw new IllegalStateException("the writers at " + rate + " MiB/s did not finish within 300 s");
            }
            SystemStack.sleepSeconds(1);
        }
        Outcome outcome = new Outcome(rate, writtenMiB, dmeventd.side(writerRate(byHand)), guarded.side(writerRate(byDomstore)));
        System.out.println("SnapshotRace: " + outcome);

        LabSystemTest.guest(guest, "lvremove", "-y", "-f", "vg0/" + byHand + "snap", "vg0/" + byHand);
        LabSystemTest.delete(api, snapshot);
        LabSystemTest.delete(api, origin);
        return outcome;
    }

    /**
     * Every device's {@code dmsetup status} lines by name, one per segment (a grown differences area has several). Sampled with dmsetup rather than lvs: it
     * is one ioctl, where lvs scans the VG's metadata and would take the guest's CPU from the race.
     */
    private Map<String, List<String>> deviceStatus() {
        Map<String, List<String>> status = new java.util.HashMap<>();
        for (String line : LabSystemTest.guest(guest, "dmsetup", "status").stdout().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                status.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>()).add(line.substring(colon + 2).strip());
            }
        }
        return status;
    }

    /** Room for everything written and then some: the snapshot can need all of it. */
    private String originSize() {
        return (writtenMiB + 32) + "M";
    }

    private String writer(String lv) {
        return "sh /tmp/writer.sh /dev/vg0/" + lv + " " + writtenMiB + " " + rate + " " + doneFile(lv) + " >/tmp/" + lv + ".writer.log 2>&1";
    }

    /** MiB/s the writer of {@code lv} achieved, from the start and end times in its done file. */
    private double writerRate(String lv) {
        try {
            String[] times = guest.files().read(doneFile(lv)).orElseThrow().strip().split(" ");
            return writtenMiB / ((Long.parseLong(times[1]) - Long.parseLong(times[0])) / 1e9);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path doneFile(String lv) {
        return Path.of("/tmp/" + lv + ".writer.done");
    }

    /** Markdown table of the outcomes, for docs/benchmarks.md. */
    static String table(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append("| writer (achieved) | written | snapshot | start | end | max fill | 70 % → extended | final state |\n");
        out.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Outcome outcome : outcomes) {
            for (Side side : List.of(outcome.dmeventd(), outcome.guarded())) {
                out.append(String.format(Locale.ROOT, "| %d MiB/s (%.2f) | %d MiB | %s | %d MiB | %d MiB | %.1f %% | %s | %s |%n", outcome.rateMiBps(),
                        side.writerMiBps(), outcome.writtenMiB(), side == outcome.dmeventd() ? "dmeventd (70/20)" : "domstore guard", side.initialBytes() / MIB,
                        side.finalBytes() / MIB, side.maxPercent(),
                        side.secondsThresholdToExtended() == null ? "never" : String.format(Locale.ROOT, "%.1f s", side.secondsThresholdToExtended()),
                        side.valid() ? "valid" : "**INVALID** (overflowed)"));
            }
        }
        return out.toString();
    }

    /** The samples of one snapshot. */
    private static final class Sampler {
        private final String lv;
        private final List<String> trace = new ArrayList<>();
        private long initialBytes = -1;
        private long lastBytes;
        private double maxPercent;
        private Double thresholdAt;
        private Double extendedAt;
        private boolean valid = true;

        Sampler(String lv) {
            this.lv = lv;
        }

        /**
         * From {@code dmsetup status}: the snapshot's {@code 0 LEN snapshot USED/TOTAL META} (or
         * {@code Invalid}, {@code Overflow}) and the segments {@code START LEN linear} of its
         * differences area, whose lengths add up to the snapshot's size as lvs shows it.
         */
        void sample(double at, List<String> snapshotStatus, List<String> cowSegments) {
            if (snapshotStatus == null || cowSegments == null) {
                throw new IllegalStateException("no device-mapper status for " + lv + ": " + snapshotStatus + " / " + cowSegments);
            }
            long sizeBytes = cowSegments.stream().mapToLong(segment -> Long.parseLong(segment.split(" ")[1])).sum() * 512;
            String[] fields = snapshotStatus.get(0).split(" ");
            boolean full = fields.length < 4 || !fields[3].contains("/");
            double percent = full ? 100.0
                    : 100.0 * Long.parseLong(fields[3].split("/")[0]) / Long.parseLong(fields[3].split("/")[1]);
            valid = valid && !full;
            if (initialBytes < 0) {
                initialBytes = sizeBytes;
            }
            if (thresholdAt == null && percent >= 70.0) {
                thresholdAt = at;
            }
            if (thresholdAt != null && extendedAt == null && sizeBytes > initialBytes) {
                extendedAt = at;
            }
            lastBytes = sizeBytes;
            maxPercent = Math.max(maxPercent, percent);
            trace.add(String.format(Locale.ROOT, "%.1fs:%dM/%.0f%%%s", at, sizeBytes / MIB, percent, valid ? "" : "/INVALID"));
        }

        Side side(double writerMiBps) {
            System.out.println("SnapshotRace: " + lv + " " + trace);
            return new Side(lv, valid, initialBytes, lastBytes, maxPercent,
                    thresholdAt == null || extendedAt == null ? null : extendedAt - thresholdAt, writerMiBps);
        }
    }
}
