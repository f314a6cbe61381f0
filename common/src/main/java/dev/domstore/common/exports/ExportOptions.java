package dev.domstore.common.exports;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.domstore.common.validation.InvalidInputException;

/**
 * The option list of an exports(5) client spec: a whitelist, contradictions refused, exact
 * duplicates and synonyms folded into one spelling ({@code no_auth_nlm} → {@code insecure_locks},
 * {@code mp} → {@code mountpoint}, {@code fsid=root} → {@code fsid=0}), written in one fixed order.
 *
 * <p>Defaults: domstore writes {@code sync} when neither {@code sync} nor {@code async} is given,
 * and {@code no_subtree_check} when neither {@code subtree_check} nor {@code no_subtree_check} is:
 * exportfs warns about exactly these two when they are left out (see the host captures), and both
 * are nfs-utils' own defaults, so the meaning does not change. Everything else keeps the exports(5)
 * default, which is always the safe one: {@code ro}, {@code root_squash}, {@code no_all_squash},
 * {@code secure}, {@code wdelay}, {@code hide}, {@code sec=sys}.
 */
public final class ExportOptions {
    /** Groups of options that set the same thing; at most one member of each. The order is the order domstore writes them in. */
    private enum Slot {
        ACCESS, SYNC, ROOT_SQUASH, ALL_SQUASH, SUBTREE, SECURE, WDELAY, HIDE, CROSSMNT, LOCKS, ACL, PNFS, NORDIRPLUS,
        SECURITY_LABEL, MOUNTPOINT, FSID, ANONUID, ANONGID, SEC
    }

    private record Flag(Slot slot, String canonical) {
    }

    private record Parsed(Slot slot, String canonical) {
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();
    private static final Map<String, Slot> VALUED = new LinkedHashMap<>();
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "refer", "NFSv4 referrals",
            "replicas", "NFSv4 replica locations",
            "xprtsec", "transport-layer security");
    /** What exports(5) uses when a slot is not given. */
    private static final Map<Slot, String> DEFAULTS = new EnumMap<>(Slot.class);
    private static final Set<String> SEC_FLAVOURS = Set.of("sys", "krb5", "krb5i", "krb5p");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final Pattern UUID_DASHED = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern UUID_PLAIN = Pattern.compile("[0-9a-f]{32}");
    private static final long MAX_ID = 4294967294L;
    private static final long MAX_FSID = 4294967295L;

    static {
        flag(Slot.ACCESS, "ro", "rw");
        flag(Slot.SYNC, "sync", "async");
        flag(Slot.ROOT_SQUASH, "root_squash", "no_root_squash");
        flag(Slot.ALL_SQUASH, "all_squash", "no_all_squash");
        flag(Slot.SUBTREE, "subtree_check", "no_subtree_check");
        flag(Slot.SECURE, "secure", "insecure");
        flag(Slot.WDELAY, "wdelay", "no_wdelay");
        flag(Slot.HIDE, "hide", "nohide");
        flag(Slot.CROSSMNT, "crossmnt", "nocrossmnt");
        flag(Slot.LOCKS, "secure_locks", "insecure_locks");
        FLAGS.put("auth_nlm", new Flag(Slot.LOCKS, "secure_locks"));
        FLAGS.put("no_auth_nlm", new Flag(Slot.LOCKS, "insecure_locks"));
        flag(Slot.ACL, "acl", "no_acl");
        flag(Slot.PNFS, "pnfs", "no_pnfs");
        flag(Slot.NORDIRPLUS, "nordirplus");
        flag(Slot.SECURITY_LABEL, "security_label");
        flag(Slot.MOUNTPOINT, "mountpoint");
        FLAGS.put("mp", new Flag(Slot.MOUNTPOINT, "mountpoint"));
        VALUED.put("mountpoint", Slot.MOUNTPOINT);
        VALUED.put("mp", Slot.MOUNTPOINT);
        VALUED.put("fsid", Slot.FSID);
        VALUED.put("anonuid", Slot.ANONUID);
        VALUED.put("anongid", Slot.ANONGID);
        VALUED.put("sec", Slot.SEC);

        DEFAULTS.put(Slot.ACCESS, "ro");
        DEFAULTS.put(Slot.SYNC, "sync");
        DEFAULTS.put(Slot.ROOT_SQUASH, "root_squash");
        DEFAULTS.put(Slot.ALL_SQUASH, "no_all_squash");
        DEFAULTS.put(Slot.SUBTREE, "no_subtree_check");
        DEFAULTS.put(Slot.SECURE, "secure");
        DEFAULTS.put(Slot.WDELAY, "wdelay");
        DEFAULTS.put(Slot.HIDE, "hide");
        DEFAULTS.put(Slot.CROSSMNT, "nocrossmnt");
        DEFAULTS.put(Slot.LOCKS, "secure_locks");
        DEFAULTS.put(Slot.ACL, "acl");
        DEFAULTS.put(Slot.PNFS, "no_pnfs");
        DEFAULTS.put(Slot.ANONUID, "anonuid=65534");
        DEFAULTS.put(Slot.ANONGID, "anongid=65534");
        DEFAULTS.put(Slot.SEC, "sec=sys");
    }

