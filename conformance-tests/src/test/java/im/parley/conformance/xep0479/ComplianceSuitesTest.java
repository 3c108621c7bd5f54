package im.parley.conformance.xep0479;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ConformanceReport;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0479: queries what the target advertises, reads this run's conformance report for the tests of each
 * specification, and writes the table {@code target/compliance-suites.md} (also a note in the report). Runs last
 * (ClassOrderer in junit-platform.properties) so the report already holds the other classes' results.
 */
@ParleyServer
@Order(Integer.MAX_VALUE)
class ComplianceSuitesTest {
    /** Stream features worth looking for after authentication: "element namespace". */
    private static final List<String> STREAM_FEATURES = List.of("sm urn:xmpp:sm:3", "csi urn:xmpp:csi:0",
            "c http://jabber.org/protocol/caps", "ver urn:xmpp:features:rosterver");
    private static final Pattern ROW = Pattern.compile("^\\| ([^|]+?) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$");

    /** Providers whose tests live in another specification's package (StartTlsTest and DirectTlsTest in rfc6120). */
    private static final Map<String, String> TESTED_UNDER = Map.of("RFC 7590", "RFC 6120", "XEP-0368", "RFC 6120",
            "XEP-0153", "XEP-0054");

    private final Target target;
    private final Accounts accounts;

    ComplianceSuitesTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0479", section = "2", quote = "Unless explicitly noted, support for the listed specifications "
            + "is REQUIRED for compliance purposes.")
    void writesTheAdvancedServerComplianceTable_xep0479_2(TestReporter reporter) throws Exception {
        // Given a logged-in client and this run's report so far
        XMPPTCPConnection client = accounts.loggedIn("compliance");
        Discovered discovered = discover(client);
        Map<String, int[]> tests = reportRows();

        // When the XEP-0479 requirements are matched against both
        String table = table(discovered, tests);
        Path file = Path.of(System.getProperty("parley.compliance.report", "target/compliance-suites.md"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, table);
        reporter.publishEntry(ConformanceReport.NOTE, "**XEP-0479 compliance** (Advanced Server): see "
                + file.toAbsolutePath() + "\n\n" + table);

        // Then the table covers every requirement, and the discovery itself worked (XEP-0030 is core to all suites)
        assertThat(table.lines().filter(l -> l.startsWith("| Core") || l.startsWith("| IM") || l.startsWith("| Mobile")))
                .hasSize(ComplianceSuites.ADVANCED_SERVER.stream().mapToInt(r -> r.providers().size()).sum());
        assertThat(discovered.serverFeatures()).contains("http://jabber.org/protocol/disco#info");
    }

    private Discovered discover(XMPPTCPConnection client) throws Exception {
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(client);
        var domain = JidCreate.domainBareFrom(target.domain());
        DiscoverInfo server = disco.discoverInfo(domain);
        Set<String> serverFeatures = features(server);
        Set<String> accountFeatures = Set.of();
        boolean pep = false;
        try {
            DiscoverInfo account = disco.discoverInfo(client.getUser().asBareJid());
            accountFeatures = features(account);
            pep = account.hasIdentity("pubsub", "pep");
        } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException e) {
            // RFC 6121 leaves disco on the bare JID to the server; an error just means nothing is advertised there.
        }
        Set<String> serviceFeatures = new HashSet<>();
        DiscoverItems items = disco.discoverItems(domain);
        for (DiscoverItems.Item item : items.getItems()) {
            try {
                serviceFeatures.addAll(features(disco.discoverInfo(item.getEntityID())));
            } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException e) {
                // an item that does not answer disco#info advertises nothing
            }
        }
        Set<String> stream = STREAM_FEATURES.stream().filter(f -> {
            String[] parts = f.split(" ");
            return client.hasFeature(parts[0], parts[1]);
        }).collect(Collectors.toSet());
        return new Discovered(serverFeatures, accountFeatures, serviceFeatures, stream, client.isSecureConnection(), pep,
                target.directTlsPort().isPresent());
    }

    private static Set<String> features(DiscoverInfo info) {
        return info.getFeatures().stream().map(DiscoverInfo.Feature::getVar).collect(Collectors.toSet());
    }

    /** The per-specification rows (passed, failed, skipped) of the report written so far; empty if there is none. */
    private static Map<String, int[]> reportRows() throws IOException {
        Path report = Path.of(System.getProperty("parley.conformance.report", "target/conformance-report.md"));
        Map<String, int[]> rows = new HashMap<>();
        if (!Files.exists(report)) {
            return rows;
        }
        for (String line : Files.readAllLines(report)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1).strip(), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4))});
            }
        }
        return rows;
    }

    static String table(Discovered discovered, Map<String, int[]> tests) {
        StringBuilder md = new StringBuilder("""
                # XEP-0479 (XMPP Compliance Suites 2023), Advanced Server

                | suite | feature | provider | advertised | evidence | suite's tests (passed/failed/skipped) |
                | --- | --- | --- | --- | --- | --- |
                """);
        for (ComplianceSuites.Requirement r : ComplianceSuites.ADVANCED_SERVER) {
            for (ComplianceSuites.Provider p : r.providers()) {
                String verdict = Optional.ofNullable(tests.get(TESTED_UNDER.getOrDefault(p.spec(), p.spec()))).map(c -> c[0] + "/" + c[1] + "/" + c[2]
                        + (c[1] == 0 && c[0] > 0 ? " pass" : c[1] > 0 ? " FAIL" : "")).orElse("no tests");
                md.append("| ").append(r.suite()).append(" | ").append(r.feature()).append(" | ").append(p.spec())
                        .append(" | ").append(p.advertised().test(discovered) ? "yes" : "no").append(" | ")
                        .append(p.evidence()).append(" | ").append(verdict).append(" |\n");
            }
        }
        return md.toString();
    }
}
