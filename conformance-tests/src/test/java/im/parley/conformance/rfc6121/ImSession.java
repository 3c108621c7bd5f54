package im.parley.conformance.rfc6121;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Credentials;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

/**
 * One logged-in Smack session driven at the protocol level for the RFC 6121 tests: raw roster IQs (so that the test
 * sees the server's exact reply, errors included), subscription presence, and every roster push the server sends,
 * recorded as it arrives. Smack's own roster logic is kept out of the way: its subscription mode is {@code manual}
 * (the default would answer requests by itself) and its roster-push handler is replaced by the recorder.
 */
final class ImSession {
    private static final long TIMEOUT_MS = Accounts.REPLY_TIMEOUT.toMillis();

    private final XMPPTCPConnection connection;
    private final BlockingQueue<RosterPacket> pushes;

    private ImSession(XMPPTCPConnection connection, BlockingQueue<RosterPacket> pushes) {
        this.connection = connection;
        this.pushes = pushes;
    }

    /** Logs in {@code who} on {@code resource}; Smack sends initial presence (RFC 6121 §4.2) as part of the login. */
    static ImSession login(Accounts accounts, Credentials who, String resource) {
        return login(accounts, who, resource, c -> { });
    }

    /** As {@link #login(Accounts, Credentials, String)}, with {@code beforeLogin} applied to the connected session. */
    static ImSession login(Accounts accounts, Credentials who, String resource, Consumer<XMPPTCPConnection> beforeLogin) {
        XMPPTCPConnection connection = accounts.unconnected(accounts.configuration().build());
        Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.manual);
        BlockingQueue<RosterPacket> pushes = new LinkedBlockingQueue<>();
        connection.registerIQRequestHandler(new AbstractIqRequestHandler(RosterPacket.ELEMENT, RosterPacket.NAMESPACE,
                IQ.Type.set, IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ push) {
                pushes.add((RosterPacket) push);
                return IQ.createResultIQ(push); // RFC 6121 §2.1.6: the client acknowledges a push
            }
        });
        beforeLogin.accept(connection);
        accounts.login(connection, who, resource);
        return new ImSession(connection, pushes);
    }

    XMPPTCPConnection connection() {
        return connection;
    }

    EntityFullJid jid() {
        return connection.getUser();
    }

    BareJid bareJid() {
        return connection.getUser().asBareJid();
    }

    // ---- roster (RFC 6121 §2)

    /** A roster get, optionally with the version the client holds (§2.6.3); the server's reply, whatever it is. */
    IQ rosterGet(Optional<String> version) {
        RosterPacket get = new RosterPacket();
        get.setType(IQ.Type.get);
        version.ifPresent(get::setVersion);
        return request(get);
    }

    /** The whole roster; fails unless the server answers with a roster. */
    RosterPacket roster() {
        IQ reply = rosterGet(Optional.empty());
        assertThat(reply).as("the reply to a roster get from %s", jid()).isInstanceOf(RosterPacket.class);
        return (RosterPacket) reply;
    }

    /** The item for {@code contact} in the roster the server returns now. */
    Optional<RosterPacket.Item> item(BareJid contact) {
        return roster().getRosterItems().stream().filter(i -> i.getJid().equals(contact)).findFirst();
    }

    /** A roster set with these items (§2.3): the server's reply, result or error. */
    IQ rosterSet(RosterPacket.Item... items) {
        RosterPacket set = new RosterPacket();
        set.setType(IQ.Type.set);
        for (RosterPacket.Item item : items) {
            set.addRosterItem(item);
        }
        return request(set);
    }

    /** Adds or updates {@code contact} and fails unless the server accepts it. */
    void addContact(BareJid contact, String name) {
        IQ reply = rosterSet(new RosterPacket.Item(contact, name));
        assertThat(reply.getType()).as("reply to adding %s to the roster of %s: %s", contact, jid(), reply.toXML())
                .isEqualTo(IQ.Type.result);
    }

    /** A roster set with subscription='remove' (§2.5). */
    IQ rosterRemove(BareJid contact) {
        RosterPacket.Item item = new RosterPacket.Item(contact, null);
        item.setItemType(RosterPacket.ItemType.remove);
        return rosterSet(item);
    }

    /** The next roster push the server sent to this session (§2.1.6), waiting up to the reply timeout. */
    RosterPacket nextPush() throws InterruptedException {
        RosterPacket push = pushes.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(push).as("a roster push to %s within %d ms", jid(), TIMEOUT_MS).isNotNull();
        return push;
    }

    /** The push the server sent before the last {@link #sync()}, if any (never waits). */
    Optional<RosterPacket> pushSoFar() {
        return Optional.ofNullable(pushes.poll());
    }

    // ---- presence (RFC 6121 §3, §4)

    /** Sends presence of {@code type} to {@code to}, as the client's server would receive it (no 'from'). */
    void send(Presence.Type type, Jid to) {
        send(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(to).build());
    }

    void send(Presence presence) {
        try {
            connection.sendStanza(presence);
        } catch (Exception e) {
            throw new AssertionError(jid() + " could not send " + presence.toXML(), e);
        }
    }

    /**
     * Two ping round trips (XEP-0199), a barrier: the server handles one user's stanzas in order on that user's
     * executor, but what it routes on its own behalf (subscription deliveries, bounces, pushes, presence answers)
     * is queued on the recipient's executor, possibly behind a ping that arrived meanwhile. The second ping is sent
     * after the first was answered, so it queues behind everything the earlier stanzas caused for this user; any
     * session that syncs after this one returns also sees what those stanzas routed to it.
     */
    void sync() {
        for (int round = 0; round < 2; round++) {
            try {
                assertThat(PingManager.getInstanceFor(connection).pingMyServer(true, TIMEOUT_MS))
                        .as("the server answers a ping from %s", jid()).isTrue();
            } catch (Exception e) {
                throw new AssertionError("ping from " + jid() + " failed", e);
            }
        }
    }

    StanzaCollector collect(StanzaFilter filter) {
        return connection.createStanzaCollector(filter);
    }

    /** Presence of {@code type} from {@code from} (a bare JID matches every resource of it). */
    static StanzaFilter presence(Presence.Type type, Jid from) {
        return new AndFilter(stanza -> stanza instanceof Presence p && p.getType() == type, FromMatchesFilter.create(from));
    }

    /** The next stanza a collector got, waiting up to the reply timeout; null when none came. */
    static <S extends Stanza> S next(StanzaCollector collector) throws InterruptedException {
        return collector.nextResult(TIMEOUT_MS);
    }

    /** Sends an IQ request and returns the server's reply, result or error. */
    IQ request(IQ iq) {
        try (StanzaCollector replies = connection.createStanzaCollectorAndSend(iq)) {
            IQ reply = replies.nextResult(TIMEOUT_MS);
            assertThat(reply).as("a reply to %s from the server within %d ms", iq.toXML(), TIMEOUT_MS).isNotNull();
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the reply to " + iq.toXML(), e);
        } catch (Exception e) {
            throw new AssertionError(jid() + " could not send " + iq.toXML(), e);
        }
    }
}