    /** Every option name domstore accepts, for messages and documentation. */
    public static final List<String> ACCEPTED = List.of("ro", "rw", "sync", "async", "root_squash", "no_root_squash",
            "all_squash", "no_all_squash", "subtree_check", "no_subtree_check", "secure", "insecure", "wdelay", "no_wdelay",
            "hide", "nohide", "crossmnt", "nocrossmnt", "secure_locks", "insecure_locks", "auth_nlm", "no_auth_nlm", "acl",
            "no_acl", "pnfs", "no_pnfs", "nordirplus", "security_label", "mountpoint[=path]", "mp[=path]",
            "fsid=N|root|uuid", "anonuid=N", "anongid=N", "sec=flavour[:flavour…] (sys, krb5, krb5i, krb5p)");

    private ExportOptions() {
    }

    private static void flag(Slot slot, String... names) {
        for (String name : names) {
            FLAGS.put(name, new Flag(slot, name));
        }
    }

    /** Splits the text between the parentheses of a client spec ({@code rw,sync}) into options; whitespace and empty options are refused. */
    public static List<String> split(String field, String list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        if (list.chars().anyMatch(Character::isWhitespace)) {
            String joined = list.replaceAll("\\s+", "");
            throw invalid(field, "The option list '(" + list + ")' contains whitespace. exports(5) permits none inside a "
                    + "client spec: exportfs would end the spec at the space and read the rest as another client. Write ("
                    + joined + ").");
        }
        List<String> options = new ArrayList<>();
        for (String option : list.split(",", -1)) {
            if (option.isEmpty()) {
                throw invalid(field, "The option list '(" + list + ")' has an empty option (two commas in a row, or one at "
                        + "either end): separate options with single commas, as in (rw,sync).");
            }
            options.add(option);
        }
        return options;
    }

    /**
     * The options validated and in domstore's one form: accepted names only, contradictions refused
     * (rw/ro, sync/async, …, two different values for fsid, anonuid, anongid, sec or mountpoint),
     * duplicates and synonyms folded, {@code sync} and {@code no_subtree_check} added when their pair
     * is absent, in a fixed order.
     */
    public static List<String> canonical(String field, List<String> options) {
        Map<Slot, Parsed> bySlot = new EnumMap<>(Slot.class);
        Map<Slot, String> written = new EnumMap<>(Slot.class);
        for (String option : options == null ? List.<String>of() : options) {
            if (option == null) {
                throw invalid(field, "An option is missing (null): give each option as text, such as rw.");
            }
            Parsed parsed = parse(field, option);
            Parsed earlier = bySlot.get(parsed.slot());
            if (earlier == null) {
                bySlot.put(parsed.slot(), parsed);
                written.put(parsed.slot(), option);
            } else if (!earlier.canonical().equals(parsed.canonical())) {
                String first = written.get(parsed.slot());
                throw invalid(field, first.contains("=") || option.contains("=")
                        ? "Options '" + first + "' and '" + option + "' set " + parsed.slot().name().toLowerCase(Locale.ROOT)
                                + " twice with different values: give it once."
                        : "Options '" + first + "' and '" + option + "' contradict each other: keep the one you mean.");
            }
        }
        if (has(bySlot, Slot.ALL_SQUASH, "all_squash") && has(bySlot, Slot.ROOT_SQUASH, "no_root_squash")) {
            throw invalid(field, "Options 'all_squash' and 'no_root_squash' contradict each other: all_squash maps every user, "
                    + "root included, to the anonymous user. Keep the one you mean.");
        }
        bySlot.putIfAbsent(Slot.SYNC, new Parsed(Slot.SYNC, "sync"));
        bySlot.putIfAbsent(Slot.SUBTREE, new Parsed(Slot.SUBTREE, "no_subtree_check"));
        return bySlot.values().stream().map(Parsed::canonical).toList();
    }

