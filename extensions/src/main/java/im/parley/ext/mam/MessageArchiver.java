package im.parley.ext.mam;

import im.parley.module.NotInMemoryException;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.StanzaInterceptor;
import im.parley.storage.ArchivedMessage;
import im.parley.storage.Direction;
import im.parley.storage.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Archives a message between local users in the sender's archive (outgoing) and the recipient's (incoming), written
 * together behind the message by the {@link ArchiveWriter}, and returns a copy for routing that tells the recipient its
 * archive id (XEP-0313 §3.5, XEP-0359). Runs before routing (on the sender's ordered executor or, ADR 015, its event
 * loop), so the id is in the message wherever it goes next (a live session or the offline store).
 */
final class MessageArchiver implements StanzaInterceptor {
    static final String STANZA_ID_NS = "urn:xmpp:sid:0";
    private static final Logger log = LoggerFactory.getLogger(MessageArchiver.class);

    private final ArchiveWriter archive;
    private final StanzaIds ids;
    private final Predicate<String> accountExists;
    private final BiPredicate<String, String> inRoster;
    private final ArchivePreferences preferences;
    private final ServerServices services;

    /**
     * {@code accountExists}: whether a local username has an account; {@code inRoster}: whether (username, bare JID)
     * is an item of that user's roster, for the {@code roster} default.
     */
    MessageArchiver(ArchiveWriter archive, Predicate<String> accountExists, BiPredicate<String, String> inRoster,
                    ArchivePreferences preferences, StanzaIds ids, ServerServices services) {
        this.archive = archive;
        this.ids = ids;
        this.accountExists = accountExists;
        this.inRoster = inRoster;
        this.preferences = preferences;
        this.services = services;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        return intercept(packet, session, false);
    }

    /**
     * From memory (ADR 015) when the recipient is online (an offline one costs an account lookup), neither user's
     * preferences leave the choice to the roster, and the writer's queue has room for both rows.
     */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        Optional<JID> local = localRecipient(packet, session);
        if (local.isEmpty() || !ArchivingPolicy.archivable((Message) packet)) {
            return true;
        }
        JID from = packet.getFrom();
        JID to = local.get();
        String sender = from.toBareJID();
        String recipient = to.toBareJID();
        return services.hasSessions(recipient) && archive.hasRoomFor(2)
                && !preferences.of(from.getNode()).asksRoster(recipient)
                && !preferences.of(to.getNode()).asksRoster(sender);
    }

    /**
     * The same, handing the rows to the writer without waiting for room ({@link #inMemory} found some). A recipient
     * who went offline since is taken to exist: online a moment ago, and rows of an account deleted meanwhile are
     * not stored (ADR 007). A preference changed to the roster default since throws before anything is written.
     */
    @Override
    public Optional<Packet> interceptInMemory(Packet packet, Requester session) {
        return intercept(packet, session, true);
    }

    private Optional<Packet> intercept(Packet packet, Requester session, boolean onEventLoop) {
        Optional<JID> local = localRecipient(packet, session);
        if (local.isEmpty()) {
            return Optional.of(packet);
        }
        Message message = (Message) packet;
        JID from = message.getFrom();
        JID to = local.get();
        String sender = from.toBareJID();
        String recipient = to.toBareJID();
        Message routed = withoutForgedIds(message, sender, recipient);
        if (!ArchivingPolicy.archivable(message)) {
            return Optional.of(routed);
        }
        boolean toSelf = sender.equals(recipient);
        boolean recipientArchives;
        String id;
        try {
            // An online recipient exists; only an offline one costs a lookup.
            if (!onEventLoop && !services.hasSessions(recipient) && !accountExists.test(to.getNode())) {
                return Optional.of(routed);
            }
            BiPredicate<String, String> roster = onEventLoop ? MessageArchiver::rosterNotInMemory : inRoster;
            Instant now = services.clock().instant();
            id = ids.next(now);
            String xml = routed.toXML();
            List<ArchivedMessage> rows = new ArrayList<>(2);
            if (preferences.of(from.getNode()).archives(recipient, peer -> roster.test(from.getNode(), peer))) {
                rows.add(new ArchivedMessage(id, from.getNode(), now, recipient, Direction.OUTGOING, xml));
            }
            // XEP-0313 §5.1.1: a message to oneself is stored once in the one archive.
            recipientArchives = toSelf ? !rows.isEmpty()
                    : preferences.of(to.getNode()).archives(sender, peer -> roster.test(to.getNode(), peer));
            if (recipientArchives && !toSelf) {
                rows.add(new ArchivedMessage(id, to.getNode(), now, sender, Direction.INCOMING, xml));
            }
            if (rows.isEmpty()) {
                return Optional.of(routed);
            }
            if (onEventLoop) {
                archive.writeWithoutWaiting(rows);
            } else {
                archive.write(rows);
            }
        } catch (StorageException e) {
            // Delivery matters more than history: the message goes on, only without an archive id.
            log.warn("archiving message {} from {} to {} failed; delivering it unarchived", message.getID(), from, to, e);
            return Optional.of(routed);
        }
        if (recipientArchives) {
            // XEP-0313 §3.5: 'by' is the address of the archive, the recipient's bare JID.
            routed.getElement().addElement("stanza-id", STANZA_ID_NS)
                    .addAttribute("by", recipient)
                    .addAttribute("id", id);
        }
        return Optional.of(routed);
    }

    /**
     * The recipient, when this is a message from a local client to a local account: the only kind archived. A message
     * without 'to' is for the sender's own account (RFC 6120 §10.3). No server-to-server yet: the router bounces a
     * remote one, so it is not part of any conversation to archive.
     */
    private Optional<JID> localRecipient(Packet packet, Requester session) {
        if (!(packet instanceof Message message) || !session.authenticated() || message.getFrom() == null) {
            return Optional.empty();
        }
        JID to = message.getTo() == null ? message.getFrom().asBareJID() : message.getTo();
        return services.domain().equals(to.getDomain()) && to.getNode() != null ? Optional.of(to) : Optional.empty();
    }

    private static boolean rosterNotInMemory(String username, String peer) {
        throw new NotInMemoryException("archiving for " + username + " asks the roster");
    }

    /**
     * A copy without the {@code <stanza-id/>} elements a client put in claiming to be from either user's archive:
     * XEP-0359 §3, a server MUST remove any stanza-id whose 'by' is an entity it adds ids for.
     */
    private static Message withoutForgedIds(Message message, String sender, String recipient) {
        Message copy = message.createCopy();
        for (Element child : List.copyOf(copy.getElement().elements("stanza-id"))) {
            String by = child.attributeValue("by");
            if (STANZA_ID_NS.equals(child.getNamespaceURI()) && (recipient.equals(by) || sender.equals(by))) {
                copy.getElement().remove(child);
            }
        }
        return copy;
    }
}
