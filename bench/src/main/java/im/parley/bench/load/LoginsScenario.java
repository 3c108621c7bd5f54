package im.parley.bench.load;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * logins: N provisioned users each open a connection, STARTTLS (RFC 6120 §5), authenticate with SCRAM (RFC 7677,
 * SHA-256 when offered), bind a resource (RFC 6120 §7) and are then disconnected, with {@code concurrency} logins in
 * flight at once. Reports logins per second over the whole batch and the login time percentiles. Accounts are
 * provisioned first (in-band registration, untimed): the server's PBKDF2 on registration is not a login cost. Two
 * untimed passes of logins come first: the first fills the client's SaltedPassword cache, both let the server and
 * the generator compile their per-login code, so the timed pass measures a warm server. Every login is a full TLS
 * handshake ({@link ClientFleet#newSslHandler}).
 *
 * <p>On this 2-core machine the generator's own TLS and SCRAM can cost a login more CPU than a fast server spends on
 * it, and then logins/s measures the generator. With the server's PID the scenario also reports the server's own CPU
 * time per login ({@code utime + stime} over the timed pass, its sessions' ends excluded), and from it the logins one
 * core of the server would take: a figure the generator does not cap.
 */
public final class LoginsScenario {
    /** {@code server}: the server process, for its CPU time per login (empty: not reported). */
    public record Settings(int users, int concurrency, boolean register, Optional<ProcessProbe> server) {}

    private final ClientFleet fleet;
    private final Settings settings;

    public LoginsScenario(ClientFleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
    }

    public ScenarioReport run() throws InterruptedException {
        ScenarioReport.Builder report = new ScenarioReport.Builder("logins");
        List<Integer> all = IntStream.range(0, settings.users()).boxed().toList();
        if (settings.register()) {
            List<ClientConnection> provisioned = fleet.connectAll(all, LoginPlan.registerOnly(), StanzaListener.IGNORE,
                    settings.concurrency(), 900);
            ClientFleet.closeAll(provisioned, 30);
            if (provisioned.size() < all.size()) {
                return report.note("provisioning: " + provisioned.size() + " of " + all.size() + " accounts: "
                        + fleet.failures()).build("failed");
            }
        }
        // Two untimed passes: code run once per login is compiled late (a single pass left the generator's JIT at
        // half of its core; compare.sh now runs the generator C1-only for the same reason, ADR 008).
        fleet.warmUp(all, settings.concurrency());
        fleet.warmUp(all, settings.concurrency());
        settings.server().ifPresent(LoginsScenario::awaitServerAtRest); // its work on the warm-up logouts is done
        CpuWindow window = CpuWindow.start(settings.server());
        List<ClientConnection> done = fleet.connectAll(all, LoginPlan.silent(false), StanzaListener.IGNORE,
                settings.concurrency(), 600);
        CpuWindow.Usage cpu = window.end();
        double seconds = cpu.seconds();
        Histogram loginTime = new Histogram(3);
        done.forEach(c -> loginTime.recordValue(Math.max(0, c.loginNanos() / 1000)));
        String mechanism = done.isEmpty() ? "none" : done.getFirst().mechanismUsed();
        ClientFleet.closeAll(done, 60);
        report.metric("logins", done.size(), "logins", "completed logins")
                .metric("logins_per_s", done.size() / seconds, "logins/s", "logins per second (TLS + SASL + bind)")
                .metric("login_p50_ms", loginTime.getValueAtPercentile(50) / 1000.0, "ms", "login time p50")
                .metric("login_p99_ms", loginTime.getValueAtPercentile(99) / 1000.0, "ms", "login time p99")
                .metric("failures", fleet.failureCount(), "", "failed logins");
        // Near 100 %: the generator, not the server, set the pace.
        cpu.generatorPercent().ifPresent(pct -> report.metric("generator_cpu_pct", pct, "%",
                "generator CPU during the timed pass (% of a core)"));
        double serverCpu = cpu.serverCpu().orElse(0.0);
        if (!done.isEmpty() && serverCpu > 0) {
            report.metric("server_cpu_ms_per_login", serverCpu * 1000 / done.size(), "ms", "server CPU per login")
                    .metric("logins_per_server_core_s", done.size() / serverCpu, "logins/s", "logins one server core takes (from its CPU per login)")
                    .metric("server_cpu_pct", 100 * serverCpu / seconds, "%", "server CPU during the timed pass (% of a core)");
        }
        report
                .note("SASL mechanism: " + mechanism + ", generator's TLS: " + fleet.tlsProvider() + ", " + settings.concurrency()
                        + " logins in flight");
        if (!fleet.failures().isEmpty()) {
            report.note("failures: " + fleet.failures());
        }
        return report.build(done.size() == all.size() ? "ok" : (done.isEmpty() ? "failed" : "partial"));
    }

    /** Waits (at most 10 s) until the server uses under 5 % of a core over 200 ms: the previous pass is over. */
    private static void awaitServerAtRest(ProcessProbe server) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        double before = server.cpuSeconds();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double now = server.cpuSeconds();
            if (now - before < 0.01) {
                return;
            }
            before = now;
        }
    }
}
