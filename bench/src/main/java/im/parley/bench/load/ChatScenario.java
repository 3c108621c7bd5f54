package im.parley.bench.load;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * chat: users in pairs send each other messages asking for a delivery receipt (XEP-0184 §5.1); each message is
 * answered with {@code <received/>}. The offered rate is stepped up; a step is sustained when nothing failed, at
 * least 99 % of what was sent arrived, the delivered rate reached 90 % of the offer, and p99 stayed within the
 * limit. Latency is send → delivery of the same message, on this process's clock (the id carries the send time).
 * In raw mode (the relay ceiling) the same bytes go through a relay that pairs sockets itself.
 */
public final class ChatScenario {
    /** Parameters: rates in messages/s (all pairs together), each step's length, the p99 limit. */
    public record Settings(int users, List<Integer> rates, int stepSeconds, int warmupSeconds, double p99LimitMillis,
                           int bodyBytes, boolean register, int loginConcurrency, Optional<ProcessProbe> server) {}

    private record Step(int offered, double sentRate, double deliveredRate, long sent, long delivered, long receipts,
                        long errors, Histogram latency, Histogram receiptRtt, boolean sustained, long receivedBytes,
                        CpuWindow.Usage cpu, Optional<Long> serverRss) {}

    private final ClientFleet fleet;
    private final Settings settings;
    private final Recorder latency = new Recorder(3);
    private final Recorder receiptRtt = new Recorder(3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder receipts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final String body;

    public ChatScenario(ClientFleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
        this.body = "x".repeat(Math.max(1, settings.bodyBytes()));
    }

    public ScenarioReport run() throws InterruptedException {
        boolean raw = fleet.target().raw();
        String name = raw ? "relay" : "chat";
        ScenarioReport.Builder report = new ScenarioReport.Builder(name);
        int users = settings.users() - settings.users() % 2;
        List<ClientConnection> online = fleet.connectAll(IntStream.range(0, users).boxed().toList(),
                LoginPlan.online(settings.register()), this::onStanza, settings.loginConcurrency(), 300);
        if (online.size() < users) {
            ClientFleet.closeAll(online, 10);
            return report.metric("logged_in", online.size(), "users", "users logged in")
                    .note("only " + online.size() + " of " + users + " users logged in: " + fleet.failures())
                    .build("failed");
        }
        if (!raw) {
            report.note("SASL mechanism: " + online.getFirst().mechanismUsed() + ", encoding: "
                    + online.getFirst().encodingUsed() + ", generator's TLS: " + fleet.tlsProvider());
        }
        // Pairs (0,1), (2,3), …: each side sends to the other's full JID (in raw mode the relay pairs the sockets).
        Map<EventExecutor, List<Sender>> byLoop = new LinkedHashMap<>();
        for (int i = 0; i < users; i++) {
            ClientConnection from = online.get(i);
            ClientConnection to = online.get(i ^ 1);
            byLoop.computeIfAbsent(from.channel().eventLoop(), k -> new ArrayList<>()).add(new Sender(from, to.fullJid()));
        }

        if (settings.warmupSeconds() > 0) {
            runStep(byLoop, settings.rates().getFirst(), settings.warmupSeconds());
        }
        List<Step> steps = new ArrayList<>();
        for (int rate : settings.rates()) {
            Step step = runStep(byLoop, rate, settings.stepSeconds());
            steps.add(step);
            System.out.printf(java.util.Locale.ROOT, "  %s step %6d msg/s offered: sent %8.0f/s delivered %8.0f/s p50 %6.2f ms p99 %7.2f ms errors %d %s%s%n",
                    name, rate, step.sentRate(), step.deliveredRate(), ms(step.latency().getValueAtPercentile(50)),
                    ms(step.latency().getValueAtPercentile(99)), step.errors(), step.sustained() ? "ok" : "NOT SUSTAINED",
                    serverUse(step).map(use -> String.format(java.util.Locale.ROOT, " server CPU %.0f µs/msg RSS %d MiB",
                            use.cpuMicrosPerMessage(), use.rssMib())).orElse(""));
            if (!step.sustained()) {
                break;
            }
        }
        ClientFleet.closeAll(online, 10);

        Step best = steps.stream().filter(Step::sustained).reduce((a, b) -> b).orElse(null);
        report.metric("users", users, "users", "simulated users (pairs x2)");
        if (best == null) {
            Step first = steps.getFirst();
            report.metric("max_msgs_per_s", 0, "msg/s", "highest sustained messages/s")
                    .note("not even the first step (" + first.offered() + " msg/s) was sustained: delivered "
                            + first.delivered() + "/" + first.sent() + ", errors " + first.errors()
                            + ", p99 " + ms(first.latency().getValueAtPercentile(99)) + " ms; failures " + fleet.failures());
            return report.build(first.delivered() == 0 ? "failed" : "ok");
        }
        report.metric("max_msgs_per_s", Math.round(best.deliveredRate()), "msg/s", "highest sustained messages/s (delivered)")
                .metric("offered_msgs_per_s", best.offered(), "msg/s", "offered rate of that step")
                .metric("p50_ms", ms(best.latency().getValueAtPercentile(50)), "ms", "latency p50")
                .metric("p99_ms", ms(best.latency().getValueAtPercentile(99)), "ms", "latency p99")
                .metric("p999_ms", ms(best.latency().getValueAtPercentile(99.9)), "ms", "latency p99.9")
                .metric("max_ms", ms(best.latency().getMaxValue()), "ms", "latency max")
                .metric("receipt_rtt_p99_ms", ms(best.receiptRtt().getValueAtPercentile(99)), "ms", "receipt round trip p99")
                .metric("sent", best.sent(), "msgs", "messages sent in that step")
                .metric("delivered", best.delivered(), "msgs", "messages delivered in that step")
                .metric("receipts", best.receipts(), "msgs", "receipts received in that step")
                .metric("errors", steps.stream().mapToLong(Step::errors).sum(), "stanzas", "error stanzas, all steps");
        serverUse(best).ifPresent(use -> report.metric("server_cpu_us_per_msg", use.cpuMicrosPerMessage(), "µs",
                        "server CPU per message delivered in that step (its process only), receipt included")
                .metric("server_rss_mib", use.rssMib(), "MiB", "server RSS after that step"));
        if (!raw && best.delivered() > 0) {
            report.metric("received_bytes_per_msg", Math.round((double) best.receivedBytes() / best.delivered()), "bytes",
                    "bytes the users received per message: the message and its receipt, as framed inside TLS");
        }
        Step last = steps.getLast();
        if (!last.sustained()) {
            report.note("stopped at " + last.offered() + " msg/s offered: delivered " + Math.round(last.deliveredRate())
                    + "/s, p99 " + String.format(java.util.Locale.ROOT, "%.1f", ms(last.latency().getValueAtPercentile(99)))
                    + " ms, errors " + last.errors());
        } else {
            report.note("the highest offered rate was sustained: the limit is above " + last.offered() + " msg/s");
        }
        return report.build("ok");
    }

    private Step runStep(Map<EventExecutor, List<Sender>> byLoop, int rate, int seconds) throws InterruptedException {
        sent.reset();
        delivered.reset();
        receipts.reset();
        errors.reset();
        latency.reset();
        receiptRtt.reset();
        fleet.resetFailures();
        fleet.takeReceivedBytes();
        double perLoopPerNano = rate / 1e9 / byLoop.size();
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        CpuWindow window = CpuWindow.start(settings.server());
        long start = System.nanoTime();
        for (Map.Entry<EventExecutor, List<Sender>> e : byLoop.entrySet()) {
            Ticker ticker = new Ticker(e.getValue(), perLoopPerNano);
            ticks.add(e.getKey().scheduleAtFixedRate(ticker, 0, 2, TimeUnit.MILLISECONDS));
        }
        Waits.hold(TimeUnit.SECONDS.toMillis(seconds));
        ticks.forEach(t -> t.cancel(false));
        // A tick already running when cancelled still sends: count only once every loop has finished its current
        // task (a loop runs its tasks one at a time), or a late send is delivered but not counted as sent.
        for (EventExecutor loop : byLoop.keySet()) {
            loop.submit(() -> { }).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        long sendEnd = System.nanoTime();
        long sentCount = sent.sum();
        // let what is in flight arrive (bounded): a message still missing after 2 s counts as lost
        Waits.until(() -> delivered.sum() >= sent.sum() && receipts.sum() >= sent.sum(), 2000);
        CpuWindow.Usage cpu = window.end();
        Optional<Long> serverRss = settings.server().flatMap(ProcessProbe::rssBytesWhileRunning);
        double elapsed = (sendEnd - start) / 1e9;
        Histogram lat = latency.getIntervalHistogram();
        Histogram rtt = receiptRtt.getIntervalHistogram();
        long deliveredCount = delivered.sum();
        long errorCount = errors.sum() + fleet.failureCount();
        double deliveredRate = Math.min(deliveredCount, sentCount) / elapsed;
        boolean sustained = errorCount == 0 && sentCount > 0 && deliveredCount >= 0.99 * sentCount
                && deliveredRate >= 0.9 * rate && ms(lat.getValueAtPercentile(99)) <= settings.p99LimitMillis();
        return new Step(rate, sentCount / elapsed, deliveredRate, sentCount, deliveredCount, receipts.sum(), errorCount,
                lat, rtt, sustained, fleet.takeReceivedBytes(), cpu, serverRss);
    }

    /** The server process's CPU per message delivered in a step and its RSS after it, where both were read. */
    private record ServerUse(double cpuMicrosPerMessage, long rssMib) {}

    private static Optional<ServerUse> serverUse(Step step) {
        if (step.delivered() == 0) {
            return Optional.empty();
        }
        return step.cpu().serverCpu().flatMap(cpu -> step.serverRss()
                .map(rss -> new ServerUse(cpu * 1e6 / step.delivered(), rss >> 20)));
    }

    /** One user that sends, and where to. */
    private record Sender(ClientConnection from, String toJid) {}

    /** Runs on one event loop every 2 ms: sends the messages the rate allows since the last run, round-robin. */
    private final class Ticker implements Runnable {
        private final List<Sender> senders;
        private final double perNano;
        private long last = System.nanoTime();
        private double credit;
        private int next;
        private long seq;

        Ticker(List<Sender> senders, double perNano) {
            this.senders = senders;
            this.perNano = perNano;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            credit += (now - last) * perNano;
            last = now;
            int n = (int) credit;
            credit -= n;
            Set<ClientConnection> touched = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Sender s = senders.get(next);
                next = (next + 1) % senders.size();
                if (!s.from().isOpen()) {
                    continue;
                }
                // the id carries the send time: latency needs no shared map
                s.from().write("<message to='" + s.toJid() + "' id='c" + (seq++) + "-" + System.nanoTime()
                        + "' type='chat'><body>" + body + "</body><request xmlns='urn:xmpp:receipts'/></message>");
                touched.add(s.from());
                sent.increment();
            }
            touched.forEach(ClientConnection::flush);
        }
    }

    private void onStanza(ClientConnection connection, XmlElement stanza) {
        if (!stanza.localName().equals("message")) {
            return;
        }
        if ("error".equals(stanza.attributes().get("type"))) {
            errors.increment();
            return;
        }
        if (stanza.has("request")) {
            String id = stanza.attributeOr("id", "");
            recordSince(latency, id);
            delivered.increment();
            // XEP-0184 §5.2: the recipient acknowledges with <received id='…'/>; in raw mode the relay returns it
            String to = stanza.attribute("from").map(f -> " to='" + MiniXml.escape(f) + "'").orElse("");
            connection.write("<message" + to + " id='r" + id + "'><received xmlns='urn:xmpp:receipts' id='" + id + "'/></message>");
        } else {
            stanza.child("received").ifPresent(r -> {
                recordSince(receiptRtt, r.attributeOr("id", ""));
                receipts.increment();
            });
        }
    }

    private static void recordSince(Recorder recorder, String id) {
        int dash = id.lastIndexOf('-');
        if (dash > 0) {
            try {
                long nanos = System.nanoTime() - Long.parseLong(id.substring(dash + 1));
                recorder.recordValue(Math.max(0, nanos / 1000));
            } catch (NumberFormatException e) {
                // not one of ours: nothing to time
                return;
            }
        }
    }

    /** Histograms hold microseconds. */
    private static double ms(long micros) {
        return micros / 1000.0;
    }

    static List<Integer> defaultRates() {
        return List.of(500, 1000, 2000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000);
    }
}
