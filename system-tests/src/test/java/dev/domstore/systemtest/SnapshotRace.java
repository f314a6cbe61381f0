package dev.domstore.systemtest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.domstore.hostexec.HostCommandRunner;

/**
 * One round of issue #6's comparison on a lab host: two identical origins and snapshots, one
 * snapshot made by hand and left to LVM's dmeventd (autoextend at 70/20 from lvmlocal.conf), one
 * made through domstore and left to its guard; one writer per origin, both at {@code rate} MiB/s,
 * started together. Both snapshots are sampled with {@code lvs} in the guest every second.
 */
final class SnapshotRace {
    /**
     * {@code writer.sh DEVICE MIB RATE DONE}: writes MIB 1-MiB blocks into DEVICE at RATE MiB/s
     * (paced by the clock), bypassing the page cache, then creates the file DONE.
     */
    static final String WRITER_SCRIPT = """
            #!/bin/sh
            dev=$1; total=$2; rate=$3; done_file=$4
            rm -f "$done_file"
            start=$(date +%s%N); i=0
            while [ $i -lt $total ]; do
              dd if=/dev/zero of=$dev bs=1M count=1 seek=$i oflag=direct conv=notrunc status=none || exit 1
              i=$((i + 1))
              due=$((start + i * 1000000000 / rate))
              now=$(date +%s%N)
              if [ $due -gt $now ]; then ms=$(((due - now) / 1000000)); sleep $((ms / 1000)).$(printf %03d $((ms % 1000))); fi
            done
            : > "$done_file"
            """;
    private static final long MIB = 1L << 20;
    private static final String ORIGIN_SIZE = "128M";
    /** Large enough that a guard reacting within about 20 s (an extension under emulation, measured here) can keep up at 1 MiB/s. */
    private static final long INITIAL_COW = 32 * MIB;
    private static final int WRITTEN_MIB = 48;
    /** How long dmeventd gets after the writers end: one more of its 10-second checks. */
    private static final Duration SETTLE = Duration.ofSeconds(12);

    private final String api;
    private final HostCommandRunner guest;
    private final int rate;

    SnapshotRace(String api, HostCommandRunner guest, int rateMiBps) {
        this.api = api;
        this.guest = guest;
        this.rate = rateMiBps;
    }

