package im.parley.ext.offline;

import im.parley.module.ServerServices;
import im.parley.storage.OfflineEntry;
import im.parley.storage.OfflineQueue;
import im.parley.storage.OfflineStoreResult;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.Message;

/** Commits a message for an offline account to the queue, stamped with when the server received it (XEP-0203). */
final class OfflineStorage {
    static final String DELAY = "urn:xmpp:delay";
    private static final Logger log = LoggerFactory.getLogger(OfflineStorage.class);

    private final OfflineQueue queue;
    private final ServerServices services;

    OfflineStorage(OfflineQueue queue, ServerServices services) {
        this.queue = queue;
        this.services = services;
    }

    /**
     * True when the message is taken care of: committed, or dropped because XEP-0160 says not to keep it. False when
     * it cannot be kept (queue full, no such account, groupchat): the router answers service-unavailable.
     */
    boolean store(Message message) {
        switch (OfflineStoragePolicy.decide(message)) {
            case DISCARD -> {
                return true;
            }
            case REFUSE -> {
                return false;
            }
            case STORE -> { }
        }
        String username = message.getTo().getNode();
        Instant received = services.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        Message stamped = message.createCopy();
        addDelay(stamped.getElement(), received);
        OfflineStoreResult result = queue.store(
                new OfflineEntry(username, message.getFrom().toString(), received, stamped.toXML()));
        if (result == OfflineStoreResult.QUEUE_FULL) {
            // RFC 6121 §8.5.2.2.1 / XEP-0160 §3: refuse the new one, keep every message already queued.
            log.debug("offline queue of {} is full ({} messages): refusing a message from {}",
                    username, queue.limit(), message.getFrom());
        }
        return result == OfflineStoreResult.STORED;
    }

    /** XEP-0203 §3 / XEP-0160 §3: say that, and since when, the server held the message. */
    private void addDelay(Element message, Instant received) {
        String domain = services.domain();
        boolean ours = message.elements("delay").stream()
                .anyMatch(d -> DELAY.equals(d.getNamespaceURI()) && domain.equals(d.attributeValue("from")));
        if (ours) {
            return; // stored before and routed back here (its session ended before delivery): keep the first stamp
        }
        message.addElement("delay", DELAY)
                .addAttribute("from", domain)
                .addAttribute("stamp", DateTimeFormatter.ISO_INSTANT.format(received))
                .setText("Offline Storage");
    }
}
