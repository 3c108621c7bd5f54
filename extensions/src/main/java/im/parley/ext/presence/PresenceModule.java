package im.parley.ext.presence;

import im.parley.ext.roster.RosterChange;
import im.parley.ext.roster.RosterFullException;
import im.parley.ext.roster.RosterPushes;
import im.parley.ext.roster.Rosters;
import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.SessionListener;
import im.parley.module.SessionView;
import im.parley.module.StanzaInterceptor;
import im.parley.module.XmppModule;
import im.parley.storage.RosterItem;
import im.parley.storage.Subscription;
import im.parley.storage.UserStore;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * RFC 6121 §3 and §4 for local users: subscriptions on both sides, presence broadcast, probes answered from what the
 * server knows, directed presence, and unavailable presence when a session ends in any way.
 */
public final class PresenceModule implements XmppModule {
    private static final String DELAY_NAMESPACE = "urn:xmpp:delay";

    private final Rosters rosters;
    private final UserStore users;
    private final PresenceConfig config;
    /** Per full JID: whether it sent initial presence, and to whom it sent directed presence (§4.6). */
    private final Map<JID, ResourceState> resources = new ConcurrentHashMap<>();
    /** Per bare JID: the last unavailable presence of a user with no available resource left (§4.3.2). */
    private final Map<String, Presence> lastUnavailable = new ConcurrentHashMap<>();
    private volatile ServerServices services;
    private volatile RosterPushes pushes;
    private volatile SubscriptionRateLimit rateLimit;

    private static final class ResourceState {
        volatile boolean available;
        final Set<JID> directed = ConcurrentHashMap.newKeySet();
    }

    public PresenceModule(Rosters rosters, UserStore users, PresenceConfig config) {
        this.rosters = rosters;
        this.users = users;
        this.config = config;
    }

    @Override
    public String id() {
        return "presence";
    }

    static final String PRE_APPROVAL_FEATURE = "urn:xmpp:features:pre-approval";

    @Override
    public void register(ModuleRegistrar registrar) {
        services = registrar.services();
        pushes = new RosterPushes(services, rosters);
        rateLimit = new SubscriptionRateLimit(config.maxSubscriptionRequestsPerMinute(), services.clock());
        registrar.inbound(StanzaInterceptor.notForMessages(this::inbound));
        // RFC 6121 §3.4.1: subscription pre-approval is supported, and said so in the stream features.
        registrar.streamFeature(state -> state.authenticated()
                ? Optional.of(org.dom4j.DocumentHelper.createElement(
                        org.dom4j.QName.get("sub", PRE_APPROVAL_FEATURE)))
                : Optional.empty());
        registrar.sessions(new SessionListener() {
            @Override
            public void closed(JID fullJid) {
                sessionClosed(fullJid);
            }
        });
    }

    /** RFC 6121 §2.5.2: removing a roster item cancels both directions of the subscription it carried. */
    public void rosterItemRemoved(JID user, RosterItem removed) {
        if (services == null) {
            return; // the presence module is disabled: nobody keeps subscriptions
        }
        JID contact = new JID(removed.contact());
        if (removed.subscription() == Subscription.FROM || removed.subscription() == Subscription.BOTH
                || removed.pendingIn()) {
            forwardSubscription(user, contact, subscription(Presence.Type.unsubscribed));
        }
        if (removed.subscription() == Subscription.TO || removed.subscription() == Subscription.BOTH
                || removed.pendingOut()) {
            forwardSubscription(user, contact, subscription(Presence.Type.unsubscribe));
        }
    }

    private Optional<Packet> inbound(Packet packet, Requester requester) {
        if (!(packet instanceof Presence presence) || presence.getType() == Presence.Type.error) {
            return Optional.of(packet);
        }
        JID from = presence.getFrom();
        JID to = presence.getTo();
        Presence.Type type = presence.getType();
        if (to == null) {
            if (type == null || type == Presence.Type.unavailable) {
                availability(from, presence);
            }
            return Optional.empty(); // RFC 6121 §4.2: presence without 'to' is the server's to broadcast
        }
        if (SubscriptionStates.isSubscription(type)) {
            if (to.getNode() != null && !to.toBareJID().equals(from.toBareJID())) {
                outboundSubscription(from, to.asBareJID(), presence);
            }
            return Optional.empty();
        }
        if (type == Presence.Type.probe) {
            Optional<RosterItem> item = rosters.item(from.getNode(), to.toBareJID());
            if (item.map(i -> receives(i)).orElse(false)) {
                answerProbe(to.asBareJID(), from);
            }
            return Optional.empty();
        }
        directed(from, to, presence);
        return Optional.of(packet);
    }

    // ---- §3: subscriptions

