package im.parley.ext.lastactivity;

import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.StanzaInterceptor;
import im.parley.storage.LastActivity;
import im.parley.storage.LastActivityStore;
import im.parley.storage.StorageException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Records an account's last logout (XEP-0012 §3) when its last session ends, with the status text of the unavailable
 * presence that resource sent before it went, if it sent one. Both callbacks run on the user's executor.
 */
final class LogoutRecorder implements StanzaInterceptor, SessionListener {
    private static final Logger log = LoggerFactory.getLogger(LogoutRecorder.class);

    private final LastActivityStore store;
    private final ServerServices services;
    /** Per full JID: the status of its last unavailable presence (RFC 6121 §4.5.1), while the session lasts. */
    private final Map<JID, String> goodbyes = new ConcurrentHashMap<>();

    LogoutRecorder(LastActivityStore store, ServerServices services) {
        this.store = store;
        this.services = services;
    }

    /** Messages pass by untouched (ADR 015). */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        return packet instanceof Message;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        if (packet instanceof Presence presence && presence.getTo() == null && presence.getFrom() != null) {
            if (presence.getType() == Presence.Type.unavailable) {
                String status = presence.getStatus();
                goodbyes.put(presence.getFrom(), status == null ? "" : status);
            } else if (presence.getType() == null) {
                goodbyes.remove(presence.getFrom()); // available again: an earlier goodbye no longer counts
            }
        }
        return Optional.of(packet);
    }

    @Override
    public void bound(JID fullJid) {
        goodbyes.remove(fullJid);
    }

    @Override
    public void closed(JID fullJid) {
        String status = goodbyes.remove(fullJid);
        if (services.hasSessions(fullJid.toBareJID())) {
            return; // XEP-0012 §3 is about the account logging out: another resource is still there
        }
        try {
            store.put(fullJid.getNode(), new LastActivity(services.clock().instant(), status == null ? "" : status));
        } catch (StorageException e) {
            // The session is over either way; a missed record only makes the next answer older than it should be.
            log.warn("{}: could not record last activity at logout", fullJid, e);
        }
    }
}
