package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.dist.ConfigLoader;
import im.parley.dist.Parley;
import im.parley.dist.RunningParley;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario, tiny, against an in-process Parley over real sockets and real TLS, so the generator cannot rot:
 * it must get back what it sent. Registration and auth throttles are off, as in the benchmark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadGeneratorSmokeTest {
    RunningParley parley;

    @BeforeAll
    void startParley(@TempDir Path data) {
        String yaml = """
                domain: bench.test
                data-directory: %s
                listeners:
                  c2s: {address: 127.0.0.1, port: 0}
                  c2s-direct-tls: {address: 127.0.0.1, port: 0}
                limits:
                  inbound-bytes-per-second: 0
                auth:
                  throttle: false
                modules:
                  register:
                    throttle: false
                """.formatted(data.toString().replace("\\", "/"));
        parley = Parley.start(ConfigLoader.parse(yaml, "smoke test"));
    }

    @AfterAll
    void stopParley() {
        parley.close();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private String[] common(String scenario, int port, String... more) {
        String[] base = {"--host", "127.0.0.1", "--port", Integer.toString(port), "--domain", "bench.test",
                "--scenario", scenario, "--user-prefix", scenario + "u", "--sources", "3"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void chatDeliversEveryMessageAndReceipt_xep0184() throws Exception {
        // Given 10 users in pairs over STARTTLS (RFC 6120 §5) with SCRAM-SHA-256 (RFC 7677)
        // When two short steps of messages with receipt requests run (the server is this process)
        ScenarioReport report = LoadMain.run(common("chat", parley.ports().c2s(),
                "--users", "10", "--rates", "50,100", "--step-seconds", "1", "--warmup-seconds", "0",
                "--p99-limit-ms", "5000", "--server-pid", Long.toString(ProcessHandle.current().pid())));
        report.print(System.out);

        // Then both steps were sustained, everything sent arrived and was acknowledged (XEP-0184 §5.2)
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("offered_msgs_per_s")).isEqualTo(100);
        assertThat(report.value("sent")).isPositive();
        assertThat(report.value("delivered")).isEqualTo(report.value("sent"));
        assertThat(report.value("receipts")).isEqualTo(report.value("sent"));
        assertThat(report.value("errors")).isZero();
        assertThat(report.notes()).anyMatch(n -> n.contains("SCRAM-SHA-256"));
        // and the server's CPU per message and its memory were read from /proc for the step reported
        assertThat(report.value("server_cpu_us_per_msg")).isPositive();
        assertThat(report.value("server_rss_mib")).isPositive();
    }

    @Test
    void chatOverTheBinaryEncodingDeliversEveryMessageAndReceipt() throws Exception {
        // Given 10 users in pairs that enable Parley's binary encoding (docs/binary-encoding.md) after SASL
        // When two short steps of messages with receipt requests run
        String[] chat = {"--users", "10", "--rates", "50,100", "--step-seconds", "1", "--warmup-seconds", "0",
                "--p99-limit-ms", "5000"};
        ScenarioReport report = LoadMain.run(common("chat", parley.ports().c2s(), concat(chat, "--binary")));
        report.print(System.out);

        // Then the sessions spoke binary, and everything sent arrived and was acknowledged (XEP-0184 §5.2)
        assertThat(report.notes()).anyMatch(n -> n.contains("encoding: binary"));
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("sent")).isPositive();
        assertThat(report.value("delivered")).isEqualTo(report.value("sent"));
        assertThat(report.value("receipts")).isEqualTo(report.value("sent"));
        assertThat(report.value("errors")).isZero();

        // And the same conversation in XML took well over half as many bytes again (64-byte bodies dominate both)
        ScenarioReport xml = LoadMain.run(common("chat", parley.ports().c2s(), chat));
        assertThat(xml.notes()).anyMatch(n -> n.contains("encoding: xml"));
        assertThat(report.value("received_bytes_per_msg")).isLessThan(xml.value("received_bytes_per_msg") * 0.6);
    }

    @Test
    void idleHoldsEverySessionOverDirectTls_xep0368() throws Exception {
        // Given 12 users logging in over direct TLS, the server's memory read from this process
        // When the idle ramp runs
        ScenarioReport report = LoadMain.run(common("idle", parley.ports().c2sDirectTls(), "--direct-tls",
                "--users", "12", "--settle-seconds", "0", "--rest-seconds", "1",
                "--server-pid", Long.toString(ProcessHandle.current().pid())));
        report.print(System.out);

        // Then all 12 sessions were held and measured
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("sessions")).isEqualTo(12);
        assertThat(report.value("logins_per_s")).isPositive();
        assertThat(report.value("rss_mib")).isPositive();
    }

    @Test
    void loginsCompleteWithScramSha256_rfc7677() throws Exception {
        // Given 8 accounts provisioned by in-band registration (XEP-0077)
        // When they log in over STARTTLS with SCRAM, 4 at a time
        ScenarioReport report = LoadMain.run(common("logins", parley.ports().c2s(), "--users", "8",
                "--login-concurrency", "4"));
        report.print(System.out);

        // Then all 8 logged in, with SCRAM-SHA-256 (RFC 7677), and a rate came out
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("logins")).isEqualTo(8);
        assertThat(report.value("logins_per_s")).isPositive();
        assertThat(report.notes()).anyMatch(n -> n.contains("SCRAM-SHA-256"));
    }

    @Test
    void offlineBurstStoresAndDrainsEveryMessage_xep0160() throws Exception {
        // Given 5 senders and 5 offline recipients, 3 messages each
        ScenarioReport report = LoadMain.run(common("offline", parley.ports().c2s(), "--users", "10", "--messages", "3"));
        report.print(System.out);

        // Then every message was stored and came out again when the recipients logged in (Parley stores them)
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("drained")).isEqualTo(15);
    }

    @Test
    void presenceStormSeesEveryContact_rfc6121_4_2() throws Exception {
        // Given 8 users in two groups of 4, each with 3 contacts
        ScenarioReport report = LoadMain.run(common("presence", parley.ports().c2s(), "--users", "8", "--contacts", "3"));
        report.print(System.out);

        // Then each user saw all 3 contacts come online (Parley keeps subscriptions, RFC 6121 §3)
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.value("presence_stanzas")).isGreaterThanOrEqualTo(8 * 3);
    }

    @Test
    void relayCeilingReturnsEveryByte() throws Exception {
        // Given the trivial relay on a free port
        try (RelayServer relay = new RelayServer("127.0.0.1", 0, 1)) {
            // When 10 raw sockets exchange the chat traffic through it
            ScenarioReport report = LoadMain.run(common("relay", relay.port(),
                    "--users", "10", "--rates", "100", "--step-seconds", "1", "--warmup-seconds", "0",
                    "--p99-limit-ms", "5000"));
            report.print(System.out);

            // Then every message and its receipt made it through unchanged
            assertThat(report.status()).isEqualTo("ok");
            assertThat(report.value("delivered")).isEqualTo(report.value("sent"));
            assertThat(report.value("receipts")).isEqualTo(report.value("sent"));
        }
    }
}
