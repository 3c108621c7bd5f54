package im.parley.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.xmpp.packet.JID;

/** The bound sessions of local users. A cluster implementation may replace the local one. */
public interface SessionRegistry {
    /** Binds the session's full JID; returns the session it replaced, if the resource was taken. */
    Optional<LocalSession> bind(LocalSession session);

    /** Forgets the session if it is still the one bound to its JID; false if another one took the JID since. */
    boolean unbind(LocalSession session);

    Optional<LocalSession> session(JID fullJid);

    /** The sessions of an account, given its bare JID ("user@domain"). */
    List<LocalSession> sessionsOf(String bareJid);

    /** Whether an account has a bound session: {@link #sessionsOf} without copying the list. */
    default boolean hasSessions(String bareJid) {
        return !sessionsOf(bareJid).isEmpty();
    }

    Collection<LocalSession> all();

    int count();
}
