package dev.domstore.common.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.domstore.common.validation.InvalidInputException;

/** Whole exports(5) lines: what domstore accepts and writes, and what it refuses with which explanation. */
class ExportLineTest {

    static Stream<Arguments> goodLines() {
        return Stream.of(
                // The manual's line without its mistake, forced because a /24 gets no_root_squash.
                Arguments.of("/export/vm1root 1.2.3.4/24(rw,sync,no_root_squash)", true,
                        "/export/vm1root 1.2.3.4/24(rw,sync,no_root_squash,no_subtree_check)"),
                // The two lines of the good capture (exports-01-good.txt).
                Arguments.of("/export/x 127.0.0.1(rw,sync,no_subtree_check,no_root_squash) 10.0.2.0/24(rw,sync,no_subtree_check,insecure)", false,
                        "/export/x 127.0.0.1(rw,sync,no_root_squash,no_subtree_check) 10.0.2.0/24(rw,sync,no_subtree_check,insecure)"),
                Arguments.of("/export/y 192.168.10.0/24(ro,sync,no_subtree_check) *.example.com(rw,async,no_subtree_check)", false,
                        "/export/y 192.168.10.0/24(ro,sync,no_subtree_check) *.example.com(rw,async,no_subtree_check)"),
                Arguments.of("/srv/domstore/nfs/vm1root vm1(rw)", false, "/srv/domstore/nfs/vm1root vm1(rw,sync,no_subtree_check)"),
                Arguments.of("/srv/a VM1.Example.COM(ro)", false, "/srv/a vm1.example.com(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a 2001:DB8:0:0:0:0:0:1(rw,no_root_squash)", false, "/srv/a 2001:db8::1(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a 2001:db8::/32(ro)", false, "/srv/a 2001:db8::/32(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a fe80::1/128(rw,no_root_squash)", false, "/srv/a fe80::1/128(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a ::ffff:1.2.3.4(ro)", false, "/srv/a ::ffff:1.2.3.4(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a 1.2.3.0/255.255.255.0(ro)", false, "/srv/a 1.2.3.0/24(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a 10.20.0.0/255.255.252.0(ro)", false, "/srv/a 10.20.0.0/22(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a 1.2.3.4/32(rw,no_root_squash)", false, "/srv/a 1.2.3.4/32(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a 1.2.3.4/255.255.255.255(rw,no_root_squash)", false, "/srv/a 1.2.3.4/32(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a 0.0.0.0/0(ro)", false, "/srv/a 0.0.0.0/0(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a host?(ro) vm[0-9].example.com(ro)", false,
                        "/srv/a host?(ro,sync,no_subtree_check) vm[0-9].example.com(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a @trusted(ro)", false, "/srv/a @trusted(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a *(ro)", false, "/srv/a *(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a *(ro) 10.0.0.1(rw,no_root_squash)", false,
                        "/srv/a *(ro,sync,no_subtree_check) 10.0.0.1(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.1", false, "/srv/a 10.0.0.1(sync,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.1()", false, "/srv/a 10.0.0.1(sync,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.1(rw,rw,sync,sync)", false, "/srv/a 10.0.0.1(rw,sync,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.1(no_auth_nlm,insecure_locks)", false, "/srv/a 10.0.0.1(sync,no_subtree_check,insecure_locks)"),
                Arguments.of("/srv/a 10.0.0.1(mp=/srv,mountpoint=/srv/)", false, "/srv/a 10.0.0.1(sync,no_subtree_check,mountpoint=/srv)"),
                Arguments.of("/srv/a 10.0.0.1(mp)", false, "/srv/a 10.0.0.1(sync,no_subtree_check,mountpoint)"),
                Arguments.of("/srv/a 10.0.0.1(fsid=root)", false, "/srv/a 10.0.0.1(sync,no_subtree_check,fsid=0)"),
                Arguments.of("/srv/a 10.0.0.1(fsid=6F1C2B9E4D0A4A539A573B8F7C1D2E01)", false,
                        "/srv/a 10.0.0.1(sync,no_subtree_check,fsid=6f1c2b9e-4d0a-4a53-9a57-3b8f7c1d2e01)"),
                Arguments.of("/srv/a 10.0.0.1(sec=krb5p:krb5:sys,rw)", false, "/srv/a 10.0.0.1(rw,sync,no_subtree_check,sec=krb5p:krb5:sys)"),
                Arguments.of("/srv/a 10.0.0.1(rw,all_squash,anonuid=1000,anongid=1000)", false,
                        "/srv/a 10.0.0.1(rw,sync,all_squash,no_subtree_check,anonuid=1000,anongid=1000)"),
                Arguments.of("/srv/a 10.0.0.1(no_subtree_check,no_root_squash,sync,rw)", false,
                        "/srv/a 10.0.0.1(rw,sync,no_root_squash,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.1(async,no_wdelay,nohide,crossmnt,subtree_check,insecure,no_acl,pnfs,nordirplus,security_label,ro)", false,
                        "/srv/a 10.0.0.1(ro,async,subtree_check,insecure,no_wdelay,nohide,crossmnt,no_acl,pnfs,nordirplus,security_label)"),
                Arguments.of("/srv/a\t10.0.0.1(ro)", false, "/srv/a 10.0.0.1(ro,sync,no_subtree_check)"),
                Arguments.of("   /srv//a/./b/   10.0.0.1(ro)   ", false, "/srv/a/b 10.0.0.1(ro,sync,no_subtree_check)"),
                Arguments.of("/srv/a 10.0.0.0/8(rw,no_root_squash) *.lab(rw,no_root_squash) @admins(rw,no_root_squash) *(rw,no_root_squash)", true,
                        "/srv/a 10.0.0.0/8(rw,sync,no_root_squash,no_subtree_check) *.lab(rw,sync,no_root_squash,no_subtree_check) "
                                + "@admins(rw,sync,no_root_squash,no_subtree_check) *(rw,sync,no_root_squash,no_subtree_check)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodLines")
    void acceptsAndRendersCanonically(String line, boolean force, String rendered) {
        ExportLine parsed = ExportLine.parse(line, force);

        assertEquals(rendered, parsed.render());
        // Canonical means stable: reading the rendered line gives the same line.
        assertEquals(parsed, ExportLine.parse(parsed.render(), force));
        assertEquals(parsed, parsed.validated(""));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                // exports(5) syntax traps
                Arguments.of("/export/vm1root 1.2.3.4 (rw)", "clients[0]", "Write it without the space: 1.2.3.4(rw)"),
                Arguments.of("/export/x (rw,sync)", "clients[0]", "no client in front of it"),
                Arguments.of("/export/x host(ro) (rw)", "clients[1]", "whole world"),
                Arguments.of("/export/x", "clients", "names no clients"),
                Arguments.of("/export/x host(rw, sync)", "clients[0]", "Write host(rw,sync)."),
                Arguments.of("/export/x -rw,sync host1 host2(ro)", "clients[0]", "/export/x host1(rw,sync) host2(rw,sync,ro)"),
                Arguments.of("\"/export/my dir\" 1.2.3.4(rw)", "line", "quotes or backslashes"),
                Arguments.of("/export/my\\040dir 1.2.3.4(rw)", "line", "quotes or backslashes"),
                Arguments.of("/export/x 1.2.3.4(rw) # root of vm1", "line", "starts a comment"),
                Arguments.of("/export/x 1.2.3.4(rw) \\", "line", "quotes or backslashes"),
                Arguments.of("", "line", "empty"),
                Arguments.of("/export/x 1.2.3.4(rw)\n/export/y 1.2.3.4(rw)", "line", "one export line"),
                // paths
                Arguments.of("export/x 1.2.3.4(rw)", "path", "not absolute"),
                Arguments.of("/export/../etc 1.2.3.4(rw)", "path", "contains '..'"),
                Arguments.of("/ 1.2.3.4(rw)", "path", "whole file system"),
                Arguments.of("/// 1.2.3.4(rw)", "path", "whole file system"),
                Arguments.of("/export/a,b 1.2.3.4(rw)", "path", "contains ','"),
                Arguments.of("/export/a(b) 1.2.3.4(rw)", "path", "contains '('"),
                Arguments.of("/export/a*b 1.2.3.4(rw)", "path", "contains '*'"),
                Arguments.of("/export/x\u0007 1.2.3.4(rw)", "path", "control character"),
                // structure of a spec
                Arguments.of("/export/x 1.2.3.4(rw)(sync)", "clients[0]", "is not host(options)"),
                Arguments.of("/export/x 1.2.3.4(rw", "clients[0]", "is not host(options)"),
                Arguments.of("/export/x 1.2.3.4)", "clients[0]", "')' without '('"),
                Arguments.of("/export/x 1.2.3.4(rw,,sync)", "clients[0]", "empty option"),
                Arguments.of("/export/x 1.2.3.4(,rw)", "clients[0]", "empty option"),
                Arguments.of("/export/x <world>(rw)", "clients[0]", "write * instead"),
                // options
                Arguments.of("/export/x 1.2.3.4(rw,all_squash,no_root_squash)", "clients[0]", "all_squash maps every user"),
                Arguments.of("/export/x 1.2.3.4(no_root_sqash)", "clients[0]", "did you mean 'no_root_squash'?"),
                Arguments.of("/export/x 1.2.3.4(RW)", "clients[0]", "did you mean 'rw'?"),
                Arguments.of("/export/x 1.2.3.4(rw=1.2.3.5)", "clients[0]", "takes no value"),
                Arguments.of("/export/x 1.2.3.4(fsid)", "clients[0]", "needs a value"),
                Arguments.of("/export/x 1.2.3.4(fsid=abc)", "clients[0]", "not a valid fsid"),
                Arguments.of("/export/x 1.2.3.4(fsid=007)", "clients[0]", "not a valid fsid"),
                Arguments.of("/export/x 1.2.3.4(fsid=4294967296)", "clients[0]", "not a valid fsid"),
                Arguments.of("/export/x 1.2.3.4(anonuid=-2)", "clients[0]", "nobody, 65534 (not -2)"),
                Arguments.of("/export/x 1.2.3.4(anonuid=01000)", "clients[0]", "without leading zeros"),
                Arguments.of("/export/x 1.2.3.4(anongid=4294967295)", "clients[0]", "not a valid id"),
                Arguments.of("/export/x 1.2.3.4(sec=krb6)", "clients[0]", "not a security flavour"),
                Arguments.of("/export/x 1.2.3.4(sec=sys:sys)", "clients[0]", "names 'sys' twice"),
                Arguments.of("/export/x 1.2.3.4(sec=)", "clients[0]", "not a security flavour"),
                Arguments.of("/export/x 1.2.3.4(refer=/a@b)", "clients[0]", "NFSv4 referrals"),
                Arguments.of("/export/x 1.2.3.4(replicas=/a@b)", "clients[0]", "replica"),
                Arguments.of("/export/x 1.2.3.4(mountpoint=relative)", "clients[0]", "not absolute"),
                Arguments.of("/export/x 1.2.3.4(fsid=1,fsid=2)", "clients[0]", "twice with different values"),
                Arguments.of("/export/x 1.2.3.4(anonuid=1,anonuid=2)", "clients[0]", "twice with different values"),
                Arguments.of("/export/x 1.2.3.4(sec=sys,sec=krb5)", "clients[0]", "twice with different values"),
                Arguments.of("/export/x 1.2.3.4(mountpoint,mp=/x)", "clients[0]", "twice with different values"),
                // root for many hosts, not forced
                Arguments.of("/export/x *(rw,no_root_squash)", "clients[0]", "every machine that can reach the server"),
                Arguments.of("/export/x *.example.com(rw,no_root_squash)", "clients[0]", "every host whose name matches *.example.com"),
                Arguments.of("/export/x vm?(rw,no_root_squash)", "clients[0]", "every host whose name matches vm?"),
                Arguments.of("/export/x @admins(rw,no_root_squash)", "clients[0]", "every host in netgroup @admins"),
                Arguments.of("/export/x 1.2.3.0/24(rw,no_root_squash)", "clients[0]", "the 256 addresses of network 1.2.3.0/24"),
                Arguments.of("/export/x 1.2.3.4/31(rw,no_root_squash)", "clients[0]", "the 2 addresses"),
                Arguments.of("/export/x 2001:db8::/64(rw,no_root_squash)", "clients[0]", "the 18446744073709551616 addresses"),
                Arguments.of("/export/x 10.0.0.0/8(rw,anonuid=0)", "clients[0]", "'anonuid=0' for 10.0.0.0/8"),
                Arguments.of("/export/x 10.0.0.1(ro) 10.0.0.0/8(rw,no_root_squash)", "clients[1]", "forceRootToManyHosts"),
                // IPv4
                Arguments.of("/export/x 1.2.3.256(rw)", "clients[0]", "256 is larger than 255"),
                Arguments.of("/export/x 10.1(rw)", "clients[0]", "would read a short form such as 10.1 as 10.0.0.1"),
                Arguments.of("/export/x 010.1.1.1(rw)", "clients[0]", "without leading zeros"),
                Arguments.of("/export/x 1.2.3.4.5(rw)", "clients[0]", "not a valid IPv4 address"),
                Arguments.of("/export/x 1.2.3.0/33(rw)", "clients[0]", "from 0 to 32"),
                Arguments.of("/export/x 1.2.3.0/024(rw)", "clients[0]", "from 0 to 32"),
                Arguments.of("/export/x 1.2.3.0/(rw)", "clients[0]", "from 0 to 32"),
                Arguments.of("/export/x 1.2.3.0/24/8(rw)", "clients[0]", "more than one '/'"),
                Arguments.of("/export/x 1.2.3.0/255.0.255.0(rw)", "clients[0]", "not contiguous"),
                Arguments.of("/export/x 1.2.3.0/255.255.255.1(rw)", "clients[0]", "not contiguous"),
                Arguments.of("/export/x 1.2.3.0/255.255.256.0(rw)", "clients[0]", "not a valid IPv4 netmask"),
                Arguments.of("/export/x 192.168.1.*(rw)", "clients[0]", "wildcards do not work on IP addresses"),
                Arguments.of("/export/x 192.168.1.*/24(rw)", "clients[0]", "mixes a wildcard with a network"),
                Arguments.of("/export/x vm1/24(rw)", "clients[0]", "is not a network"),
                // IPv6
                Arguments.of("/export/x [2001:db8::1](rw)", "clients[0]", "write it without them, as 2001:db8::1"),
                Arguments.of("/export/x fe80::1%eth0(rw)", "clients[0]", "zone id"),
                Arguments.of("/export/x 1::2::3(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x 12345::1(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x 1:2:3:4:5:6:7(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x 1:2:3:4:5:6:7:8:9(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x :1:2:3:4:5:6:7(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x 2001:db8::g(rw)", "clients[0]", "not a valid IPv6 address"),
                Arguments.of("/export/x 2001:db8::/129(rw)", "clients[0]", "prefix length from 0 to 128"),
                Arguments.of("/export/x 2001:db8::/ffff:ffff::(rw)", "clients[0]", "no IPv6 netmask form"),
                // names, wildcards, netgroups
                Arguments.of("/export/x under_score(rw)", "clients[0]", "contains '_'"),
                Arguments.of("/export/x vm1.example.com.(rw)", "clients[0]", "ends with a dot"),
                Arguments.of("/export/x -vm1(rw)", "clients[0]", "default-options form"),
                Arguments.of("/export/x vm1 -vm2(rw)", "clients[1]", "not a valid host name"),
                Arguments.of("/export/x vm1..example.com(rw)", "clients[0]", "not a valid host name"),
                Arguments.of("/export/x " + "a".repeat(64) + ".example.com(rw)", "clients[0]", "labels of 1 to 63"),
                Arguments.of("/export/x vm1.é.com(rw)", "clients[0]", "contains 'é'"),
                Arguments.of("/export/x vm1!(rw)", "clients[0]", "contains '!'"),
                Arguments.of("/export/x *..example.com(rw)", "clients[0]", "not a valid wildcard"),
                Arguments.of("/export/x vm[!0-9](rw)", "clients[0]", "contains '!'"),
                Arguments.of("/export/x vm[](rw)", "clients[0]", "not a valid wildcard"),
                Arguments.of("/export/x @(rw)", "clients[0]", "is not a netgroup"),
                Arguments.of("/export/x @-admins(rw)", "clients[0]", "is not a netgroup"),
                // the export as a whole
                Arguments.of("/export/x 1.2.3.4(ro) 1.2.3.4/32(rw)", "clients[1]", "selects the same hosts as client 0"),
                Arguments.of("/export/x 1.2.3.0/24(ro) 1.2.3.9/255.255.255.0(rw)", "clients[1]", "selects the same hosts"),
                Arguments.of("/export/x 2001:db8::1(ro) 2001:DB8:0::1/128(rw)", "clients[1]", "selects the same hosts"),
                Arguments.of("/export/x VM1(ro) vm1(rw)", "clients[1]", "selects the same hosts"),
                Arguments.of("/export/x 1.2.3.4(fsid=1) 1.2.3.5(fsid=2)", "clients[1]", "give the same one to every client"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void refusesWithAnExplanation(String line, String field, String explanation) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportLine.parse(line, false));

        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(explanation), "expected '" + explanation + "' in: " + e.getMessage());
    }

    @Test
    void theManualsExampleIsRefusedWithTheCorrectedFormAndWhatExportfsWouldHaveDone() {
        // Verbatim from the Xen manual's "Using NFS Root" (seed/domain_filesystem.tex).
        String manual = "/export/vm1root      1.2.3.4/24 (rw,sync,no_root_squash)";

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExportLine.parse(manual, false));

        assertEquals(InvalidInputException.Kind.FIELD, e.kind());
        assertEquals("clients[0]", e.field());
        assertTrue(e.getMessage().contains("to the whole world (*) with (rw,sync,no_root_squash)"), e.getMessage());
        assertTrue(e.getMessage().contains("to 1.2.3.4/24 with the default options (read-only)"), e.getMessage());
        assertTrue(e.getMessage().contains("Write it without the space: 1.2.3.4/24(rw,sync,no_root_squash)"), e.getMessage());
        assertTrue(e.getMessage().contains("that is the line: /export/vm1root 1.2.3.4/24(rw,sync,no_root_squash)."), e.getMessage());
        // And it says that the corrected line still gives root to a whole /24.
        assertTrue(e.getMessage().contains("Note: domstore would refuse the corrected spec too: 'no_root_squash' for 1.2.3.4/24 "
                + "would give root on the exported files to the 256 addresses of network 1.2.3.4/24"), e.getMessage());
    }

