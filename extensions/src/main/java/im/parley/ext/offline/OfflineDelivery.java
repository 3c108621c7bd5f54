package im.parley.ext.offline;

import im.parley.ext.StoredXml;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.StanzaInterceptor;
import im.parley.storage.OfflineMessage;
import im.parley.storage.OfflineQueue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Delivers the queue when a resource becomes able to receive bare-JID messages: available presence with a
 * non-negative priority (XEP-0160 §2, RFC 6121 §8.5.2.1.1). It only watches presence; it never consumes it.
 */
final class OfflineDelivery implements StanzaInterceptor, SessionListener {
    private static final Logger log = LoggerFactory.getLogger(OfflineDelivery.class);

    private final OfflineQueue queue;
    private final DeliveredRemovals removals;
    private final ServerServices services;
    /**
     * Full JIDs whose last broadcast presence was available with priority >= 0. Kept here rather than read from the
     * session, because the session records the new presence on the event loop before interceptors run.
     */
    private final Set<JID> receiving = ConcurrentHashMap.newKeySet();

    OfflineDelivery(OfflineQueue queue, DeliveredRemovals removals, ServerServices services) {
        this.queue = queue;
        this.removals = removals;
        this.services = services;
    }

    /** Messages pass by untouched (ADR 015). */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        return packet instanceof Message;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        if (packet instanceof Presence presence && presence.getTo() == null && session.authenticated()) {
            JID resource = session.fullJid();
            if (presence.getType() == null && priority(presence) >= 0) {
                if (receiving.add(resource)) {
                    deliverQueue(resource);
                }
            } else if (presence.getType() == null || presence.getType() == Presence.Type.unavailable) {
                // A negative priority or going unavailable: bare-JID messages are stored again (RFC 6121 §8.5.2.1.1).
                receiving.remove(resource);
            }
        }
        return Optional.of(packet);
    }

    @Override
    public void closed(JID fullJid) {
        receiving.remove(fullJid);
        removals.removeNow(fullJid.getNode());
    }

    /**
     * One read of the whole queue, every message routed to {@code resource} in order, then the delete handed to the
     * writer behind. What an earlier session was handed and is not deleted yet is skipped.
     */
    private void deliverQueue(JID resource) {
        String username = resource.getNode();
        long handedOver = removals.handedOverThrough(username);
        List<OfflineMessage> queued = queue.fetch(username).stream().filter(m -> m.id() > handedOver).toList();
        if (queued.isEmpty()) {
            return;
        }
        for (OfflineMessage stored : queued) {
            try {
                Message message = new Message(StoredXml.parse(stored.stanza()), true);
                message.setTo(resource);
                // Routed now, while the session's initial presence holds the account's lock: the backlog reaches the
                // session in queue order and before any live message. If the session ends first, the router finds
                // no resource and stores them again (with their first stamp).
                services.routeInOrder(message);
            } catch (RuntimeException e) {
                log.warn("offline message {} of {} cannot be read back, dropping it: {}", stored.id(), username,
                        e.getMessage(), e);
            }
        }
        long last = queued.getLast().id();
        removals.remove(username, last);
        log.debug("delivered {} offline messages to {}", queued.size(), resource);
    }

    private static int priority(Presence presence) {
        String text = presence.getElement().elementTextTrim("priority");
        if (text == null) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0; // the session treats a malformed priority as 0 too
        }
    }
}