    private void outboundSubscription(JID from, JID contact, Presence presence) {
        AtomicReference<SubscriptionStates.Outbound> outcome = new AtomicReference<>();
        try {
            rosters.update(from.getNode(), contact.toBareJID(), current -> {
                outcome.set(SubscriptionStates.outbound(contact.toBareJID(), current, presence.getType()));
                return outcome.get().item();
            }).ifPresent(pushes::push);
        } catch (RosterFullException e) {
            bounce(presence, from, PacketError.Condition.resource_constraint);
            return;
        }
        if (outcome.get().route()) {
            forwardSubscription(from, contact, presence);
        }
    }

    /** Sends a subscription stanza from the user's bare JID (§3.1.2) and processes it at the contact's side. */
    private void forwardSubscription(JID user, JID contact, Presence presence) {
        Presence stamped = presence.createCopy();
        stamped.setFrom(user.asBareJID());
        stamped.setTo(contact.asBareJID());
        if (!services.domain().equals(contact.getDomain()) || contact.getNode() == null) {
            services.route(stamped); // not ours: the router decides (no server-to-server yet)
            return;
        }
        inboundSubscription(stamped);
        if (stamped.getType() == Presence.Type.subscribed) {
            sendAvailablePresence(user, contact); // §3.1.5: the new subscriber sees the user at once
        } else if (stamped.getType() == Presence.Type.unsubscribed) {
            sendUnavailablePresence(user, contact); // §3.2.2
        }
    }

    /** A subscription stanza arriving for a local user (Appendix A.3), from a bare JID. */
    private void inboundSubscription(Presence stanza) {
        JID sender = stanza.getFrom();
        JID recipient = stanza.getTo();
        if (!users.exists(recipient.getNode())) {
            if (stanza.getType() == Presence.Type.subscribe) {
                // §3.1.3: no such contact; tell the user the request will never be answered.
                Presence no = subscription(Presence.Type.unsubscribed);
                no.setFrom(recipient);
                no.setTo(sender);
                inboundSubscription(no);
            }
            return;
        }
        if (stanza.getType() == Presence.Type.subscribe && !rateLimit.allow(recipient.getNode())) {
            bounce(stanza, sender, PacketError.Condition.resource_constraint);
            return;
        }
        AtomicReference<SubscriptionStates.Inbound> outcome = new AtomicReference<>();
        Optional<RosterChange> change;
        try {
            change = rosters.update(recipient.getNode(), sender.toBareJID(), current -> {
                outcome.set(SubscriptionStates.inbound(sender.toBareJID(), current, stanza.getType()));
                return outcome.get().item();
            });
        } catch (RosterFullException e) {
            bounce(stanza, sender, PacketError.Condition.resource_constraint);
            return;
        }
        change.ifPresent(pushes::push);
        if (outcome.get().deliver()) {
            // To every available resource (router: presence to a bare JID); kept for later when there is none.
            services.route(stanza.createCopy());
        }
        if (outcome.get().autoReplySubscribed()) {
            Presence yes = subscription(Presence.Type.subscribed);
            yes.setFrom(recipient.asBareJID());
            yes.setTo(sender.asBareJID());
            if (services.domain().equals(sender.getDomain())) {
                inboundSubscription(yes);
            } else {
                services.route(yes);
            }
            sendAvailablePresence(recipient, sender);
        }
        boolean lostSubscriber = change.flatMap(RosterChange::before).map(PresenceModule::sends).orElse(false)
                && !change.flatMap(RosterChange::after).map(PresenceModule::sends).orElse(false);
        if (stanza.getType() == Presence.Type.unsubscribe && lostSubscriber) {
            sendUnavailablePresence(recipient, sender); // §3.3.3
        }
    }

    // ---- §4: presence

    private void availability(JID from, Presence presence) {
        ResourceState state = resources.computeIfAbsent(from, j -> new ResourceState());
        if (presence.getType() == Presence.Type.unavailable) {
            boolean wasAvailable = state.available;
            state.available = false;
            if (wasAvailable) {
                broadcastUnavailable(from, presence, state);
            }
            return;
        }
        boolean initial = !state.available;
        state.available = true;
        List<RosterItem> roster = rosters.roster(from.getNode()).items();
        // §4.2.2 / §4.4.2: to every subscriber and to all of the user's available resources, the sender included.
        for (RosterItem item : roster) {
            if (sends(item)) {
                route(presence, from, new JID(item.contact()));
            }
        }
        for (SessionView own : services.sessionsOf(from.toBareJID())) {
            if (own.available()) {
                route(presence, from, own.jid());
            }
        }
        if (initial) {
            lastUnavailable.remove(from.toBareJID());
            for (SessionView own : services.sessionsOf(from.toBareJID())) {
                // §4.2.2: the new resource learns of the user's other available resources.
                if (!own.jid().equals(from) && own.available() && own.presence().isPresent()) {
                    route(own.presence().get(), own.jid(), from);
                }
            }
            for (RosterItem item : roster) {
                if (receives(item)) {
                    answerProbe(new JID(item.contact()), from); // §4.2.2: probes on the user's behalf
                }
                if (item.pendingIn()) {
                    // §3.1.3: requests that arrived while the user was offline are delivered now.
                    Presence request = subscription(Presence.Type.subscribe);
                    request.setFrom(new JID(item.contact()));
                    request.setTo(from);
                    services.route(request);
                }
            }
        }
    }

