package im.parley.testing;

import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/** {@link ServerServices} that records what a module asked for instead of doing it. Thread-safe. */
public final class RecordingServices implements ServerServices {
    private final String domain;
    private final Clock clock;
    private final List<Packet> routed = new CopyOnWriteArrayList<>();
    private final List<ClosedSessions> closedSessions = new CopyOnWriteArrayList<>();
    private final Set<JID> online = ConcurrentHashMap.newKeySet();
    private final java.util.Map<JID, SessionView> sessions = new ConcurrentHashMap<>();

    public RecordingServices(String domain, Clock clock) {
        this.domain = domain;
        this.clock = clock;
    }

    /** One {@link #closeSessions} call. */
    public record ClosedSessions(String username, StreamError.Condition condition) {}

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void route(Packet packet) {
        if (packet.getFrom() == null) {
            throw new IllegalArgumentException("a server-originated stanza must carry 'from': " + packet.toXML());
        }
        // A copy, so a module changing its packet afterwards cannot change what the test sees.
        routed.add(packet.createCopy());
    }

    /** Recorded like {@link #route}: the harness has no sessions to deliver to. */
    @Override
    public void routeInOrder(Packet packet) {
        route(packet);
    }

    @Override
    public void closeSessions(String username, StreamError.Condition condition) {
        closedSessions.add(new ClosedSessions(username, condition));
    }

    @Override
    public boolean isOnline(JID fullJid) {
        return online.contains(fullJid);
    }

    private final List<String> discoFeatures = new CopyOnWriteArrayList<>();

    @Override
    public List<String> discoFeatures() {
        return List.copyOf(discoFeatures);
    }

    /** Makes {@link #discoFeatures} report these. */
    public RecordingServices discoFeatures(List<String> features) {
        discoFeatures.addAll(features);
        return this;
    }

    @Override
    public List<SessionView> sessionsOf(String bareJid) {
        return sessions.values().stream().filter(s -> s.jid().toBareJID().equals(bareJid)).toList();
    }

    /** Makes {@link #sessionsOf} and {@link #isOnline} report this session. */
    public RecordingServices session(SessionView session) {
        sessions.put(session.jid(), session);
        online.add(session.jid());
        return this;
    }

    /** Makes {@link #isOnline} answer true for this full JID. */
    public RecordingServices online(String fullJid) {
        online.add(new JID(fullJid));
        return this;
    }

    public List<Packet> routed() {
        return List.copyOf(routed);
    }

    public List<ClosedSessions> closedSessions() {
        return List.copyOf(closedSessions);
    }
}
