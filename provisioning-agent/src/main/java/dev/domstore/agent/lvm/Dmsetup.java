package dev.domstore.agent.lvm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * device-mapper's view of a snapshot, for being told at once when it changes: {@code dmsetup wait
 * NAME N} blocks until the device's event counter passes N (a snapshot overflowing and becoming
 * invalid is such an event; so is a table reload, e.g. after lvextend). Argv builders and parsers
 * only; pure.
 */
public final class Dmsetup {
    private Dmsetup() {
    }

    /** The event counter alone: {@code dmsetup info -c --noheadings -o events NAME}. */
    public static List<String> eventNumber(String dmName) {
        return List.of("dmsetup", "info", "-c", "--noheadings", "-o", "events", dmName);
    }

    /** Blocks until the device's event counter is above {@code eventNumber}. */
    public static List<String> waitForEvent(String dmName, int eventNumber) {
        return List.of("dmsetup", "wait", dmName, Integer.toString(eventNumber));
    }

    /** The output of {@link #eventNumber}: the counter, padded with spaces. */
    public static OptionalInt parseEventNumber(String output) {
        String value = output.strip();
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** {@code dmsetup info NAME}: the {@code Event number:} line. */
    public static OptionalInt parseEventNumberFromInfo(String info) {
        for (String line : info.split("\n")) {
            if (line.startsWith("Event number:")) {
                return parseEventNumber(line.substring("Event number:".length()));
            }
        }
        return OptionalInt.empty();
    }

    /** {@code dmsetup info -c} (a table with a header line): each device's event counter by name. */
    public static Map<String, Integer> parseEventNumbersFromColumns(String table) {
        Map<String, Integer> events = new LinkedHashMap<>();
        String[] lines = table.split("\n");
        if (lines.length == 0) {
            return events;
        }
        List<String> header = List.of(lines[0].strip().split("\\s+"));
        int name = header.indexOf("Name");
        int event = header.indexOf("Event");
        if (name < 0 || event < 0) {
            return events;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].strip().split("\\s+");
            if (fields.length > Math.max(name, event)) {
                parseEventNumber(fields[event]).ifPresent(n -> events.put(fields[name], n));
            }
        }
        return events;
    }
}