    /**
     * Every setting of a canonical option list, exports(5) defaults filled in, in domstore's order:
     * what the export means, to compare with what exportfs reports ({@link #effectiveAsReported}).
     */
    public static List<String> effective(List<String> canonicalOptions) {
        Map<Slot, String> bySlot = new EnumMap<>(Slot.class);
        for (String option : canonicalOptions) {
            Parsed parsed = parse("options", option);
            bySlot.put(parsed.slot(), parsed.canonical());
        }
        DEFAULTS.forEach(bySlot::putIfAbsent);
        return List.copyOf(bySlot.values());
    }

    /**
     * The options that {@code exportfs -v} or {@code /var/lib/nfs/etab} show for a client, in the
     * form of {@link #effective}. Tolerant: a later value of a slot wins (etab repeats the per-flavour
     * options after {@code sec=}), and options domstore does not know are kept, sorted, at the end.
     * exportfs prints {@code no_subtree_check} only when it is set, so its absence means {@code subtree_check}.
     */
    public static List<String> effectiveAsReported(List<String> reported) {
        Map<Slot, String> bySlot = new EnumMap<>(Slot.class);
        Set<String> unknown = new TreeSet<>();
        for (String option : reported) {
            try {
                Parsed parsed = parse("options", option);
                bySlot.put(parsed.slot(), parsed.canonical());
            } catch (InvalidInputException notOurs) {
                unknown.add(option);
            }
        }
        bySlot.putIfAbsent(Slot.SUBTREE, "subtree_check");
        DEFAULTS.forEach(bySlot::putIfAbsent);
        List<String> effective = new ArrayList<>(bySlot.values());
        effective.addAll(unknown);
        return List.copyOf(effective);
    }

    /** Whether a canonical option list lets the client write. */
    public static boolean grantsReadWrite(List<String> options) {
        return options.contains("rw");
    }

    /**
     * Whether a canonical option list gives the client's root user root on the exported files:
     * {@code no_root_squash}, or {@code anonuid=0} (squashed users, root among them, become uid 0).
     */
    public static boolean grantsRootAccess(List<String> options) {
        return options.contains("no_root_squash") || options.contains("anonuid=0");
    }

    /** The {@code fsid} value of a canonical option list, if it has one. */
    public static Optional<String> fsid(List<String> options) {
        return options.stream().filter(option -> option.startsWith("fsid=")).map(option -> option.substring(5)).findFirst();
    }

    private static boolean has(Map<Slot, Parsed> bySlot, Slot slot, String canonical) {
        Parsed parsed = bySlot.get(slot);
        return parsed != null && parsed.canonical().equals(canonical);
    }