    /** The rates to race at, in MiB/s: {@code -Ddomstore.lab.race-rates=1,2} (the default). */
    static List<Integer> rates() {
        return Arrays.stream(System.getProperty("domstore.lab.race-rates", "1,2").split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    /** How one snapshot fared. {@code secondsThresholdToExtended}: from the first sample at 70 % or more to the first larger size; null if never. */
    record Side(String lv, boolean valid, long initialBytes, long finalBytes, double maxPercent, Double secondsThresholdToExtended) {
    }

    record Outcome(int rateMiBps, int writtenMiB, Side dmeventd, Side guarded) {
    }

    Outcome run() {
        String byHand = "r" + rate + "lvm";
        String byDomstore = "r" + rate + "ds";
        LabSystemTest.guest(guest, "lvcreate", "-y", "-L", ORIGIN_SIZE, "-n", byHand, "vg0");
        LabSystemTest.guest(guest, "lvcreate", "-y", "-s", "--monitor", "y", "-L", INITIAL_COW + "b", "-n", byHand + "snap", "vg0/" + byHand);
        String origin = LabSystemTest.create(api, "{\"name\":\"" + byDomstore + "\",\"hostId\":\"lab01\",\"kind\":\"LVM\",\"volumeGroup\":\"vg0\",\"size\":\"" + ORIGIN_SIZE + "\"}");
        LabSystemTest.awaitAvailable(api, origin);
        String snapshot = LabSystemTest.create(api, "{\"name\":\"" + byDomstore + "snap\",\"kind\":\"SNAPSHOT\",\"originId\":\"" + origin
                + "\",\"cowSize\":\"" + (INITIAL_COW / MIB) + "M\"}");
        LabSystemTest.awaitAvailable(api, snapshot);
        // One owner of growth per snapshot: lvmlocal.conf turned monitoring on for every snapshot, domstore's included.
        LabSystemTest.guest(guest, "lvchange", "--monitor", "n", "vg0/" + byDomstore + "snap");

        // Started in the background with their output redirected: guest-exec reports an exit only once every holder of its output closed it.
        LabSystemTest.guest(guest, "sh", "-c", writer(byHand) + " & " + writer(byDomstore) + " &");
        Instant started = Instant.now();
        Sampler dmeventd = new Sampler(byHand + "snap");
        Sampler guarded = new Sampler(byDomstore + "snap");
        Instant writersDone = null;
        while (writersDone == null || Duration.between(writersDone, Instant.now()).compareTo(SETTLE) < 0) {
            double at = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            for (String line : LabSystemTest.guest(guest, "lvs", "--noheadings", "--nosuffix", "--units", "b", "--separator", "|",
                    "-o", "lv_name,lv_size,data_percent,lv_attr", "vg0/" + byHand + "snap", "vg0/" + byDomstore + "snap").stdout().split("\n")) {
                String[] fields = line.strip().split("\\|", -1);
                if (fields.length == 4) {
                    (fields[0].equals(dmeventd.lv) ? dmeventd : guarded).sample(at, Long.parseLong(fields[1]),
                            fields[2].isBlank() ? 100.0 : Double.parseDouble(fields[2]), fields[3]);
                }
            }
            if (writersDone == null && Duration.between(started, Instant.now()).toSeconds() >= WRITTEN_MIB / rate
                    && guest.files().exists(doneFile(byHand)) && guest.files().exists(doneFile(byDomstore))) {
                writersDone = Instant.now();
            }
            if (Duration.between(started, Instant.now()).toSeconds() > 300) {
                throw new IllegalStateException("the writers at " + rate + " MiB/s did not finish within 300 s");
            }
            SystemStack.sleepSeconds(1);
        }
        Outcome outcome = new Outcome(rate, WRITTEN_MIB, dmeventd.side(), guarded.side());
        System.out.println("SnapshotRace: " + outcome);

        LabSystemTest.guest(guest, "lvremove", "-y", "-f", "vg0/" + byHand + "snap", "vg0/" + byHand);
        LabSystemTest.delete(api, snapshot);
        LabSystemTest.delete(api, origin);
        return outcome;
    }

    private String writer(String lv) {
        return "sh /tmp/writer.sh /dev/vg0/" + lv + " " + WRITTEN_MIB + " " + rate + " " + doneFile(lv) + " >/tmp/" + lv + ".writer.log 2>&1";
    }

    private static Path doneFile(String lv) {
        return Path.of("/tmp/" + lv + ".writer.done");
    }

    /** Markdown table of the outcomes, for docs/benchmarks.md. */
    static String table(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append("| writer | written | snapshot | start | end | max fill | 70 % → extended | final state |\n");
        out.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Outcome outcome : outcomes) {
            for (Side side : List.of(outcome.dmeventd(), outcome.guarded())) {
                out.append(String.format(Locale.ROOT, "| %d MiB/s | %d MiB | %s | %d MiB | %d MiB | %.1f %% | %s | %s |%n", outcome.rateMiBps(),
                        outcome.writtenMiB(), side == outcome.dmeventd() ? "dmeventd (70/20)" : "domstore guard", side.initialBytes() / MIB,
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

        void sample(double at, long sizeBytes, double percent, String attr) {
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
            valid = valid && attr.length() > 4 && attr.charAt(4) != 'I';
            trace.add(String.format(Locale.ROOT, "%.1fs:%dM/%.0f%%%s", at, sizeBytes / MIB, percent, valid ? "" : "/INVALID"));
        }

        Side side() {
            System.out.println("SnapshotRace: " + lv + " " + trace);
            return new Side(lv, valid, initialBytes, lastBytes, maxPercent,
                    thresholdAt == null || extendedAt == null ? null : extendedAt - thresholdAt);
        }
    }
}