    @Test
    void theManualsExampleForcedIsStillRefusedForTheSpaceButWithoutTheRootNote() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ExportLine.parse("/export/vm1root 1.2.3.4/24 (rw,sync,no_root_squash)", true));

        assertTrue(e.getMessage().contains("Write it without the space: 1.2.3.4/24(rw,sync,no_root_squash)"), e.getMessage());
        assertFalse(e.getMessage().contains("Note:"), e.getMessage());
    }

    @Test
    void theCorrectedManualLineForcedRendersWithNoSubtreeCheckAdded() {
        ExportLine line = ExportLine.parse("/export/vm1root 1.2.3.4/24(rw,sync,no_root_squash)", true);

        assertEquals("/export/vm1root 1.2.3.4/24(rw,sync,no_root_squash,no_subtree_check)", line.render());
        assertTrue(line.grantsReadWrite());
        assertEquals(1, line.readWriteClients().size());
        assertTrue(line.clients().get(0).grantsRootAccess());
        assertTrue(line.clients().get(0).forceRootToManyHosts());
    }

    @Test
    void whatTheInventoryNeedsForItsOneReadWriteRootRule() {
        ExportLine line = ExportLine.parse("/srv/vm1root 10.0.0.1(rw) 10.0.0.0/24(ro) 10.0.0.2(ro,no_root_squash)", false);

        assertTrue(line.grantsReadWrite());
        assertEquals(List.of("10.0.0.1"), line.readWriteClients().stream().map(ExportClient::host).toList());
        assertFalse(line.clients().get(1).grantsReadWrite());
        assertFalse(line.clients().get(0).grantsRootAccess());
        assertTrue(line.clients().get(2).grantsRootAccess());
        assertFalse(ExportLine.parse("/srv/vm1root 10.0.0.0/24(ro)", false).grantsReadWrite());
    }

    @Test
    void oneServersExportsMustNotShareAPathOrAnFsid() {
        ExportLine a = ExportLine.parse("/srv/a 10.0.0.1(rw,fsid=1)", false);
        ExportLine b = ExportLine.parse("/srv/b 10.0.0.1(rw,fsid=2)", false);
        ExportLine.requireConsistentSet("exports", List.of(a, b));

        InvalidInputException samePath = assertThrows(InvalidInputException.class,
                () -> ExportLine.requireConsistentSet("exports", List.of(a, b, ExportLine.parse("/srv/a 10.0.0.2(ro)", false))));
        assertEquals("exports[2].path", samePath.field());
        assertTrue(samePath.getMessage().contains("/srv/a is exported twice (exports[0] and exports[2])"), samePath.getMessage());

        InvalidInputException sameFsid = assertThrows(InvalidInputException.class,
                () -> ExportLine.requireConsistentSet("exports", List.of(a, ExportLine.parse("/srv/c 10.0.0.1(ro,fsid=1)", false))));
        assertEquals("exports[1].clients", sameFsid.field());
        assertTrue(sameFsid.getMessage().contains("fsid=1 is given to both /srv/a and /srv/c"), sameFsid.getMessage());
    }

    @Test
    void aStructuredExportIsCheckedAgainAndNamesTheFieldThatIsWrong() {
        ExportLine fromMessage = new ExportLine("/srv//vm1root/", List.of(
                new ExportClient("10.0.0.1", List.of("rw"), false),
                new ExportClient("10.0.0.0/24", List.of("rw", "no_root_squash"), false)));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fromMessage.validated("exports[3]."));

        assertEquals("exports[3].clients[1]", e.field());
        assertTrue(e.getMessage().contains("forceRootToManyHosts"), e.getMessage());
        assertEquals("/srv/vm1root 10.0.0.1(rw,sync,no_subtree_check)",
                new ExportLine("/srv//vm1root/", List.of(new ExportClient("10.0.0.1", List.of("rw"), false))).validated("").render());
        assertEquals("exports[0].clients", assertThrows(InvalidInputException.class,
                () -> new ExportLine("/srv/a", List.of()).validated("exports[0].")).field());
        assertEquals("exports[0].path", assertThrows(InvalidInputException.class,
                () -> new ExportLine(null, List.of(new ExportClient("10.0.0.1", List.of(), false))).validated("exports[0].")).field());
        java.util.ArrayList<ExportClient> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertEquals("exports[0].clients[0]", assertThrows(InvalidInputException.class,
                () -> new ExportLine("/srv/a", withNull).validated("exports[0].")).field());
    }
}
