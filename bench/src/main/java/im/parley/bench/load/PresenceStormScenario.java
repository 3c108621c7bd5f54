package im.parley.bench.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * presence storm: users in groups of {@code contacts + 1}, each subscribed both ways to every other member of its
 * group (RFC 6121 §3: subscribe / subscribed, set up untimed and answered by the clients). Then everyone logs out,
 * and all log in at once (after an untimed pass of silent logins that warms the generator), fetch the roster and
 * send initial presence (RFC 6121 §4.2). Quiet is reached when every
 * user has seen available presence from each of its contacts (broadcast or probe answers, §4.2.2 and §4.3); the
 * rate is presence stanzas received per second until then. Setup that never completes means the server keeps no
 * subscriptions: {@code unsupported}.
 */
public final class PresenceStormScenario {
    /** {@code skipSetup}: the subscriptions were made by an earlier run on the same accounts (repeat the storm only). */
    public record Settings(int users, int contacts, boolean register, int loginConcurrency, boolean skipSetup) {}

    private final ClientFleet fleet;
    private final Settings settings;
    private final int groupSize;
    private final int users;
    private List<Set<Integer>> seen;
    private final LongAdder complete = new LongAdder();
    private final LongAdder presences = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final AtomicLong lastPresenceNanos = new AtomicLong();
    private volatile boolean storm;

    public PresenceStormScenario(ClientFleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
        this.groupSize = settings.contacts() + 1;
        this.users = Math.max(groupSize, settings.users() - settings.users() % groupSize);
    }

    public ScenarioReport run() throws InterruptedException {
        ScenarioReport.Builder report = new ScenarioReport.Builder("presence");
        List<Integer> all = IntStream.range(0, users).boxed().toList();
        if (!settings.skipSetup()) {
            Optional<ScenarioReport> failed = subscribeGroups(all, report);
            if (failed.isPresent()) {
                return failed.get();
            }
        }

        // A run that skipped the set-up starts with a cold generator: warm it for these users first.
        fleet.warmUp(all, settings.loginConcurrency());
        resetSeen();
        storm = true;
        long t0 = System.nanoTime();
        List<ClientConnection> stormers = fleet.connectAll(all, LoginPlan.withRoster(false), this::onStanza,
                Math.max(settings.loginConcurrency(), users), 600);
        boolean quiet = Waits.whileProgressing(() -> complete.sum() >= users, presences::sum, 5_000, 300_000);
        long end = quiet ? lastPresenceNanos.get() : System.nanoTime();
        double seconds = (end - t0) / 1e9;
        ClientFleet.closeAll(stormers, 30);
        report.metric("users", users, "users", "users logging in at once")
                .metric("contacts", settings.contacts(), "contacts", "contacts per user (mutual subscriptions)")
                .metric("presence_stanzas", presences.sum(), "stanzas", "presence stanzas received")
                .metric("presence_per_s", presences.sum() / seconds, "stanzas/s", "presence stanzas per second")
                .metric("time_to_quiet_s", seconds, "s", "first login to every contact's presence seen");
        return report.build(quiet ? "ok" : "partial");
    }

    /** RFC 6121 §3.1: every member of a group asks every other member, who approves (see {@link #onStanza}). */
    private Optional<ScenarioReport> subscribeGroups(List<Integer> all, ScenarioReport.Builder report) throws InterruptedException {
        resetSeen();
        // RFC 6121 §3.1.3 and §3.1.6: requests go to available resources, approvals to interested ones (those that
        // fetched the roster, §2.1.6), so the members fetch the roster and send initial presence first.
        List<ClientConnection> online = fleet.connectAll(all, LoginPlan.withRoster(settings.register()), this::onStanza,
                settings.loginConcurrency(), 600);
        if (online.size() < users) {
            ClientFleet.closeAll(online, 10);
            return Optional.of(report.note("setup logins: " + online.size() + "/" + users + " " + fleet.failures()).build("failed"));
        }
        // Each member asks every later member of its group; the other side approves and asks back (see onStanza).
        for (ClientConnection c : online) {
            c.channel().eventLoop().execute(() -> {
                int group = c.index() / groupSize;
                for (int j = c.index() + 1; j < (group + 1) * groupSize; j++) {
                    c.write("<presence type='subscribe' to='" + fleet.target().bareJid(j) + "'/>");
                }
                c.flush();
            });
        }
        // Untimed set-up, done once per server: 50,000 subscriptions cost every server minutes of roster writes, with
        // quiet spells while its queues drain; give up only after 30 s without a single presence, or 20 minutes.
        boolean subscribed = Waits.whileProgressing(() -> complete.sum() >= users, events::sum, 30_000, 1_200_000);
        ClientFleet.closeAll(online, 30);
        if (!subscribed) {
            return Optional.of(report.metric("subscribed_users", complete.sum(), "users", "users with all subscriptions approved")
                    .note("subscriptions did not complete: no roster/subscription support, or the set-up stalled (30 s without a presence)").build("unsupported"));
        }
        return Optional.empty();
    }

    private void resetSeen() {
        List<Set<Integer>> s = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            s.add(new HashSet<>());
        }
        seen = s;
        complete.reset();
        presences.reset();
    }

    private void onStanza(ClientConnection c, XmlElement stanza) {
        if (!stanza.localName().equals("presence")) {
            return;
        }
        int from = indexOf(stanza.attributeOr("from", ""));
        String type = stanza.attributeOr("type", "available");
        if (storm) {
            presences.increment();
            lastPresenceNanos.set(System.nanoTime());
            if (type.equals("available") && from >= 0 && from != c.index()) {
                countSeen(c.index(), from);
            }
            return;
        }
        events.increment();
        switch (type) {
            case "subscribe" -> {
                c.write("<presence type='subscribed' to='" + fleet.target().bareJid(from) + "'/>");
                if (from < c.index()) {
                    // asked by an earlier member, which this user has not asked (it asks only later members)
                    c.write("<presence type='subscribe' to='" + fleet.target().bareJid(from) + "'/>");
                }
            }
            case "subscribed" -> countSeen(c.index(), from);
            default -> { }
        }
    }

    private void countSeen(int user, int contact) {
        if (contact < 0 || user >= seen.size()) {
            return;
        }
        Set<Integer> s = seen.get(user);
        if (s.add(contact) && s.size() == settings.contacts()) {
            complete.increment();
        }
    }

    /** {@code load17@domain/res} → 17; -1 for anything else (the server's own JID). */
    private int indexOf(String jid) {
        String prefix = fleet.target().userPrefix();
        int at = jid.indexOf('@');
        if (!jid.startsWith(prefix) || at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(jid.substring(prefix.length(), at));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
