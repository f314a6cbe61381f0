package dev.domstore.agent.lvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostOperationException;

/**
 * Reads the JSON reports of {@code lvs}, {@code vgs} and {@code pvs} run with
 * {@code --reportformat json --units b --nosuffix}: {@code {"report":[{"lv":[{"lv_name":"data", …}]}]}},
 * every value a string, sizes in bytes, empty strings for "none". Fields the query did not ask
 * for are treated as empty. Pure: tested against real captured output.
 */
public final class LvmReports {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** lv_snapshot_invalid's value for an overflowed snapshot ("unknown" or "" otherwise). */
    private static final String SNAPSHOT_INVALID = "snapshot invalid";

    private LvmReports() {
    }

    public static List<LogicalVolumeInfo> parseLogicalVolumes(String json) {
        return rows(json, "lv", row -> {
            String attr = text(row, "lv_attr");
            String percent = text(row, "data_percent").isEmpty() ? text(row, "snap_percent") : text(row, "data_percent");
            boolean classicSnapshot = !attr.isEmpty() && (attr.charAt(0) == 's' || attr.charAt(0) == 'S');
            boolean invalid = SNAPSHOT_INVALID.equals(text(row, "lv_snapshot_invalid").toLowerCase(Locale.ROOT))
                    || (classicSnapshot && attr.length() > 4 && attr.charAt(4) == 'I');
            String tags = text(row, "lv_tags");
            return new LogicalVolumeInfo(emptyToNull(text(row, "vg_name")), text(row, "lv_name"), attr, bytes(row, "lv_size"),
                    text(row, "origin"), optionalBytes(row, "origin_size"), percent.isEmpty() ? null : Double.valueOf(percent), invalid,
                    tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")));
        });
    }

    public static List<VolumeGroupInfo> parseVolumeGroups(String json) {
        return rows(json, "vg", LvmReports::volumeGroup);
    }

    /** The VG of an {@code lvs} report that carries {@link LvmCommands#VG_SPACE_FIELDS}; empty when it has no rows. */
    public static Optional<VolumeGroupInfo> parseVolumeGroupOfLogicalVolumes(String json) {
        return rows(json, "lv", LvmReports::volumeGroup).stream().findFirst();
    }

    private static VolumeGroupInfo volumeGroup(JsonNode row) {
        return new VolumeGroupInfo(text(row, "vg_name"), bytes(row, "vg_size"), bytes(row, "vg_free"), bytes(row, "vg_extent_size"));
    }

    public static List<PhysicalVolumeInfo> parsePhysicalVolumes(String json) {
        return rows(json, "pv", row -> new PhysicalVolumeInfo(text(row, "pv_name"), text(row, "vg_name"), bytes(row, "pv_size"),
                bytes(row, "pv_free")));
    }

    private static <T> List<T> rows(String json, String kind, Function<JsonNode, T> parse) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw unreadable(kind, json, e);
        }
        JsonNode reports = root == null ? null : root.get("report");
        if (reports == null || !reports.isArray()) {
            throw unreadable(kind, json, null);
        }
        List<T> rows = new ArrayList<>();
        for (JsonNode report : reports) {
            JsonNode entries = report.get(kind);
            if (entries == null) {
                continue;
            }
            for (JsonNode row : entries) {
                try {
                    rows.add(parse.apply(row));
                } catch (NumberFormatException e) {
                    throw unreadable(kind, row.toString(), e);
                }
            }
        }
        return rows;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? "" : value.asText().strip();
    }

    private static long bytes(JsonNode row, String field) {
        String value = text(row, field);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static Long optionalBytes(JsonNode row, String field) {
        String value = text(row, field);
        return value.isEmpty() ? null : Long.valueOf(value);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static HostOperationException unreadable(String kind, String json, Exception cause) {
        return new HostOperationException(FailureReason.INTERNAL, "Unexpected " + kind + " report from LVM (expected "
                + "--reportformat json with sizes in bytes): " + json.strip(), cause);
    }
}