    private static Parsed parse(String field, String option) {
        int equals = option.indexOf('=');
        String name = equals < 0 ? option : option.substring(0, equals);
        if (UNSUPPORTED.containsKey(name)) {
            throw invalid(field, "Option '" + option + "' (" + UNSUPPORTED.get(name) + ") is not one domstore manages: "
                    + "leave it out, or export that directory outside domstore.");
        }
        if (equals < 0) {
            Flag flag = FLAGS.get(option);
            if (flag != null) {
                return new Parsed(flag.slot(), flag.canonical());
            }
            if (VALUED.containsKey(option)) {
                throw invalid(field, "Option '" + option + "' needs a value, as in " + example(option) + ".");
            }
            throw unknown(field, option);
        }
        Slot slot = VALUED.get(name);
        if (slot == null) {
            if (FLAGS.containsKey(name)) {
                throw invalid(field, "Option '" + name + "' takes no value: write it alone, without '" + option.substring(equals) + "'.");
            }
            throw unknown(field, option);
        }
        String value = option.substring(equals + 1);
        return new Parsed(slot, switch (slot) {
            case FSID -> "fsid=" + fsid(field, value);
            case ANONUID, ANONGID -> name + "=" + id(field, name, value);
            case SEC -> "sec=" + flavours(field, value);
            case MOUNTPOINT -> "mountpoint=" + ExportPaths.requireExportPath(field, value);
            default -> throw new IllegalStateException(slot.name());
        });
    }

    private static String fsid(String field, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("root")) {
            return "0";
        }
        if (DECIMAL.matcher(value).matches() && Long.parseLong(value) <= MAX_FSID) {
            return value;
        }
        if (UUID_DASHED.matcher(lower).matches()) {
            return lower;
        }
        if (UUID_PLAIN.matcher(lower).matches()) {
            return lower.substring(0, 8) + "-" + lower.substring(8, 12) + "-" + lower.substring(12, 16) + "-"
                    + lower.substring(16, 20) + "-" + lower.substring(20);
        }
        throw invalid(field, "'fsid=" + value + "' is not a valid fsid: give root (or 0) for the NFSv4 root, a whole number "
                + "from 1 to " + MAX_FSID + " without leading zeros, or a UUID such as 6f1c2b9e-4d0a-4a53-9a57-3b8f7c1d2e01.");
    }

    private static String id(String field, String name, String value) {
        if (!DECIMAL.matcher(value).matches() || Long.parseLong(value) > MAX_ID) {
            throw invalid(field, "'" + name + "=" + value + "' is not a valid id: give a whole number from 0 to " + MAX_ID
                    + " without leading zeros; the usual anonymous user is nobody, 65534 (not -2).");
        }
        return value;
    }

    private static String flavours(String field, String value) {
        List<String> flavours = new ArrayList<>();
        for (String flavour : value.split(":", -1)) {
            if (!SEC_FLAVOURS.contains(flavour)) {
                throw invalid(field, "'sec=" + value + "': '" + flavour + "' is not a security flavour domstore accepts. Use sys, "
                        + "krb5, krb5i or krb5p, several separated by ':' in order of preference, as in sec=krb5p:krb5.");
            }
            if (flavours.contains(flavour)) {
                throw invalid(field, "'sec=" + value + "' names '" + flavour + "' twice: give each flavour once.");
            }
            flavours.add(flavour);
        }
        return String.join(":", flavours);
    }

    private static String example(String name) {
        return switch (name) {
            case "fsid" -> "fsid=root, fsid=1 or fsid=<uuid>";
            case "anonuid", "anongid" -> name + "=65534";
            case "sec" -> "sec=sys or sec=krb5p:krb5";
            default -> name + "=/path";
        };
    }

    private static InvalidInputException unknown(String field, String option) {
        String lower = option.toLowerCase(Locale.ROOT);
        String name = lower.contains("=") ? lower.substring(0, lower.indexOf('=')) : lower;
        String best = null;
        int bestDistance = 3;
        for (String candidate : FLAGS.keySet()) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        for (String candidate : VALUED.keySet()) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate + (lower.contains("=") ? lower.substring(lower.indexOf('=')) : "=…");
                bestDistance = distance;
            }
        }
        return invalid(field, "Unknown export option '" + option + "'" + (best == null ? "" : " (did you mean '" + best + "'?)")
                + ". domstore accepts: " + String.join(", ", ACCEPTED) + ".");
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