    /**
     * §4.3.2: the contact's presence, from what this server knows: each available resource's last presence, or the
     * last unavailable presence when none is available. Only for contacts the user is subscribed to.
     */
    private void answerProbe(JID contact, JID user) {
        if (!services.domain().equals(contact.getDomain())) {
            Presence probe = new Presence(Presence.Type.probe);
            probe.setFrom(user.asBareJID());
            probe.setTo(contact.asBareJID());
            services.route(probe);
            return;
        }
        boolean any = false;
        for (SessionView session : services.sessionsOf(contact.toBareJID())) {
            if (session.available() && session.presence().isPresent()) {
                route(session.presence().get(), session.jid(), user);
                any = true;
            }
        }
        if (!any) {
            Presence last = lastUnavailable.get(contact.toBareJID());
            if (last != null) {
                route(last, last.getFrom(), user);
            }
        }
    }

    /** §4.6: directed presence to a non-subscriber is remembered, so that it can be cleaned up (§4.6.3). */
    private void directed(JID from, JID to, Presence presence) {
        ResourceState state = resources.get(from);
        if (state == null) {
            return;
        }
        if (presence.getType() == Presence.Type.unavailable) {
            state.directed.remove(to);
        } else if (state.available && !rosters.item(from.getNode(), to.toBareJID()).map(PresenceModule::sends).orElse(false)) {
            state.directed.add(to);
        }
    }

    private void sessionClosed(JID fullJid) {
        ResourceState state = resources.remove(fullJid);
        if (state != null && state.available) {
            // §4.5.2 / §4.6.3: a session that ends, gracefully or not, is unavailable to everyone who saw it.
            Presence unavailable = new Presence(Presence.Type.unavailable);
            unavailable.setFrom(fullJid);
            broadcastUnavailable(fullJid, unavailable, state);
        }
    }

    private void broadcastUnavailable(JID from, Presence presence, ResourceState state) {
        for (RosterItem item : rosters.roster(from.getNode()).items()) {
            if (sends(item)) {
                route(presence, from, new JID(item.contact()));
            }
        }
        boolean othersAvailable = false;
        for (SessionView own : services.sessionsOf(from.toBareJID())) {
            if (!own.jid().equals(from) && own.available()) {
                route(presence, from, own.jid());
                othersAvailable = true;
            }
        }
        for (JID target : state.directed) {
            route(presence, from, target);
        }
        state.directed.clear();
        if (!othersAvailable) {
            Presence last = presence.createCopy();
            last.setFrom(from);
            last.setTo((JID) null);
            // XEP-0203: the answer to a later probe says when the user left.
            last.getElement().addElement("delay", DELAY_NAMESPACE)
                    .addAttribute("from", services.domain())
                    .addAttribute("stamp", DateTimeFormatter.ISO_INSTANT.format(services.clock().instant()));
            lastUnavailable.put(from.toBareJID(), last);
        }
    }

    /** The user's available resources' presence to a new subscriber (§3.1.5), bare-addressed. */
    private void sendAvailablePresence(JID user, JID to) {
        for (SessionView session : services.sessionsOf(user.toBareJID())) {
            if (session.available() && session.presence().isPresent()) {
                route(session.presence().get(), session.jid(), to.asBareJID());
            }
        }
    }

    private void sendUnavailablePresence(JID user, JID to) {
        for (SessionView session : services.sessionsOf(user.toBareJID())) {
            if (session.available()) {
                Presence unavailable = new Presence(Presence.Type.unavailable);
                route(unavailable, session.jid(), to.asBareJID());
            }
        }
    }

    /** A copy of {@code presence} from {@code from} to {@code to}: the original may be shared. */
    private void route(Presence presence, JID from, JID to) {
        Presence copy = presence.createCopy();
        copy.setFrom(from);
        copy.setTo(to);
        services.route(copy);
    }

    private void bounce(Presence presence, JID to, PacketError.Condition condition) {
        Presence error = presence.createCopy();
        error.setFrom(presence.getTo());
        error.setTo(to);
        error.setError(condition);
        services.route(error);
    }

    private static Presence subscription(Presence.Type type) {
        return new Presence(type);
    }

    /** The contact receives the user's presence (subscription from or both). */
    private static boolean sends(RosterItem item) {
        return item.subscription() == Subscription.FROM || item.subscription() == Subscription.BOTH;
    }

    /** The user receives the contact's presence (subscription to or both). */
    private static boolean receives(RosterItem item) {
        return item.subscription() == Subscription.TO || item.subscription() == Subscription.BOTH;
    }
}
