package im.parley.module;

import java.time.Clock;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/** The server's run-time services a module may call. Safe to call from any thread. */
public interface ServerServices {
    /** The domain this server serves. */
    String domain();

    Clock clock();

    /** Routes a stanza the server itself originates (its {@code from} must be set), as RFC 6121 §8 says. */
    void route(Packet packet);

    /**
     * Routes now, on the calling thread, so the stanza is delivered (or stored, or bounced) before the caller goes
     * on: for module code that already runs on a user's ordered executor (interceptors, IQ handlers, session
     * listeners) and must keep its stanzas in order with what it does next — e.g. offline messages before live ones,
     * archive results before the IQ result that ends a query (XEP-0313 §4).
     */
    void routeInOrder(Packet packet);

    /** Ends every session of a local account with this stream error (e.g. after account removal). */
    void closeSessions(String username, StreamError.Condition condition);

    /** The bound sessions of a local account, given its bare JID ("user@domain"). */
    java.util.List<SessionView> sessionsOf(String bareJid);

    /** Whether a local account has a bound session: {@link #sessionsOf} without copying each session's presence. */
    default boolean hasSessions(String bareJid) {
        return !sessionsOf(bareJid).isEmpty();
    }

    /** Every feature the modules registered for the server's disco#info (XEP-0030), e.g. for XEP-0115 caps. */
    java.util.List<String> discoFeatures();

    /** Whether the full JID has a live session on this server. */
    boolean isOnline(JID fullJid);
}
