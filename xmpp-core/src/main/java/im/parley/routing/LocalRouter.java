package im.parley.routing;

import im.parley.iq.IqDispatcher;
import im.parley.module.OfflineHandler;
import im.parley.module.Requester;
import im.parley.session.LocalSession;
import im.parley.session.SessionRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/** Routes stanzas between the sessions of this server and the server itself, per RFC 6121 §8. */
public final class LocalRouter implements Router {
    private static final String CARBONS = "urn:xmpp:carbons:2";
    private final JID server;
    private final SessionRegistry sessions;
    private final IqDispatcher iqs;
    private final Predicate<String> accountExists;
    private final OfflineHandler offline;
    private final UserLocks locks;

    /** {@code accountExists}: whether a local username has an account (a storage lookup, off the event loop). */
    public LocalRouter(String domain, SessionRegistry sessions, IqDispatcher iqs, Predicate<String> accountExists) {
        this(domain, sessions, iqs, accountExists, message -> false, new UserLocks());
    }

    /**
     * {@code offline}: where messages for accounts without an available resource go (XEP-0160); {@code locks}: the
     * accounts' locks, shared with the sessions, which take them when their availability changes.
     */
    public LocalRouter(String domain, SessionRegistry sessions, IqDispatcher iqs, Predicate<String> accountExists,
                       OfflineHandler offline, UserLocks locks) {
        this.server = new JID(null, domain, null, true);
        this.sessions = sessions;
        this.iqs = iqs;
        this.accountExists = accountExists;
        this.offline = offline;
        this.locks = locks;
    }

    @Override
    public void route(Packet stanza, Requester origin) {
        JID to = stanza.getTo();
        if (to == null) {
            routeWithoutTo(stanza, origin);
        } else if (!server.getDomain().equals(to.getDomain())) {
            // No server-to-server yet: RFC 6120 §8.3.3.15 remote-server-not-found.
            if (!(stanza instanceof Presence)) {
                bounce(stanza, origin, PacketError.Condition.remote_server_not_found);
            }
        } else if (to.getNode() == null) {
            if (stanza instanceof IQ iq) {
                answer(iq, origin);
            }
            // RFC 6120 §10.3.1-2: messages and presence for the server itself are processed, not delivered; no
            // module consumes them yet, so nothing more happens.
        } else if (to.getResource() == null) {
            toBareJid(stanza, to, origin);
        } else {
            toFullJid(stanza, to, origin);
        }
    }

    /**
     * A message to a resource that is online (RFC 6121 §8.5.3.1) goes straight to its session, when that session
     * delivers it from memory. Everything else may look up an account or store the message offline.
     */
    @Override
    public boolean routeInMemory(Packet stanza, Requester origin) {
        JID to = stanza.getTo();
        if (!(stanza instanceof Message) || to == null || to.getNode() == null || to.getResource() == null
                || !server.getDomain().equals(to.getDomain())) {
            return false;
        }
        Optional<LocalSession> session = sessions.session(to);
        return session.isPresent() && session.get().deliverInMemory(stanza);
    }

    /** RFC 6120 §10.3: no 'to' means the sender's own account. */
    private void routeWithoutTo(Packet stanza, Requester origin) {
        switch (stanza) {
            case IQ iq -> answer(iq, origin);
            case Message message -> toBareJid(message, stanza.getFrom().asBareJID(), origin);
            default -> { } // presence broadcast belongs to the presence service
        }
    }

    private void toBareJid(Packet stanza, JID to, Requester origin) {
        switch (stanza) {
            // RFC 6121 §8.5.2.1.3: the server answers IQs to a bare JID on the account's behalf.
            case IQ iq -> {
                if (exists(to)) {
                    answer(iq, origin);
                } else {
                    bounce(stanza, origin, PacketError.Condition.service_unavailable);
                }
            }
            case Message message -> messageToBareJid(message, to, origin);
            case Presence presence -> deliverEach(DeliveryRules.presenceTargets(sessions.sessionsOf(to.toBareJID())), presence);
            default -> throw new IllegalArgumentException("not a stanza: " + stanza.getElement().getName());
        }
    }

    private void messageToBareJid(Message message, JID to, Requester origin) {
        Message.Type type = message.getType();
        if (type == Message.Type.error) {
            return; // RFC 6121 §8.5.2: errors to a bare JID are silently dropped
        }
        if (type == Message.Type.groupchat) {
            bounce(message, origin, PacketError.Condition.service_unavailable); // RFC 6121 §8.5.2.1.1
            return;
        }
        boolean refused;
        synchronized (locks.lockFor(to.toBareJID())) {
            refused = !deliverOrStore(message, to, type);
        }
        if (refused) {
            // RFC 6121 §8.5.1 (no such account) / §8.5.2.2.1 and XEP-0160 §3 (no room to store): service-unavailable.
            bounce(message, origin, PacketError.Condition.service_unavailable);
        }
    }

    /** Under the account's lock: false when the message can be neither delivered nor stored. */
    private boolean deliverOrStore(Message message, JID to, Message.Type type) {
        List<LocalSession> resources = sessions.sessionsOf(to.toBareJID());
        if (resources.isEmpty() && !exists(to)) {
            return false;
        }
        List<LocalSession> targets = DeliveryRules.messageTargets(type, resources);
        if (!targets.isEmpty()) {
            deliverEach(targets, message);
            return true;
        }
        return type == Message.Type.headline || offline.store(message);
    }

    private void toFullJid(Packet stanza, JID to, Requester origin) {
        Optional<LocalSession> session = sessions.session(to);
        if (session.isPresent()) {
            session.get().deliver(stanza); // RFC 6121 §8.5.3.1
            return;
        }
        if (!exists(to)) {
            // RFC 6121 §8.5.1: presence is dropped, IQs and messages bounce.
            if (!(stanza instanceof Presence)) {
                bounce(stanza, origin, PacketError.Condition.service_unavailable);
            }
            return;
        }
        // RFC 6121 §8.5.3.2: no such resource.
        switch (stanza) {
            case IQ iq -> bounce(iq, origin, PacketError.Condition.service_unavailable);
            case Message message -> {
                if (isCarbonCopy(message)) {
                    return; // XEP-0280: a copy was meant for that one resource; others got their own
                }
                switch (message.getType()) {
                    case normal, chat -> messageToBareJid(message, to.asBareJID(), origin);
                    case groupchat -> bounce(message, origin, PacketError.Condition.service_unavailable);
                    case headline, error -> { }
                }
            }
            default -> { }
        }
    }

    private static boolean isCarbonCopy(Message message) {
        return message.getChildElement("sent", CARBONS) != null || message.getChildElement("received", CARBONS) != null;
    }

    private void answer(IQ iq, Requester origin) {
        iqs.dispatch(iq, origin).ifPresent(reply -> {
            if (reply.getTo() != null) {
                route(reply, origin);
            }
        });
    }

    private void bounce(Packet stanza, Requester origin, PacketError.Condition condition) {
        if (stanza.getFrom() == null) {
            return;
        }
        StanzaErrors.replyTo(stanza, server, condition).ifPresent(reply -> route(reply, origin));
    }

    private boolean exists(JID account) {
        return !sessions.sessionsOf(account.toBareJID()).isEmpty() || accountExists.test(account.getNode());
    }

    private static void deliverEach(List<LocalSession> targets, Packet stanza) {
        for (int i = 0; i < targets.size(); i++) {
            // The last target takes the original; the others get copies, since each is written on its own thread.
            targets.get(i).deliver(i == targets.size() - 1 ? stanza : stanza.createCopy());
        }
    }
}
