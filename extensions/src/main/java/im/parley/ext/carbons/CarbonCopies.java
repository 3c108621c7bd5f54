package im.parley.ext.carbons;

import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import im.parley.module.StanzaInterceptor;
import im.parley.routing.Addresses;
import im.parley.routing.DeliveryRules;
import im.parley.session.LocalSession;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.xmpp.packet.StreamError;

/**
 * Copies a message a local client sends to the carbons-enabled resources that will not see it otherwise: the
 * sender's other resources get {@code <sent/>} (XEP-0280 §8), the recipient's resources that the delivery rules do
 * not pick get {@code <received/>} (§7). Runs on the sender's executor before routing, so every resource gets at most
 * one copy and none gets a copy of what it receives as the original. The original passes on unchanged.
 */
final class CarbonCopies implements StanzaInterceptor {
    private static final String CLIENT_NAMESPACE = "jabber:client";

    private final CarbonsEnabled enabled;
    private final ServerServices services;

    CarbonCopies(CarbonsEnabled enabled, ServerServices services) {
        this.enabled = enabled;
        this.services = services;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        if (!(packet instanceof Message message)) {
            return Optional.of(packet);
        }
        // Each once: Tinder's getFrom and getTo build a string per call to check their cached JID.
        JID sender = message.getFrom();
        if (sender == null || sender.getResource() == null) {
            return Optional.of(packet);
        }
        JID to = message.getTo();
        // RFC 6120 §10.3: no 'to' means the sender's own account. The sender is the local client this came from.
        JID recipient = to == null ? sender : to;
        boolean localRecipient = recipient.getNode() != null && services.domain().equals(recipient.getDomain());
        if (CarbonEligibility.isPrivate(message)) {
            // XEP-0280 §9: no copies, and the receiving server SHOULD remove <private/>; for local recipients that is us.
            return Optional.of(localRecipient ? withoutPrivate(message) : message);
        }
        if (!CarbonEligibility.eligible(message)) {
            return Optional.of(message);
        }
        boolean toOwnAccount = localRecipient && Addresses.sameAccount(recipient, sender);
        Set<String> senderCopies = enabled.resourcesOf(sender.getNode());
        // A message to one's own account was sent by the user: the <sent/> copies are all it gets.
        Set<String> recipientCopies = localRecipient && !toOwnAccount
                ? enabled.resourcesOf(recipient.getNode()) : Set.of();
        if (senderCopies.isEmpty() && recipientCopies.isEmpty()) {
            return Optional.of(message); // most messages: nobody on either side enabled carbons
        }
        // Resources that get the original (or sent it) get no copy: XEP-0280 §7, and §8 "excluding the sending client".
        Set<JID> served = new HashSet<>(!recipientCopies.isEmpty() || toOwnAccount
                ? originalRecipients(message, recipient.toBareJID()) : Set.of());
        served.add(sender);
        copyTo(senderCopies, sender, "sent", message, served);
        copyTo(recipientCopies, recipient, "received", message, served);
        return Optional.of(message);
    }

    /**
     * Who enabled carbons and who is online are held in memory (ADR 015). Each copy is routed to a resource found
     * online a moment before; if it ends in between, the router looks the account up like any other message's.
     */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        return true;
    }

    private void copyTo(Set<String> resources, JID account, String direction, Message message, Set<JID> served) {
        for (String resource : resources) { // weakly consistent: a resource enabling meanwhile may or may not get one
            JID fullJid = new JID(account.getNode(), account.getDomain(), resource, true);
            if (served.add(fullJid)) {
                services.route(wrap(direction, message, fullJid));
            }
        }
    }

    /** The resources the router will hand the original to (XEP-0280 §7: they MUST NOT get a copy as well). */
    private Set<JID> originalRecipients(Message message, String bareJid) {
        JID to = message.getTo();
        if (to != null && to.getResource() != null && services.isOnline(to)) {
            return Set.of(to); // RFC 6121 §8.5.3.1
        }
        // RFC 6121 §8.5.2.1.1, and §8.5.3.2.1: a chat or normal message to a resource that is gone goes to the bare JID.
        List<LocalSession> sessions = services.sessionsOf(bareJid).stream().<LocalSession>map(DeliveryCandidate::new).toList();
        return DeliveryRules.messageTargets(message.getType(), sessions).stream()
                .map(LocalSession::jid).collect(Collectors.toSet());
    }

    /** XEP-0280 §7-8: from the user's bare JID, to the resource, same type, the original inside XEP-0297 forwarding. */
    static Message wrap(String direction, Message original, JID resource) {
        Message copy = new Message();
        copy.setType(original.getType());
        copy.setFrom(new JID(resource.toBareJID()));
        copy.setTo(resource);
        Element forwarded = copy.addChildElement(direction, CarbonsModule.NAMESPACE)
                .addElement("forwarded", CarbonsModule.FORWARD_NAMESPACE);
        forwarded.add(inClientNamespace(original.getElement()));
        return copy;
    }

    /**
     * A deep copy of the stanza in {@code jabber:client}: inside {@code <forwarded/>} it no longer inherits the
     * stream's content namespace, and a stanza built without a namespace would otherwise land in urn:xmpp:forward:0.
     */
    private static Element inClientNamespace(Element stanza) {
        Element copy = DocumentHelper.createElement(QName.get(stanza.getName(), CLIENT_NAMESPACE));
        stanza.attributes().forEach(attribute -> copy.addAttribute(attribute.getQName(), attribute.getValue()));
        copy.appendContent(stanza);
        return copy;
    }

    private static Message withoutPrivate(Message message) {
        Message copy = message.createCopy();
        copy.deleteExtension("private", CarbonsModule.NAMESPACE);
        return copy;
    }

    /** A session as {@link DeliveryRules} reads it: availability and priority only; nothing is delivered through it. */
    private record DeliveryCandidate(SessionView view) implements LocalSession {
        @Override
        public JID jid() {
            return view.jid();
        }

        @Override
        public String streamId() {
            return "";
        }

        @Override
        public boolean available() {
            return view.available();
        }

        @Override
        public int priority() {
            return view.priority();
        }

        @Override
        public Optional<Presence> presence() {
            return view.presence();
        }

        @Override
        public void deliver(Packet packet) {
            throw new UnsupportedOperationException("only read by DeliveryRules");
        }

        @Override
        public void close(StreamError.Condition condition) {
            throw new UnsupportedOperationException("only read by DeliveryRules");
        }
    }
}
