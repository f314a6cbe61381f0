package dev.domstore.guard.policy;

import java.util.Locale;

/** Sizes and durations for log lines: {@code 1.20 GiB (1288490189 B)}. */
public final class HumanSizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private HumanSizes() {
    }

    public static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
    }

    public static String rate(double bytesPerSecond) {
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    public static String seconds(Double seconds) {
        return seconds == null ? "never (not filling)" : String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
