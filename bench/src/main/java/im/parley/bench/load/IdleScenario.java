package im.parley.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * idle: ramps to C authenticated TLS sessions with initial presence, in four chunks, reading the server's resident
 * memory after each settled chunk; then holds them and measures the server's CPU at rest. Memory per session =
 * (RSS_C − RSS_0) / C; the marginal cost between the first checkpoint and C shows whether it stays flat.
 * Accounts are provisioned first (in-band registration, untimed), so the ramp times logins only.
 */
public final class IdleScenario {
    public record Settings(int sessions, int loginConcurrency, int settleSeconds, int restSeconds, boolean register,
                           Optional<ProcessProbe> server) {}

    private final ClientFleet fleet;
    private final Settings settings;

    public IdleScenario(ClientFleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
    }

    public ScenarioReport run() throws InterruptedException {
        ScenarioReport.Builder report = new ScenarioReport.Builder("idle");
        int c = settings.sessions();
        if (settings.register()) {
            List<ClientConnection> provisioned = fleet.connectAll(IntStream.range(0, c).boxed().toList(),
                    LoginPlan.registerOnly(), StanzaListener.IGNORE, settings.loginConcurrency(), 900);
            ClientFleet.closeAll(provisioned, 30);
            if (provisioned.size() < c) {
                return report.note("provisioning: " + provisioned.size() + " of " + c + " accounts: " + fleet.failures()).build("failed");
            }
        }
        fleet.resetFailures();
        Optional<ProcessProbe> server = settings.server();
        Waits.hold(settings.settleSeconds() * 1000L);
        long rss0 = server.map(ProcessProbe::rssBytes).orElse(0L);

        List<ClientConnection> online = new ArrayList<>(c);
        int chunks = c >= 8 ? 4 : 1;
        long rampNanos = 0;
        long firstCheckpointRss = 0;
        int firstCheckpointSessions = 0;
        Histogram loginLatency = new Histogram(3);
        for (int k = 0; k < chunks; k++) {
            int from = c * k / chunks;
            int to = c * (k + 1) / chunks;
            long t0 = System.nanoTime();
            List<ClientConnection> chunk = fleet.connectAll(IntStream.range(from, to).boxed().toList(),
                    LoginPlan.online(false), StanzaListener.IGNORE, settings.loginConcurrency(), 600);
            rampNanos += System.nanoTime() - t0;
            chunk.forEach(conn -> loginLatency.recordValue(Math.max(0, conn.loginNanos() / 1000)));
            online.addAll(chunk);
            Waits.hold(settings.settleSeconds() * 1000L);
            if (server.isPresent()) {
                long rss = server.get().rssBytes();
                report.metric("rss_at_" + online.size(), rss / 1048576.0, "MiB", "server RSS with " + online.size() + " sessions");
                if (k == 0) {
                    firstCheckpointRss = rss;
                    firstCheckpointSessions = online.size();
                }
            }
            System.out.printf("  idle: %d sessions up (%d failures so far)%n", online.size(), fleet.failureCount());
        }
        long held = online.stream().filter(ClientConnection::isOpen).count();
        report.metric("sessions", held, "sessions", "concurrent authenticated TLS sessions held")
                .metric("logins_per_s", online.size() / (rampNanos / 1e9), "logins/s", "login rate (TLS + SASL + bind + presence)")
                .metric("login_p50_ms", loginLatency.getValueAtPercentile(50) / 1000.0, "ms", "login time p50")
                .metric("login_p99_ms", loginLatency.getValueAtPercentile(99) / 1000.0, "ms", "login time p99")
                .metric("failures", fleet.failureCount(), "", "failed logins");
        if (!online.isEmpty()) {
            report.note("SASL mechanism: " + online.getFirst().mechanismUsed() + ", TLS: " + fleet.tlsProvider()
                    + ", " + settings.loginConcurrency() + " logins in flight");
        }
        if (server.isPresent() && !online.isEmpty()) {
            long rssC = server.get().rssBytes();
            double cpu0 = server.get().cpuSeconds();
            long t0 = System.nanoTime();
            Waits.hold(settings.restSeconds() * 1000L);
            double cpuAtRest = (server.get().cpuSeconds() - cpu0) / ((System.nanoTime() - t0) / 1e9) * 100;
            report.metric("rss0_mib", rss0 / 1048576.0, "MiB", "server RSS with 0 sessions (after provisioning)")
                    .metric("rss_mib", rssC / 1048576.0, "MiB", "server RSS with all sessions")
                    .metric("bytes_per_session", (double) Math.round((rssC - rss0) / (double) online.size()), "bytes", "RSS per session (RSS_C - RSS_0)/C")
                    .metric("cpu_at_rest_pct", cpuAtRest, "% of a core", "server CPU at rest over " + settings.restSeconds() + " s");
            if (online.size() > firstCheckpointSessions && firstCheckpointSessions > 0) {
                report.metric("marginal_bytes_per_session", (double) Math.round((rssC - firstCheckpointRss) / (double) (online.size() - firstCheckpointSessions)),
                        "bytes", "marginal RSS per session from " + firstCheckpointSessions + " to " + online.size());
            }
        } else {
            report.note("no server PID given (--server-pid): memory and CPU not measured");
        }
        if (!fleet.failures().isEmpty()) {
            report.note("failures: " + fleet.failures());
        }
        ClientFleet.closeAll(online, 60);
        return report.build(held == c ? "ok" : (held == 0 ? "failed" : "partial"));
    }
}
