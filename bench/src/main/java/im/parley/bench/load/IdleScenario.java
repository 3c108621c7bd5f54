package im.parley.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * idle: ramps to C authenticated TLS sessions with initial presence in chunks (up to the first checkpoint, by default
 * 2,000 sessions, then in thirds of the rest), reading the server's resident memory after each settled chunk; then holds them and measures the server's CPU at rest. Memory per session =
 * (RSS_C − RSS_0) / C; the marginal cost between the first checkpoint and C shows whether it stays flat.
 * Accounts are provisioned first (in-band registration, untimed), so the ramp times logins only.
 */
public final class IdleScenario {
    public record Settings(int sessions, int loginConcurrency, int settleSeconds, int restSeconds, boolean register,
                           Optional<ProcessProbe> server, int firstCheckpoint) {}

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
        List<Integer> bounds = chunkBounds(c, settings.firstCheckpoint());
        long rampNanos = 0;
        long firstCheckpointRss = 0;
        int firstCheckpointSessions = 0;
        Histogram loginLatency = new Histogram(3);
        for (int k = 0; k < bounds.size(); k++) {
            int from = k == 0 ? 0 : bounds.get(k - 1);
            int to = bounds.get(k);
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
            report.note("SASL mechanism: " + online.getFirst().mechanismUsed() + ", encoding: "
                    + online.getFirst().encodingUsed() + ", generator's TLS: " + fleet.tlsProvider()
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

    /** Upper bounds of the ramp's chunks: the first checkpoint, then the rest in thirds (one chunk for tiny runs). */
    static List<Integer> chunkBounds(int sessions, int firstCheckpoint) {
        if (sessions < 8) {
            return List.of(sessions);
        }
        int first = firstCheckpoint > 0 && firstCheckpoint < sessions ? firstCheckpoint : sessions / 4;
        List<Integer> bounds = new ArrayList<>(List.of(first));
        for (int k = 1; k <= 3; k++) {
            int b = first + (sessions - first) * k / 3;
            if (b > bounds.getLast()) {
                bounds.add(b);
            }
        }
        return List.copyOf(bounds);
    }
}
