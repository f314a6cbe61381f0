package dev.domstore.common.exports;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.domstore.common.validation.InvalidInputException;

/**
 * The machine-name part of an exports(5) client spec, validated and in domstore's one spelling:
 * host names and wildcards in lower case, IPv4 networks with a prefix length (a contiguous netmask
 * such as {@code /255.255.255.0} becomes {@code /24}), IPv6 addresses in RFC 5952 form.
 * A network keeps the address it was written with ({@code 1.2.3.4/24} stays so; exportfs applies
 * the mask when it matches clients).
 */
public final class ClientHost {
    /** exportfs -v's name for a client spec of {@code *} (and for an entry with no client at all). */
    public static final String WORLD_AS_EXPORTFS_SHOWS_IT = "<world>";

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern WILDCARD_LABEL = Pattern.compile("([a-z0-9*?-]|\\[[a-z0-9]([a-z0-9-]*[a-z0-9])?\\])+");
    private static final Pattern WILDCARD_ON_ADDRESS = Pattern.compile("[0-9.*?\\[\\]-]+");
    private static final Pattern NETGROUP = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9.*?\\[\\]@/:_-]+");
    private static final int NAME_MAX = 253;

    private final ClientType type;
    private final String text;
    private final int prefixLength;
    private final String sameHostsKey;

    private ClientHost(ClientType type, String text, int prefixLength, String sameHostsKey) {
        this.type = type;
        this.text = text;
        this.prefixLength = prefixLength;
        this.sameHostsKey = sameHostsKey;
    }

    /** Parses the machine-name part of a client spec (no option list); {@code field} names it in errors. */
    public static ClientHost parse(String field, String host) {
        if (host == null || host.isEmpty()) {
            throw invalid(field, "The client is missing: exports(5) would export to the whole world. Name the clients, such as "
                    + "1.2.3.4, vm1.example.com, 10.0.0.0/24 or @netgroup, or write * if the whole world is really meant.");
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(field, "Client '" + host + "' contains whitespace: give one client per entry, with no spaces.");
        }
        if (host.equals("*")) {
            return new ClientHost(ClientType.WORLD, "*", 0, "world");
        }
        if (host.equals(WORLD_AS_EXPORTFS_SHOWS_IT)) {
            throw invalid(field, "'" + host + "' is how exportfs -v shows the world; write * instead.");
        }
        if (host.startsWith("@")) {
            return netgroup(field, host);
        }
        if (host.startsWith("[") && host.contains(":")) {
            String bare = host.replace("[", "").replace("]", "");
            throw invalid(field, "IPv6 address '" + host + "' is in square brackets: in /etc/exports brackets are a wildcard "
                    + "character class, so write it without them, as " + bare + ".");
        }
        if (host.contains("%") && host.contains(":")) {
            throw invalid(field, "IPv6 address '" + host + "' has a zone id ('%…'), which exports(5) does not take: leave it out.");
        }
        if (!ALLOWED.matcher(host).matches()) {
            char bad = host.chars().filter(c -> !ALLOWED.matcher(String.valueOf((char) c)).matches()).mapToObj(c -> (char) c)
                    .findFirst().orElse('?');
            throw invalid(field, "Client '" + host + "' contains '" + printable(bad) + "', which no exports(5) client form allows. "
                    + "Use a host name, an IP address, a network (10.0.0.0/24), a wildcard (*.example.com) or a netgroup (@group).");
        }
        if (host.contains("/")) {
            return network(field, host);
        }
        if (host.contains(":")) {
            byte[] address = Ipv6.parse(field, host);
            return new ClientHost(ClientType.IPV6_ADDRESS, Ipv6.format(address), 128, "6/" + hex(address) + "/128");
        }
        if (host.contains("*") || host.contains("?") || host.contains("[") || host.contains("]")) {
            return wildcard(field, host);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            int address = ipv4(field, host, "address");
            return new ClientHost(ClientType.IPV4_ADDRESS, host, 32, "4/" + Integer.toHexString(address) + "/32");
        }
        return hostName(field, host);
    }

    public ClientType type() {
        return type;
    }

    /** The canonical spelling, as domstore writes it into the exports file. */
    public String text() {
        return text;
    }

    /** True when the spec can match more than one machine: the world, a wildcard, a netgroup, a network wider than one address. */
    public boolean manyHosts() {
        return switch (type) {
            case HOST_NAME, IPV4_ADDRESS, IPV6_ADDRESS -> false;
            case IPV4_NETWORK -> prefixLength < 32;
            case IPV6_NETWORK -> prefixLength < 128;
            case WILDCARD, NETGROUP, WORLD -> true;
        };
    }

    /** Whether this spec and {@code other} select the same machines however they are spelt ({@code 1.2.3.4} and {@code 1.2.3.4/32}, {@code 1.2.3.0/24} and {@code 1.2.3.9/255.255.255.0}). */
    public boolean sameHostsAs(ClientHost other) {
        return sameHostsKey.equals(other.sameHostsKey);
    }

    /** A phrase saying whom the spec reaches, for messages. */
    public String reach() {
        return switch (type) {
            case WORLD -> "every machine that can reach the server (*)";
            case WILDCARD -> "every host whose name matches " + text;
            case NETGROUP -> "every host in netgroup " + text;
            case IPV4_NETWORK -> "the " + addresses(32 - prefixLength) + " addresses of network " + text;
            case IPV6_NETWORK -> "the " + addresses(128 - prefixLength) + " addresses of network " + text;
            case HOST_NAME, IPV4_ADDRESS, IPV6_ADDRESS -> "the single host " + text;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHost other && other.type == type && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static ClientHost netgroup(String field, String host) {
        String name = host.substring(1);
        if (!NETGROUP.matcher(name).matches()) {
            throw invalid(field, "'" + host + "' is not a netgroup: write @ followed by 1 to 64 letters, digits and _ . -, "
                    + "starting with a letter, digit or _, for example @trusted.");
        }
        return new ClientHost(ClientType.NETGROUP, host, -1, "netgroup/" + name);
    }

    private static ClientHost network(String field, String host) {
        int slash = host.indexOf('/');
        if (slash != host.lastIndexOf('/')) {
            throw invalid(field, "'" + host + "' has more than one '/': write a network as address/prefix, for example 10.0.0.0/24.");
        }
        String address = host.substring(0, slash);
        String mask = host.substring(slash + 1);
        if (address.contains("*") || address.contains("?") || address.contains("[")) {
            throw invalid(field, "'" + host + "' mixes a wildcard with a network: write the network as address/prefix, for example 10.0.0.0/24.");
        }
        if (address.contains(":")) {
            byte[] bytes = Ipv6.parse(field, address);
            if (!DECIMAL.matcher(mask).matches() || Integer.parseInt(mask) > 128) {
                throw invalid(field, "'" + host + "': an IPv6 network takes a prefix length from 0 to 128 (exports(5) has no "
                        + "IPv6 netmask form), for example 2001:db8::/32.");
            }
            int prefix = Integer.parseInt(mask);
            return new ClientHost(ClientType.IPV6_NETWORK, Ipv6.format(bytes) + "/" + prefix, prefix,
                    "6/" + hex(Ipv6.masked(bytes, prefix)) + "/" + prefix);
        }
        if (!DIGITS_AND_DOTS.matcher(address).matches()) {
            throw invalid(field, "'" + host + "' is not a network: the part before '/' must be an IPv4 or IPv6 address, "
                    + "for example 10.0.0.0/24 or 2001:db8::/32.");
        }
        int base = ipv4(field, address, "network address");
        int prefix;
        if (mask.contains(".")) {
            int netmask = ipv4(field, mask, "netmask");
            prefix = Integer.bitCount(netmask);
            if (netmask != prefixMask(prefix)) {
                throw invalid(field, "Netmask '" + mask + "' in '" + host + "' is not contiguous (its one bits must all come first, "
                        + "as in 255.255.252.0); write the network with a prefix length instead, for example " + address + "/24.");
            }
        } else {
            if (!DECIMAL.matcher(mask).matches() || Integer.parseInt(mask) > 32) {
                throw invalid(field, "'" + host + "': the prefix length of an IPv4 network must be a whole number from 0 to 32 "
                        + "(or a contiguous netmask such as 255.255.255.0), for example " + address + "/24.");
            }
            prefix = Integer.parseInt(mask);
        }
        return new ClientHost(ClientType.IPV4_NETWORK, address + "/" + prefix, prefix,
                "4/" + Integer.toHexString(base & prefixMask(prefix)) + "/" + prefix);
    }

    private static ClientHost wildcard(String field, String host) {
        String pattern = host.toLowerCase(Locale.ROOT);
        if (WILDCARD_ON_ADDRESS.matcher(pattern).matches() && pattern.chars().anyMatch(Character::isDigit)) {
            throw invalid(field, "'" + host + "': wildcards do not work on IP addresses (exportfs matches them against host "
                    + "names); write a network instead, for example 192.168.1.0/24.");
        }
        if (pattern.length() > NAME_MAX) {
            throw invalid(field, "Wildcard '" + host + "' is longer than the " + NAME_MAX + " characters of a host name.");
        }
        for (String label : pattern.split("\\.", -1)) {
            if (label.isEmpty() || label.startsWith("-") || !WILDCARD_LABEL.matcher(label).matches()) {
                throw invalid(field, "'" + host + "' is not a valid wildcard: use host-name labels (letters, digits, '-') with "
                        + "* ? or a [class] such as [0-9], separated by single dots, for example *.example.com or vm[0-9].");
            }
        }
        return new ClientHost(ClientType.WILDCARD, pattern, -1, "wildcard/" + pattern);
    }

    private static ClientHost hostName(String field, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.contains("_")) {
            throw invalid(field, "Host name '" + host + "' contains '_', which host names may not (RFC 1123): use '-'.");
        }
        if (name.endsWith(".")) {
            throw invalid(field, "Host name '" + host + "' ends with a dot: write it without, as " + name.substring(0, name.length() - 1) + ".");
        }
        if (name.length() > NAME_MAX) {
            throw invalid(field, "Host name '" + host + "' is longer than " + NAME_MAX + " characters.");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(field, "'" + host + "' is not a valid host name: labels of 1 to 63 letters, digits and '-', not "
                        + "starting or ending with '-', separated by single dots, for example vm1 or vm1.example.com.");
            }
        }
        return new ClientHost(ClientType.HOST_NAME, name, -1, "name/" + name);
    }

    /** A strict dotted quad: four decimal parts, no leading zeros (inet_aton would read 010 as octal 8 and 10.1 as 10.0.0.1). */
    static int ipv4(String field, String text, String what) {
        if (!IPV4.matcher(text).matches()) {
            throw invalid(field, "'" + text + "' is not a valid IPv4 " + what + ": write four decimal numbers from 0 to 255 "
                    + "separated by dots, without leading zeros, for example 192.168.1.0 (exportfs would read a short form "
                    + "such as 10.1 as 10.0.0.1, and 010 as octal 8).");
        }
        int value = 0;
        for (String part : text.split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw invalid(field, "'" + text + "' is not a valid IPv4 " + what + ": " + octet + " is larger than 255.");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static int prefixMask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String addresses(int hostBits) {
        return hostBits <= 62 ? Long.toString(1L << hostBits) : BigInteger.ONE.shiftLeft(hostBits).toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }

    /** IPv6 text forms of RFC 4291 section 2.2 in, RFC 5952 canonical form out. No zone ids, no brackets. */
    static final class Ipv6 {
        private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

        private Ipv6() {
        }

        static byte[] parse(String field, String text) {
            if (text.contains("%")) {
                throw invalid(field, "IPv6 address '" + text + "' has a zone id ('%…'), which exports(5) does not take: leave it out.");
            }
            String problem = "'" + text + "' is not a valid IPv6 address: write eight groups of 1 to 4 hex digits separated by ':', "
                    + "with at most one '::' for a run of zero groups, for example 2001:db8::1.";
            int doubleColon = text.indexOf("::");
            if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
                throw invalid(field, problem);
            }
            String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
            String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
            java.util.List<Integer> headGroups = new java.util.ArrayList<>();
            java.util.List<Integer> tailGroups = new java.util.ArrayList<>();
            groups(field, head, headGroups, doubleColon < 0, problem);
            if (doubleColon >= 0) {
                groups(field, tail, tailGroups, true, problem);
            }
            int total = headGroups.size() + tailGroups.size();
            if (doubleColon >= 0 ? total > 7 : total != 8) {
                throw invalid(field, problem);
            }
            byte[] bytes = new byte[16];
            int index = 0;
            for (int group : headGroups) {
                bytes[index++] = (byte) (group >> 8);
                bytes[index++] = (byte) group;
            }
            index = 16 - 2 * tailGroups.size();
            for (int group : tailGroups) {
                bytes[index++] = (byte) (group >> 8);
                bytes[index++] = (byte) group;
            }
            return bytes;
        }

        /** Adds the 16-bit groups of {@code part} to {@code out}; an IPv4 dotted quad may end the address. Returns whether one did. */
        private static boolean groups(String field, String part, java.util.List<Integer> out, boolean mayEndWithIpv4, String problem) {
            if (part.isEmpty()) {
                return false;
            }
            String[] pieces = part.split(":", -1);
            for (int i = 0; i < pieces.length; i++) {
                String piece = pieces[i];
                if (i == pieces.length - 1 && mayEndWithIpv4 && piece.contains(".")) {
                    int v4 = ipv4(field, piece, "part of an IPv6 address");
                    out.add(v4 >>> 16);
                    out.add(v4 & 0xffff);
                    return true;
                }
                if (!GROUP.matcher(piece).matches()) {
                    throw invalid(field, problem);
                }
                out.add(Integer.parseInt(piece, 16));
            }
            return false;
        }

        static byte[] masked(byte[] address, int prefix) {
            byte[] out = address.clone();
            for (int bit = prefix; bit < 128; bit++) {
                out[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            }
            return out;
        }

        /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as '::' (the first on a tie), IPv4-mapped tails dotted. */
        static String format(byte[] bytes) {
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
            }
            boolean mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                    && groups[5] == 0xffff;
            int last = mapped ? 6 : 8;
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < last; ) {
                if (groups[i] != 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < last && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < last; i++) {
                if (i == bestStart) {
                    out.append(i == 0 ? "::" : ":");
                    i += bestLength - 1;
                    continue;
                }
                out.append(Integer.toHexString(groups[i]));
                if (i < last - 1) {
                    out.append(':');
                }
            }
            if (mapped) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                    out.append(':');
                }
                out.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
                        .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
            }
            return out.toString();
        }
    }
}
