package im.parley.ext.blocking;

import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import im.parley.storage.RosterItem;
import im.parley.storage.RosterStore;
import im.parley.storage.Subscription;
import java.util.List;
import java.util.Set;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * XEP-0191 §3.3 and §3.4: a contact allowed to see the user's presence (subscription from or both) sees the user go
 * unavailable when blocked, and gets the current presence back when unblocked.
 */
final class BlockPresence {
    private final RosterStore rosters;
    private final ServerServices services;

    BlockPresence(RosterStore rosters, ServerServices services) {
        this.rosters = rosters;
        this.services = services;
    }

    void blocked(JID user, Set<String> jids) {
        for (JID contact : subscribers(user, jids)) {
            for (SessionView session : availableSessions(user)) {
                Presence unavailable = new Presence(Presence.Type.unavailable);
                unavailable.setFrom(session.jid());
                unavailable.setTo(contact);
                services.route(unavailable);
            }
        }
    }

    void unblocked(JID user, Set<String> jids) {
        for (JID contact : subscribers(user, jids)) {
            for (SessionView session : availableSessions(user)) {
                session.presence().ifPresent(current -> {
                    Presence copy = current.createCopy();
                    copy.setFrom(session.jid());
                    copy.setTo(contact);
                    services.route(copy);
                });
            }
        }
    }

    /** The roster contacts matched by {@code jids} that receive the user's presence. */
    private List<JID> subscribers(JID user, Set<String> jids) {
        return rosters.roster(user.getNode()).items().stream()
                .filter(item -> item.subscription() == Subscription.FROM || item.subscription() == Subscription.BOTH)
                .map(RosterItem::contact)
                .map(JID::new)
                .filter(contact -> BlockLists.matches(jids, contact))
                .toList();
    }

    private List<SessionView> availableSessions(JID user) {
        return services.sessionsOf(user.toBareJID()).stream().filter(SessionView::available).toList();
    }
}
