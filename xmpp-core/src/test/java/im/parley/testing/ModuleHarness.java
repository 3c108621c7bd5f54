package im.parley.testing;

import im.parley.module.IqHandler;
import im.parley.module.OfflineHandler;
import im.parley.module.ModuleRegistry;
import im.parley.module.Requester;
import im.parley.module.SessionListener;
import im.parley.module.StanzaErrorException;
import im.parley.module.StanzaInterceptor;
import im.parley.module.StreamFeature;
import im.parley.module.XmppModule;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/**
 * Registers modules as the server would at start-up, then lets a test drive them: IQs are dispatched by the
 * namespace of their child element, a {@link StanzaErrorException} becomes an error reply, an IQ nobody handles
 * gets {@code service-unavailable} (RFC 6120 §8.4). Not thread-safe: one harness per test.
 *
 * <pre>{@code
 * ModuleHarness harness = ModuleHarness.of(new PingModule());
 * IQ pong = harness.handle(harness.iq("<iq from='juliet@capulet.lit/balcony' id='c2s1' type='get'>"
 *         + "<ping xmlns='urn:xmpp:ping'/></iq>"));
 * }</pre>
 */
public final class ModuleHarness {
    public static final String DEFAULT_DOMAIN = "localhost";

    private final RecordingServices services;
    /** The server's own registry: modules register here exactly as they do at start-up. */
    private final ModuleRegistry registry;

    private ModuleHarness(RecordingServices services) {
        this.services = services;
        this.registry = new ModuleRegistry(services);
    }

    /** Serves {@value #DEFAULT_DOMAIN} with the system clock. */
    public static ModuleHarness of(XmppModule... modules) {
        return of(new RecordingServices(DEFAULT_DOMAIN, Clock.systemUTC()), modules);
    }

    public static ModuleHarness of(RecordingServices services, XmppModule... modules) {
        ModuleHarness harness = new ModuleHarness(services);
        harness.registry.registerAll(List.of(modules));
        return harness;
    }

    // ---- what a test calls

    /** Runs the modules' shutdown actions, as the server does when it stops. */
    public void shutdown() {
        registry.shutdown();
    }

    public IQ iq(String xml) {
        return Stanzas.iq(xml);
    }

    /** Dispatches an IQ of an authenticated user; the requester is the full JID in the IQ's {@code from}. */
    public IQ handle(IQ request) {
        JID from = request.getFrom();
        if (from == null) {
            throw new IllegalArgumentException("handle(IQ) takes the requester from 'from'; use handle(IQ, Requester)");
        }
        return handle(request, Requesters.user(from.toFullJID()));
    }

    /** Dispatches an IQ of an authenticated user, stamping its {@code from} as the server does (RFC 6120 §8.1.2.1). */
    public IQ handle(IQ request, Requester requester) {
        if (!requester.authenticated()) {
            throw new IllegalArgumentException("requester is not authenticated; use handlePreAuth");
        }
        IQ stamped = request.createCopy();
        stamped.setFrom(requester.fullJid());
        return dispatch(registry.iqHandlers(), stamped, requester);
    }

    /** Dispatches an IQ sent before authentication (no {@code from} to stamp), as for XEP-0077 registration. */
    public IQ handlePreAuth(IQ request, Requester requester) {
        if (requester.authenticated()) {
            throw new IllegalArgumentException("requester is authenticated; use handle");
        }
        return dispatch(registry.preAuthIqHandlers(), request.createCopy(), requester);
    }

    public Set<String> discoFeatures() {
        return Set.copyOf(registry.discoFeatures());
    }

    /** The elements offered in {@code <stream:features/>} at this point of negotiation. */
    public List<Element> streamFeatures(StreamFeature.NegotiationState state) {
        return registry.streamFeatures().stream().map(f -> f.advertise(state)).flatMap(Optional::stream).toList();
    }

    public Set<String> iqNamespaces() {
        return Set.copyOf(registry.iqHandlers().keySet());
    }

    public Set<String> preAuthIqNamespaces() {
        return Set.copyOf(registry.preAuthIqHandlers().keySet());
    }

    public List<StanzaInterceptor> inboundInterceptors() {
        return List.copyOf(registry.inboundInterceptors());
    }

    public List<StanzaInterceptor> outboundInterceptors() {
        return List.copyOf(registry.outboundInterceptors());
    }

    public List<SessionListener> sessionListeners() {
        return List.copyOf(registry.sessionListeners());
    }

    public RecordingServices services() {
        return services;
    }

    /** Features registered for accounts' bare JIDs. */
    public Set<String> accountDiscoFeatures() {
        return Set.copyOf(registry.accountDiscoFeatures());
    }

    /** The registered offline store, if a module registered one. */
    public java.util.Optional<OfflineHandler> offline() {
        return registry.offlineHandler();
    }

    // ---- dispatch, as the server's IQ dispatcher does it, stricter: handler bugs surface as test failures

    private static IQ dispatch(Map<String, IqHandler> handlers, IQ request, Requester requester) {
        if (!request.isRequest()) {
            throw new IllegalArgumentException("only IQ get/set are dispatched to handlers: " + request.toXML());
        }
        Element child = request.getChildElement();
        if (child == null) {
            // RFC 6120 §8.2.3: an IQ get or set contains exactly one payload element.
            return error(request, new StanzaErrorException(PacketError.Condition.bad_request, "no payload"));
        }
        IqHandler handler = handlers.get(child.getNamespaceURI());
        if (handler == null) {
            return error(request, new StanzaErrorException(PacketError.Condition.service_unavailable));
        }
        IQ reply;
        try {
            reply = handler.handle(request, requester);
        } catch (StanzaErrorException e) {
            return error(request, e);
        }
        checkReply(request, reply);
        return reply;
    }

    private static void checkReply(IQ request, IQ reply) {
        // RFC 6120 §8.2.3: the response to a get or set is a result or an error with the same id.
        if (reply == null) {
            throw new IllegalStateException("handler returned no reply to " + request.toXML());
        }
        if (reply.isRequest() || !java.util.Objects.equals(reply.getID(), request.getID())) {
            throw new IllegalStateException("handler reply is not a response to " + request.getID() + ": " + reply.toXML());
        }
    }

    /** The error reply: the request's addresses swapped, its payload not echoed (XEP-0077 §3.3: a password change SHOULD NOT come back). */
    private static IQ error(IQ request, StanzaErrorException e) {
        IQ reply = IQ.createResultIQ(request);
        reply.setType(IQ.Type.error);
        reply.setError(new PacketError(e.condition(), e.type(), e.text().orElse(null)));
        return reply;
    }
}
