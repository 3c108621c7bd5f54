package im.parley.bench.load;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * offline burst: half the users (senders, online) send K messages each to the other half (recipients, registered
 * but offline): the server stores them (XEP-0160). Store time ends when every sender has had an answer to a ping
 * (XEP-0199) sent after its burst: the server handles one sender's stanzas in order, and Parley commits an offline
 * message before handling the next. Then the recipients log in and the drain rate is measured up to the last
 * message. Bounced messages ({@code type='error'}) or nothing at all delivered: the server does not store offline
 * messages, reported as {@code unsupported}.
 */
public final class OfflineScenario {
    /** {@code database}: the server's own database server (PostgreSQL for Parley), whose CPU the drain reports too. */
    public record Settings(int users, int messagesPerUser, boolean register, int loginConcurrency,
                           Optional<ProcessProbe> server, Optional<UserProcesses> database) {}

    private final ClientFleet fleet;
    private final Settings settings;
    private final LongAdder bounced = new LongAdder();
    private final LongAdder pongs = new LongAdder();
    private final LongAdder drained = new LongAdder();
    private final AtomicLong lastDrainNanos = new AtomicLong();

    public OfflineScenario(ClientFleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
    }

    public ScenarioReport run() throws InterruptedException {
        ScenarioReport.Builder report = new ScenarioReport.Builder("offline");
        int pairs = settings.users() / 2;
        int k = settings.messagesPerUser();
        List<Integer> senderIdx = IntStream.range(0, pairs).map(i -> 2 * i).boxed().toList();
        List<Integer> recipientIdx = IntStream.range(0, pairs).map(i -> 2 * i + 1).boxed().toList();
        // Recipients must exist and be offline (a previous run's leftovers are drained by their first login below).
        if (settings.register()) {
            ClientFleet.closeAll(fleet.connectAll(recipientIdx, LoginPlan.registerOnly(), StanzaListener.IGNORE,
                    settings.loginConcurrency(), 600), 30);
        }
        // The drain is timed from the recipients' logins: warm the generator for them first (silent: they stay offline).
        fleet.warmUp(recipientIdx, settings.loginConcurrency());
        List<ClientConnection> senders = fleet.connectAll(senderIdx, LoginPlan.online(settings.register()),
                this::onSenderStanza, settings.loginConcurrency(), 600);
        if (senders.size() < pairs) {
            ClientFleet.closeAll(senders, 10);
            return report.note("senders logged in: " + senders.size() + "/" + pairs + " " + fleet.failures()).build("failed");
        }
        long t0 = System.nanoTime();
        for (ClientConnection s : senders) {
            String to = fleet.target().bareJid(s.index() + 1);
            s.channel().eventLoop().execute(() -> {
                for (int m = 0; m < k; m++) {
                    s.write("<message to='" + to + "' id='o" + m + "' type='chat'><body>offline " + m + "</body></message>");
                }
                s.write("<iq type='get' id='flush' to='" + fleet.target().domain() + "'><ping xmlns='urn:xmpp:ping'/></iq>");
                s.flush();
            });
        }
        // a single-threaded server may store every burst before it answers the first ping: allow a long quiet spell
        boolean stored = Waits.whileProgressing(() -> pongs.sum() >= pairs, pongs::sum, 60_000, 300_000);
        double storeSeconds = (System.nanoTime() - t0) / 1e9;
        long total = (long) pairs * k;
        ClientFleet.closeAll(senders, 10);
        if (bounced.sum() > 0) {
            return report.metric("bounced", bounced.sum(), "msgs", "messages bounced with an error")
                    .note("the server bounced messages to offline users: offline storage unsupported").build("unsupported");
        }
        report.metric("messages", total, "msgs", "messages to offline users")
                .metric("store_per_s", stored ? total / storeSeconds : Double.NaN, "msgs/s", "store rate");

        CpuWindow window = CpuWindow.start(settings.server(), settings.database());
        long t1 = System.nanoTime();
        List<ClientConnection> recipients = fleet.connectAll(recipientIdx, LoginPlan.online(false), this::onRecipientStanza,
                settings.loginConcurrency(), 600);
        // keep waiting while messages still come in (bounded)
        Waits.whileProgressing(() -> drained.sum() >= total, drained::sum, 3_000, 300_000);
        CpuWindow.Usage cpu = window.end();
        ClientFleet.closeAll(recipients, 10);
        long got = drained.sum();
        if (got == 0) {
            return report.note("recipients received none of " + total + " messages after logging in").build("unsupported");
        }
        double drainSeconds = (lastDrainNanos.get() - t1) / 1e9;
        report.metric("drained", got, "msgs", "messages delivered after login")
                .metric("drain_per_s", got / drainSeconds, "msgs/s", "drain rate (login of all recipients to last message)");
        // Which side set the drain's pace: the server's process, its database server apart (on the same core here)
        cpu.generatorPercent().ifPresent(pct -> report.metric("drain_generator_cpu_pct", pct, "%",
                "generator CPU during the drain (% of a core)"));
        cpu.serverPercent().ifPresent(pct -> report.metric("drain_server_cpu_pct", pct, "%",
                "server CPU during the drain (% of a core)"));
        cpu.databasePercent().ifPresent(pct -> report.metric("drain_database_cpu_pct", pct, "%",
                "database server CPU during the drain (% of a core)"));
        return report.build(got == total ? "ok" : "partial");
    }

    private void onSenderStanza(ClientConnection c, XmlElement stanza) {
        if (stanza.localName().equals("message") && "error".equals(stanza.attributes().get("type"))) {
            bounced.increment();
        } else if (stanza.localName().equals("iq") && "flush".equals(stanza.attributes().get("id"))) {
            pongs.increment();
        }
    }

    private void onRecipientStanza(ClientConnection c, XmlElement stanza) {
        if (stanza.localName().equals("message") && stanza.has("body")) {
            drained.increment();
            lastDrainNanos.set(System.nanoTime());
        }
    }
}
