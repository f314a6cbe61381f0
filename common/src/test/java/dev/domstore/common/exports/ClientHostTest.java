package dev.domstore.common.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.domstore.common.validation.InvalidInputException;

/** Every machine-name form of exports(5), its canonical spelling and whether it reaches many hosts. */
class ClientHostTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "vm1|HOST_NAME|vm1|false",
            "VM1.Example.com|HOST_NAME|vm1.example.com|false",
            "a-b.c-d.example|HOST_NAME|a-b.c-d.example|false",
            "1.2.3.4|IPV4_ADDRESS|1.2.3.4|false",
            "0.0.0.0|IPV4_ADDRESS|0.0.0.0|false",
            "255.255.255.255|IPV4_ADDRESS|255.255.255.255|false",
            "2001:db8::1|IPV6_ADDRESS|2001:db8::1|false",
            "2001:0DB8:0000:0000:0000:0000:0000:0001|IPV6_ADDRESS|2001:db8::1|false",
            "::1|IPV6_ADDRESS|::1|false",
            "::|IPV6_ADDRESS|::|false",
            "1::|IPV6_ADDRESS|1::|false",
            "2001:db8:0:0:1:0:0:1|IPV6_ADDRESS|2001:db8::1:0:0:1|false",
            "2001:db8:0:1:1:1:1:1|IPV6_ADDRESS|2001:db8:0:1:1:1:1:1|false",
            "1:2:3:4:5:6:7::|IPV6_ADDRESS|1:2:3:4:5:6:7:0|false",
            "::ffff:192.0.2.1|IPV6_ADDRESS|::ffff:192.0.2.1|false",
            "0:0:0:0:0:ffff:c000:0201|IPV6_ADDRESS|::ffff:192.0.2.1|false",
            "1:2:3:4:5:6:1.2.3.4|IPV6_ADDRESS|1:2:3:4:5:6:102:304|false",
            "1.2.3.0/24|IPV4_NETWORK|1.2.3.0/24|true",
            "1.2.3.4/24|IPV4_NETWORK|1.2.3.4/24|true",
            "1.2.3.0/255.255.255.0|IPV4_NETWORK|1.2.3.0/24|true",
            "10.0.0.0/255.0.0.0|IPV4_NETWORK|10.0.0.0/8|true",
            "0.0.0.0/0.0.0.0|IPV4_NETWORK|0.0.0.0/0|true",
            "1.2.3.4/32|IPV4_NETWORK|1.2.3.4/32|false",
            "1.2.3.4/31|IPV4_NETWORK|1.2.3.4/31|true",
            "2001:db8::/32|IPV6_NETWORK|2001:db8::/32|true",
            "2001:DB8::1/128|IPV6_NETWORK|2001:db8::1/128|false",
            "::/0|IPV6_NETWORK|::/0|true",
            "*.example.com|WILDCARD|*.example.com|true",
            "host?|WILDCARD|host?|true",
            "vm[0-9]|WILDCARD|vm[0-9]|true",
            "VM[a-c]?.Lab|WILDCARD|vm[a-c]?.lab|true",
            "@trusted|NETGROUP|@trusted|true",
            "@Mixed_Case.group-1|NETGROUP|@Mixed_Case.group-1|true",
            "*|WORLD|*|true"})
    void parsesEveryForm(String text, ClientType type, String canonical, boolean manyHosts) {
        ClientHost host = ClientHost.parse("clients[0]", text);

        assertEquals(type, host.type());
        assertEquals(canonical, host.text());
        assertEquals(manyHosts, host.manyHosts());
        assertEquals(host, ClientHost.parse("clients[0]", canonical), "the canonical form reads back as itself");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"255.0.255.0", "255.255.255.1", "0.255.255.255", "255.255.254.255", "128.0.0.1", "254.0.0.0.0"})
    void refusesNetmasksThatAreNotContiguousOrNotAddresses(String netmask) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClientHost.parse("clients[2]", "10.0.0.0/" + netmask));

        assertEquals("clients[2]", e.field());
        assertEquals(InvalidInputException.Kind.FIELD, e.kind());
    }

    @Test
    void everyContiguousNetmaskIsItsPrefixLength() {
        for (int prefix = 0; prefix <= 32; prefix++) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            String dotted = (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
            assertEquals("10.0.0.0/" + prefix, ClientHost.parse("c", "10.0.0.0/" + dotted).text(), dotted);
        }
    }

    @Test
    void theSameHostsSpeltDifferentlyAreRecognised() {
        assertTrue(ClientHost.parse("c", "1.2.3.4").sameHostsAs(ClientHost.parse("c", "1.2.3.4/32")));
        assertTrue(ClientHost.parse("c", "1.2.3.0/24").sameHostsAs(ClientHost.parse("c", "1.2.3.77/255.255.255.0")));
        assertTrue(ClientHost.parse("c", "2001:db8::1").sameHostsAs(ClientHost.parse("c", "2001:DB8:0::1/128")));
        assertTrue(ClientHost.parse("c", "2001:db8::/32").sameHostsAs(ClientHost.parse("c", "2001:db8:ffff::/32")));
        assertFalse(ClientHost.parse("c", "1.2.3.0/24").sameHostsAs(ClientHost.parse("c", "1.2.3.0/25")));
        assertFalse(ClientHost.parse("c", "vm1").sameHostsAs(ClientHost.parse("c", "vm1.example.com")));
        assertFalse(ClientHost.parse("c", "*").sameHostsAs(ClientHost.parse("c", "*.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", " vm1", "vm 1", "<world>", "vm_1", "vm1.", ".vm1", "-vm1", "vm1-", "vm1..x", "1.2.3", "1.2.3.4.5",
            "256.1.1.1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/1.2.3", "1.2.3.4/", "/24", "[::1]", "fe80::1%eth0",
            "::1::", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::g", "::1/129", "::1/64/1", "::1/ffff::",
            "1.2.3.*", "10.*.*.*", "*.1.2", "vm[", "vm]", "vm[]", "vm[!a]", "@", "@bad/group", "@-x", "vm1(rw)", "vm1$",
            "1.2.3.4:80", "::ffff:1.2.3"})
    void refusesWhatIsNoClientForm(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClientHost.parse("clients[0]", text));

        assertEquals("clients[0]", e.field());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void saysWhomASpecReaches() {
        assertEquals("the 256 addresses of network 10.0.0.0/24", ClientHost.parse("c", "10.0.0.0/24").reach());
        assertEquals("the single host vm1", ClientHost.parse("c", "vm1").reach());
        assertEquals("every machine that can reach the server (*)", ClientHost.parse("c", "*").reach());
    }
}
