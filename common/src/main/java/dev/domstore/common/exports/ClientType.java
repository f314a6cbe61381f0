package dev.domstore.common.exports;

/** The machine-name forms of exports(5) that domstore accepts. */
public enum ClientType {
    /** A single host by name, as the resolver knows it: {@code vm1}, {@code vm1.example.com}. */
    HOST_NAME,
    /** A single host by IPv4 address: {@code 1.2.3.4}. */
    IPV4_ADDRESS,
    /** A single host by IPv6 address, without brackets: {@code 2001:db8::1}. */
    IPV6_ADDRESS,
    /** An IPv4 network by prefix length or contiguous netmask: {@code 1.2.3.0/24}; {@code /32} is one host. */
    IPV4_NETWORK,
    /** An IPv6 network by prefix length: {@code 2001:db8::/32}; {@code /128} is one host. */
    IPV6_NETWORK,
    /** Host names with {@code *}, {@code ?} or a {@code [class]}: {@code *.example.com}, {@code host?}. */
    WILDCARD,
    /** An NIS netgroup: {@code @trusted}. */
    NETGROUP,
    /** Every client that can reach the server: {@code *} (exportfs -v shows {@code <world>}). */
    WORLD
}
