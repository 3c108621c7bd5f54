package im.parley.session;

import im.parley.framing.InboundFrame;
import im.parley.framing.OutboundFrame;
import im.parley.binary.BinaryEncoding;
import im.parley.flow.InboundShaper;
import im.parley.flow.ReadGate;
import im.parley.framing.WireEncoding;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.StanzaInterceptor;
import im.parley.module.StreamFeature;
import im.parley.routing.Addresses;
import im.parley.routing.CanonicalJid;
import im.parley.routing.StanzaErrors;
import im.parley.sasl.ChannelBinding;
import im.parley.stream.StreamErrorException;
import im.parley.stream.StreamHeader;
import im.parley.stream.StreamLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.dom4j.Attribute;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;
import org.xmpp.packet.StreamError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the RFC 6120 negotiation (stream header → STARTTLS → SASL → bind) and, once bound, the
 * hand-off of each stanza to the user's ordered executor. Negotiation state is touched on the channel's event loop
 * only; {@link #deliver} and {@link #close} may be called from any thread.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements LocalSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    static final String TLS_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SESSION_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-session";
    private static final String PING_NAMESPACE = "urn:xmpp:ping";
    static final String CSI_NAMESPACE = "urn:xmpp:csi:0";
    /** Held presence updates per inactive client before they are sent anyway (one per contact, so rarely reached). */
    private static final int HELD_PRESENCE_LIMIT = 5_000;
    private static final SecureRandom random = new SecureRandom();

    private final SessionContext context;
    private final WireEncoding encoding;
    private final String connectionId = newId();
    /** Event loop only: a flush task is queued behind the writes of the current batch. */
    private boolean flushPending;
    /** Deliveries handed to the event loop and not yet written. */
    private final java.util.concurrent.atomic.AtomicInteger queuedWrites = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_QUEUED_WRITES = 50_000;
    /**
     * Back-pressure: past this many of its stanzas waiting on the user's ordered executor, a connection stops being
     * read (the client's TCP window fills, so it slows down) until the backlog is down to {@link #RESUME_READING_AT}.
     * Without it an overloaded server queued every stanza it could read, until its heap ran out.
     */
    static final int PAUSE_READING_AT = 256;
    static final int RESUME_READING_AT = 64;
    /** Stanzas handed to the user's executor and not yet handled. */
    private final java.util.concurrent.atomic.AtomicInteger stanzasInFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** Every reason this connection is not being read (event loop only); shared with the inbound shaper. */
    private final ReadGate reading = new ReadGate();
    private Channel channel;
    private SaslNegotiation sasl;
    private ChannelBinding channelBinding;

    // Negotiation state: event loop only.
    private String streamId = connectionId;
    private boolean headerSent;
    private Optional<String> username = Optional.empty();
    private long lastReadNanos;
    private long pingsSent;

    // Read from other threads.
    private volatile JID jid;
    private volatile Requester requester;
    private volatile boolean available;
    private volatile Presence presence;
    private volatile int priority;
    /** No more reading or writing on this connection (a stream error or close is under way, or it is gone). */
    private volatile boolean closed;
    /** The stream ended deliberately (closing tag, stream error, shutdown): it is not kept for resumption. */
    private volatile boolean endedOnPurpose;
    /** The bound session is over for good: unbound, listeners told, unacknowledged stanzas re-routed. */
    private volatile boolean ended;
    /** The connection dropped and the session waits to be resumed (XEP-0198 §5). */
    private volatile boolean detached;
    /** The session that resumed this one; deliveries go there. */
    private volatile ClientSession successor;
    private volatile StreamManagement sm;
    /** XEP-0352: the client said it is inactive; presence updates wait (latest per sender) until it is active. */
    private boolean inactive;
    /** Whether the client enabled the binary encoding ({@code urn:parley:binary:1}); the framing has been swapped. */
    private boolean binaryEnabled;
    private final java.util.LinkedHashMap<String, Packet> heldPresence = new java.util.LinkedHashMap<>();
    /**
     * Without stream management: stanzas delivered while the connection was closing, never written; re-routed once
     * the session is unbound (RFC 6121 §8.5.3.2.1). Guarded by the deliver lock; null while empty (most sessions).
     */
    private List<Packet> unwritten;
    /** Orders stream-management counting with writes, so 'h' on both sides counts the same stanzas. */
    private final Object deliverLock = new Object();

    public ClientSession(SessionContext context, WireEncoding encoding) {
        this.context = context;
        this.encoding = encoding;
    }

    /** Where this connection's reading is paused and resumed; the transport's shaper pauses it too. */
    public ReadGate reading() {
        return reading;
    }

    // ---- LocalSession ----

    @Override
    public JID jid() {
        return jid;
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Optional<Presence> presence() {
        Presence last = presence;
        return last == null ? Optional.empty() : Optional.of(last.createCopy());
    }

    @Override
    public boolean deliverInMemory(Packet packet) {
        if (successor != null) {
            return false; // resumed on another connection (XEP-0198 §5): the ordinary path forwards it
        }
        InMemoryPass pass = InMemoryPass.run(context.outbound(), packet, requester);
        if (!pass.finished(context.outbound().size())) {
            return false; // the delivery starts over on the sender's executor
        }
        pass.packet().ifPresent(p -> deliver(p, true));
        return true;
    }

    @Override
    public void deliver(Packet packet) {
        deliver(packet, false);
    }

    /**
     * {@code fromMemory}: the in-memory path (ADR 015), on an event loop, with the outbound interceptors already run.
     * When that loop is this connection's and nothing is waiting to be written here, the stanza is written at once:
     * queued as a task instead, behind everything else the loop has to do, writes piled up faster than the loop ran
     * them until the heap ran out (96,000 msg/s on one core), and reading went on regardless.
     */
    private void deliver(Packet packet, boolean fromMemory) {
        Optional<Packet> outgoing = successor == null && !fromMemory
                ? intercept(context.outbound(), 0, packet) : Optional.of(packet);
        if (outgoing.isEmpty()) {
            return;
        }
        ClientSession forward = null;
        synchronized (deliverLock) {
            if (successor != null) {
                forward = successor;
            } else if (ended) {
                reroute(outgoing.get());
                return;
            } else if (inactive && isPresenceUpdate(outgoing.get()) && !closed) {
                hold(outgoing.get());
                return;
            } else {
                StreamManagement counting = sm;
                if (counting != null && !counting.sent(outgoing.get())) {
                    log.warn("{}: closing, more than {} stanzas left unacknowledged", jid, context.limits().maxUnackedStanzas());
                    channel.eventLoop().execute(() -> failStream(StreamError.Condition.policy_violation,
                            "too many unacknowledged stanzas"));
                    return;
                }
                if (closed || detached) {
                    // With stream management the queue keeps it for resumption or re-routing; without, we do.
                    if (counting == null) {
                        keepUnwritten(outgoing.get());
                    }
                    return;
                }
                if (queuedWrites.incrementAndGet() > MAX_QUEUED_WRITES) {
                    // The event loop is far behind this client: it does not read, and we will not buffer forever.
                    log.warn("{}: closing, more than {} stanzas queued for a client that does not read", jid, MAX_QUEUED_WRITES);
                    queuedWrites.decrementAndGet();
                    closed = true;
                    channel.close();
                    if (counting == null) {
                        keepUnwritten(outgoing.get());
                    }
                    return;
                }
                // Queued in counting order under the lock; written and flushed on the event loop.
                Packet stanza = outgoing.get();
                boolean counted = counting != null;
                if (fromMemory && queuedWrites.get() == 1 && channel.eventLoop().inEventLoop()) {
                    writeQueued(stanza, counted); // nothing queued before it: written in the same order
                } else {
                    channel.eventLoop().execute(() -> writeQueued(stanza, counted));
                }
            }
        }
        if (forward != null) {
            forward.deliver(outgoing.get());
        }
    }

    /** Runs on the event loop: writes one delivered stanza and makes sure a flush follows this batch. */
    private void writeQueued(Packet stanza, boolean counted) {
        queuedWrites.decrementAndGet();
        if (closed || !channel.isActive()) {
            // Our closing tag or the close went out first (RFC 6120 §4.4: nothing may follow it). A stanza counted by
            // stream management waits in its queue; any other is re-routed rather than lost.
            if (!counted) {
                synchronized (deliverLock) {
                    keepUnwritten(stanza);
                }
            }
            return;
        }
        channel.write(new OutboundFrame.Element(stanza.getElement()), channel.voidPromise());
        if (channel.bytesBeforeWritable() > context.limits().outboundBufferBytes()) {
            // A client that does not read its socket must not make us buffer without bound.
            log.warn("{}: closing, more than {} bytes queued for a client that does not read",
                    jid, context.limits().outboundBufferBytes());
            closed = true;
            channel.close();
            return;
        }
        scheduleFlush();
    }

    @Override
    public void close(StreamError.Condition condition) {
        executor().execute(() -> channel.eventLoop().execute(() -> {
            if (detached) {
                endForGood(); // no connection to send the error on; the session ends all the same
            } else {
                failStream(condition, null);
            }
        }));
    }

    /** Ends the stream because the server stops: RFC 6120 §4.9.3.19 system-shutdown, then {@code </stream:stream>}. */
    public void shutdown() {
        channel.eventLoop().execute(() -> failStream(StreamError.Condition.system_shutdown, null));
    }

    // ---- Netty ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        reading.attach(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        sasl = new SaslNegotiation(context, this::remoteAddress);
        lastReadNanos = System.nanoTime();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (closed || !(msg instanceof InboundFrame frame)) {
            return;
        }
        try {
            switch (frame) {
                case InboundFrame.StreamOpen open -> streamOpened(open.header());
                case InboundFrame.Element element -> elementReceived(element.element());
                case InboundFrame.StreamClose ignored -> streamClosedByPeer();
            }
        } catch (StreamErrorException e) {
            streamError(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (jid != null && successor == null && !ended) {
            StreamManagement counting = sm;
            if (counting != null && counting.resumable() && !endedOnPurpose) {
                // XEP-0198 §5: keep the session bound and queue what arrives, until it is resumed or the time is up.
                detached = true;
                log.debug("{}: connection lost, waiting {} for resumption", jid, context.limits().resumptionTimeout());
                ctx.channel().eventLoop().schedule(() -> {
                    if (detached && successor == null) {
                        endForGood();
                    }
                }, context.limits().resumptionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                endForGood();
            }
        }
        ctx.fireChannelInactive();
    }

    /**
     * The session is over: unbind it, tell the listeners, and send every message the client did not acknowledge on
     * as if it had been addressed to a resource that is gone (RFC 6121 §8.5.3.2.1: other resources, else offline
     * storage), so that nothing acknowledged to its sender is lost (XEP-0198 §4).
     */
    private void endForGood() {
        // Unbound first: what the router hands this session from now on lands in the queues drained below, and
        // nothing re-routed from them can come back here. A session replaced by a newer one with the same resource
        // (RFC 6120 §7.7.2.2) is not the JID's end.
        boolean wasBound = context.registry().unbind(this);
        List<Packet> unacknowledged;
        List<Packet> neverWritten;
        synchronized (deliverLock) {
            if (ended) {
                return;
            }
            ended = true;
            detached = false;
            StreamManagement counting = sm;
            unacknowledged = counting == null ? List.of() : counting.drain();
            if (counting != null) {
                context.resumable().remove(counting.id(), this);
            }
            neverWritten = unwritten == null ? List.of() : unwritten;
            unwritten = null;
        }
        JID bound = jid;
        executor().execute(() -> {
            if (wasBound) {
                context.listeners().forEach(l -> l.closed(bound));
            }
            // Only messages from the stream-management queue: an IQ there may have been written and answered.
            unacknowledged.forEach(this::rerouteIfMessage);
            neverWritten.forEach(this::reroute);
        });
    }

    /**
     * Keeps a stanza that was not written because the connection is closing, for {@link #endForGood()} to re-route;
     * after that has run, re-routes it at once. Called under the deliver lock.
     */
    private void keepUnwritten(Packet stanza) {
        if (ended) {
            reroute(stanza);
        } else if (reroutable(stanza)) {
            if (unwritten == null) {
                unwritten = new ArrayList<>(2);
            }
            unwritten.add(stanza);
        }
    }

    /** XEP-0352 §5: presence updates are not urgent; subscription requests and everything else are. */
    private static boolean isPresenceUpdate(Packet stanza) {
        if (!(stanza instanceof Presence presence)) {
            return false;
        }
        Presence.Type type = presence.getType();
        return type == null || type == Presence.Type.unavailable;
    }

    /** Keeps the latest presence per sender; called under the deliver lock. */
    private void hold(Packet presence) {
        String from = String.valueOf(presence.getFrom());
        heldPresence.remove(from);
        heldPresence.put(from, presence);
        if (heldPresence.size() > HELD_PRESENCE_LIMIT) {
            releaseHeldPresence();
        }
    }

    /** Sends the held presence updates, oldest sender first; called under the deliver lock. */
    private void releaseHeldPresence() {
        List<Packet> held = List.copyOf(heldPresence.values());
        heldPresence.clear();
        held.forEach(p -> {
            StreamManagement counting = sm;
            if (counting == null || counting.sent(p)) {
                queuedWrites.incrementAndGet();
                channel.eventLoop().execute(() -> writeQueued(p, counting != null));
            }
        });
    }

    private void clientState(Element element) {
        synchronized (deliverLock) {
            switch (element.getName()) {
                case "inactive" -> inactive = true;
                case "active" -> {
                    inactive = false;
                    releaseHeldPresence();
                }
                default -> throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type,
                        "unknown client state <" + element.getName() + "/>");
            }
        }
    }

    /**
     * Routes again a stanza this session will never write, as if addressed to a resource that is gone: a message goes
     * to another resource or offline storage (RFC 6121 §8.5.3.2.1), an IQ request comes back to its sender as
     * service-unavailable (§8.5.3.1). Presence and errors are dropped.
     */
    private void reroute(Packet stanza) {
        if (reroutable(stanza)) {
            executor().execute(() -> context.router().route(stanza, requester));
        }
    }

    private void rerouteIfMessage(Packet stanza) {
        if (stanza instanceof Message) {
            reroute(stanza);
        }
    }

    private static boolean reroutable(Packet stanza) {
        return stanza instanceof Message m ? m.getType() != Message.Type.error
                : stanza instanceof IQ iq && (iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            // A client may lag for a while; one that stays behind for a whole ping timeout is gone for our purposes.
            ctx.executor().schedule(() -> {
                if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
                    log.warn("{}: closing, client has not read its stream for {}", jid, context.limits().pingTimeout());
                    closed = true;
                    ctx.channel().close();
                }
            }, context.limits().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            idle();
        } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.debug("{}: TLS handshake failed", remoteAddress(), handshake.cause());
            closed = true;
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof StreamErrorException e) {
            streamError(e);
        } else if (root instanceof IOException || root instanceof javax.net.ssl.SSLException) {
            log.debug("{}: connection failed", remoteAddress(), root);
            closed = true;
            ctx.close();
        } else {
            log.error("{}: unexpected failure on stream {}", remoteAddress(), streamId, root);
            failStream(StreamError.Condition.internal_server_error, null);
        }
    }

    // ---- RFC 6120 §4: streams ----

    private void streamOpened(StreamHeader header) {
        streamId = newId(); // RFC 6120 §4.7.3: a fresh id for every stream, also after a restart
        StreamHeader reply = new StreamHeader(header.from(), Optional.of(context.domain()), Optional.of(streamId),
                Optional.of("1.0"), Optional.of(header.lang().orElse("en")), StreamHeader.CLIENT_NAMESPACE);
        write(new OutboundFrame.StreamOpen(reply));
        headerSent = true;
        if (!StreamHeader.CLIENT_NAMESPACE.equals(header.contentNamespace())) {
            throw new StreamErrorException(StreamError.Condition.invalid_namespace,
                    "the content namespace of a client stream is jabber:client");
        }
        if (header.to().map(to -> !to.equalsIgnoreCase(context.domain())).orElse(true)) {
            throw new StreamErrorException(StreamError.Condition.host_unknown,
                    "this server serves " + context.domain());
        }
        // RFC 6120 §4.7.5: no version means 0.9, which we do not speak; a higher major version neither.
        if (header.version().map(v -> !v.equals("1") && !v.startsWith("1.")).orElse(true)) {
            throw new StreamErrorException(StreamError.Condition.unsupported_version, "version 1.0 is required");
        }
        write(new OutboundFrame.Element(features()));
        channel.flush();
    }

    private Element features() {
        Element features = DocumentHelper.createElement(QName.get("features", "stream", StreamHeader.STREAM_NAMESPACE));
        boolean secured = secured();
        if (!secured) {
            Element starttls = features.addElement(QName.get("starttls", TLS_NAMESPACE));
            if (context.tlsRequired()) {
                // RFC 6120 §5.3.1: when TLS is mandatory, advertise nothing else before it.
                starttls.addElement("required");
                return features;
            }
        }
        features.add(StreamLimits.advertisement(context.limits(), username.isPresent())); // XEP-0478 §3
        if (username.isEmpty()) {
            features.add(sasl.mechanismsElement(secured, channelBinding()));
            sasl.channelBindingElement(channelBinding()).ifPresent(features::add);
        } else {
            features.addElement(QName.get("bind", ResourceBinding.NAMESPACE));
            // RFC 6121 Appendix E: the legacy session feature, marked optional.
            features.addElement(QName.get("session", SESSION_NAMESPACE)).addElement("optional");
            features.addElement(QName.get("sm", StreamManagement.NAMESPACE)); // XEP-0198 §3
            features.addElement(QName.get("csi", CSI_NAMESPACE)); // XEP-0352 §3
            context.binary().ifPresent(binary -> features.add(binary.feature()));
        }
        var state = new StreamFeature.NegotiationState(secured, username.isPresent(), jid != null);
        for (StreamFeature feature : context.streamFeatures()) {
            feature.advertise(state).ifPresent(e -> features.add(e.createCopy()));
        }
        return features;
    }

    private void streamClosedByPeer() {
        // RFC 6120 §4.4: answer the closing tag with ours, then end the connection (XEP-0198 §5: no resumption).
        closed = true;
        endedOnPurpose = true;
        writeClosingTagThenClose();
    }

    private void elementReceived(Element element) {
        String namespace = element.getNamespaceURI();
        if (username.isEmpty()) {
            beforeAuthentication(element, namespace);
        } else if (StreamManagement.NAMESPACE.equals(namespace)) {
            streamManagement(element);
        } else if (CSI_NAMESPACE.equals(namespace) && jid != null) {
            clientState(element);
        } else if (BinaryEncoding.NAMESPACE.equals(namespace) && context.binary().isPresent()) {
            enableBinary(element, context.binary().get());
        } else if (jid == null) {
            beforeBinding(element);
        } else if (StreamHeader.CLIENT_NAMESPACE.equals(namespace)) {
            stanza(element);
        } else {
            throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type,
                    "unexpected <" + element.getName() + "/> in " + namespace);
        }
    }

    private void beforeAuthentication(Element element, String namespace) {
        if (TLS_NAMESPACE.equals(namespace) && element.getName().equals("starttls")) {
            startTls();
        } else if (SaslNegotiation.NAMESPACE.equals(namespace)) {
            if (!secured() && context.tlsRequired()) {
                write(SaslNegotiation.failure("encryption-required", null));
                channel.flush();
                return;
            }
            reading.pause(ReadGate.Reason.AWAITING_ANSWER);
            sasl.receive(element, secured(), channelBinding(), executor(), channel.eventLoop(), this::saslOutcome);
        } else if (isPreAuthIq(element)) {
            iqOrJidMalformed(element).ifPresent(this::preAuthIq);
        } else {
            // RFC 6120 §6.4.x / §5.3.1: nothing else may be sent before authentication.
            throw new StreamErrorException(StreamError.Condition.not_authorized,
                    "authenticate before sending <" + element.getName() + "/>");
        }
    }

    private boolean isPreAuthIq(Element element) {
        if (!element.getName().equals("iq") || !StreamHeader.CLIENT_NAMESPACE.equals(element.getNamespaceURI())
                || (!secured() && context.tlsRequired()) || element.elements().size() != 1) {
            return false;
        }
        return context.preAuthIqs().handles(element.elements().get(0).getNamespaceURI());
    }

    /**
     * An IQ before binding, or empty once answered with jid-malformed (RFC 6120 §8.3.3.8): Tinder's packet parses
     * 'to' and 'from' and throws on an empty localpart or resourcepart.
     */
    private Optional<IQ> iqOrJidMalformed(Element element) {
        try {
            return Optional.of(new IQ(element, true));
        } catch (IllegalArgumentException e) {
            takeAttribute(element, "to");
            takeAttribute(element, "from");
            IQ iq = new IQ(element, true);
            if (StanzaErrors.mayBeAnswered(iq)) {
                writeAndFlush(errorReply(iq, new StanzaErrorException(PacketError.Condition.jid_malformed)));
            }
            return Optional.empty();
        }
    }

    private void preAuthIq(IQ iq) {
        reading.pause(ReadGate.Reason.AWAITING_ANSWER);
        Requester who = new Requester(Optional.empty(), streamId, remoteAddress(), secured());
        executor().execute(() -> {
            Optional<IQ> reply = context.preAuthIqs().dispatch(iq, who);
            channel.eventLoop().execute(() -> {
                reply.ifPresent(r -> write(new OutboundFrame.Element(r.getElement())));
                channel.flush();
                reading.resume(ReadGate.Reason.AWAITING_ANSWER);
            });
        });
    }

    // ---- RFC 6120 §5: STARTTLS ----

    private void startTls() {
        if (secured()) {
            // RFC 6120 §5.4.2.2: TLS cannot be negotiated twice on one stream.
            write(DocumentHelper.createElement(QName.get("failure", TLS_NAMESPACE)));
            writeClosingTagThenClose();
            closed = true;
            return;
        }
        // The TLS handler goes in before <proceed/> is written, so no client byte can slip past it (SslHandler
        // Javadoc, "Implementing StartTLS"); startTls=true lets <proceed/> itself leave in the clear.
        SslHandler tls = context.tls().newHandler(channel, true);
        if (channel.pipeline().get(InboundShaper.NAME) != null) {
            channel.pipeline().addAfter(InboundShaper.NAME, "tls", tls); // the shaper counts TLS records too
        } else {
            channel.pipeline().addFirst("tls", tls);
        }
        channel.writeAndFlush(new OutboundFrame.Element(DocumentHelper.createElement(QName.get("proceed", TLS_NAMESPACE))));
        encoding.restartForTls(channel.pipeline()); // RFC 6120 §5.4.3.3: a new stream follows the handshake
        headerSent = false;
    }

    private boolean secured() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && tls.handshakeFuture().isSuccess();
    }

    /** Channel-binding data of this connection's TLS, computed once after the handshake (RFC 5056). */
    private ChannelBinding channelBinding() {
        if (channelBinding == null) {
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null || !tls.handshakeFuture().isSuccess()) {
                return ChannelBinding.none();
            }
            channelBinding = context.tls().channelBinding(tls);
        }
        return channelBinding;
    }

    // ---- RFC 6120 §6: SASL ----

    private void saslOutcome(SaslNegotiation.Outcome outcome) {
        for (Element reply : outcome.replies()) {
            write(new OutboundFrame.Element(reply));
        }
        channel.flush();
        if (outcome.authenticated().isPresent()) {
            username = outcome.authenticated();
            // Only read before authentication: not kept for the life of the connection (about 0.4 KB).
            sasl = null;
            channelBinding = null;
            encoding.restart(channel.pipeline()); // RFC 6120 §6.4.6: the client opens a new stream
            headerSent = false;
        } else if (outcome.giveUp()) {
            // RFC 6120 §6.4.5: after a reasonable number of retries, end the stream.
            failStream(StreamError.Condition.policy_violation, "too many failed authentication attempts");
            return;
        }
        reading.resume(ReadGate.Reason.AWAITING_ANSWER);
    }

    // ---- the binary encoding (docs/binary-encoding.md, "Negotiation") ----

    /**
     * {@code <enable dictionary='1'/>}: answers {@code <enabled/>} in XML, then both directions switch to binary
     * frames without a stream restart. The client sends nothing between the two (as after {@code <starttls/>}), so
     * whatever the XML decoder still holds is dropped with it.
     */
    private void enableBinary(Element enable, BinaryEncoding binary) {
        if (!enable.getName().equals("enable")) {
            throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type,
                    "unexpected <" + enable.getName() + "/> in " + BinaryEncoding.NAMESPACE);
        }
        if (binaryEnabled || !binary.offers(enable.attributeValue("dictionary", ""))) {
            Element failure = DocumentHelper.createElement(QName.get("failure", BinaryEncoding.NAMESPACE));
            failure.addElement(QName.get(binaryEnabled ? "unexpected-request" : "unsupported-dictionary",
                    BinaryEncoding.NAMESPACE));
            writeAndFlush(failure);
            return;
        }
        writeAndFlush(DocumentHelper.createElement(QName.get("enabled", BinaryEncoding.NAMESPACE)));
        binaryEnabled = true;
        binary.install(channel.pipeline(), binary.tokens(jid));
    }

    /** Once the client knows its JID (bind result, {@code <resumed/>}), it is a session token both ways. */
    private void binaryTokensForBoundJid() {
        if (binaryEnabled) {
            BinaryEncoding.bound(channel.pipeline(), context.binary().orElseThrow().tokens(jid));
        }
    }

    // ---- RFC 6120 §7: resource binding ----

    private void beforeBinding(Element element) {
        if (element.getName().equals("iq") && StreamHeader.CLIENT_NAMESPACE.equals(element.getNamespaceURI())) {
            Optional<IQ> parsed = iqOrJidMalformed(element);
            if (parsed.isEmpty()) {
                return;
            }
            IQ iq = parsed.get();
            Element bind = iq.getChildElement();
            if (iq.getType() == IQ.Type.set && bind != null && ResourceBinding.NAMESPACE.equals(bind.getNamespaceURI())) {
                bind(iq, bind);
                return;
            }
        }
        // RFC 6120 §7.1: stanzas wait for a bound resource.
        throw new StreamErrorException(StreamError.Condition.not_authorized, "bind a resource first");
    }

    private void bind(IQ request, Element bind) {
        String resource;
        try {
            resource = ResourceBinding.resourceFor(bind);
        } catch (StanzaErrorException e) {
            writeAndFlush(errorReply(request, e));
            return;
        }
        jid = new CanonicalJid(username.orElseThrow(), context.domain(), resource);
        requester = new Requester(Optional.of(jid), streamId, remoteAddress(), secured());
        // Documented conflict policy (RFC 6120 §7.7.2.2): the newest session wins, the old one gets <conflict/>.
        context.registry().bind(this).ifPresent(old -> old.close(StreamError.Condition.conflict));
        IQ result = IQ.createResultIQ(request);
        result.setTo((JID) null);
        result.setChildElement("bind", ResourceBinding.NAMESPACE).addElement("jid").setText(jid.toFullJID());
        writeAndFlush(result);
        binaryTokensForBoundJid();
        // From now on, silence means: ping the client, and give up on it if it does not answer (XEP-0199 §4.1).
        channel.pipeline().replace(IdleStateHandler.class, "idle",
                new IdleStateHandler(context.limits().pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        JID bound = jid;
        executor().execute(() -> context.listeners().forEach(l -> l.bound(bound)));
    }

    // ---- RFC 6120 §8: stanzas ----

    private void stanza(Element element) {
        // Tinder's Packet(Element, true) parses 'to' and 'from', and throws on an empty localpart or resourcepart
        // ('@example.com', 'juliet@example.com/'), which would end the stream. The session sets both itself.
        String to = takeAttribute(element, "to");
        String claimedFrom = takeAttribute(element, "from");
        Packet stanza = switch (element.getName()) {
            case "message" -> new Message(element, true);
            case "presence" -> new Presence(element, true);
            case "iq" -> new IQ(element, true);
            default -> throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type,
                    "<" + element.getName() + "/> is not a stanza");
        };
        stampFrom(claimedFrom, stanza);
        // XEP-0198 §4: a stanza counts as handled once routed (delivered to a live session or stored), in order.
        StreamManagement counting = sm;
        Optional<PacketError.Condition> invalid = invalidAddressingOrType(stanza, to);
        if (invalid.isPresent()) {
            if (StanzaErrors.mayBeAnswered(stanza)) {
                deliver(errorReply(stanza, new StanzaErrorException(invalid.get())));
            }
            countHandled(counting);
            return;
        }
        if (stanza instanceof IQ iq && isLegacySession(iq)) {
            deliver(IQ.createResultIQ(iq)); // RFC 6121 Appendix E: a no-op kept for old clients
            countHandled(counting);
            return;
        }
        Requester origin = requester;
        if (stanzasInFlight.incrementAndGet() >= PAUSE_READING_AT) {
            reading.pause(ReadGate.Reason.BACK_PRESSURE); // the decoder holds the rest of this read until reading resumes
        }
        if (stanza instanceof Message message && handledOnEventLoop(message, origin, counting)) {
            return;
        }
        executor().execute(() -> {
            try {
                if (stanza instanceof Presence presence && presence.getTo() == null) {
                    // Availability changes under the account's lock, together with what the modules do about it
                    // (the offline backlog is delivered there), so no live message slips in between (UserLocks).
                    synchronized (context.locks().lockFor(jid.toBareJID())) {
                        trackAvailability(presence);
                        intercept(context.inbound(), 0, stanza).ifPresent(p -> context.router().route(p, origin));
                    }
                } else {
                    intercept(context.inbound(), 0, stanza).ifPresent(p -> context.router().route(p, origin));
                }
            } catch (RuntimeException e) {
                failedToHandle(stanza, e);
            }
            handled(counting);
        });
    }

    /**
     * ADR 015: a message that the interceptors and the router can handle from memory alone is handled here, on the
     * event loop, when the account's executor is idle, in that executor's place, which saves handing it to a worker
     * thread and back. Whatever turns out to need more on the way (the recipient left a moment ago, a list is no
     * longer held in memory) goes on to the executor from there, still ahead of this connection's later stanzas,
     * which queue behind it. False when the executor has to take the whole message.
     */
    private boolean handledOnEventLoop(Message message, Requester origin, StreamManagement counting) {
        List<StanzaInterceptor> interceptors = context.inbound();
        for (StanzaInterceptor interceptor : interceptors) {
            if (!interceptor.inMemory(message, origin)) {
                return false; // known now: not worth taking the executor's place
            }
        }
        return context.executors().runIfIdle(executorKey(), () -> {
            boolean handedOn = false;
            try {
                InMemoryPass pass = InMemoryPass.run(interceptors, message, origin);
                if (pass.packet().isPresent() && (!pass.finished(interceptors.size())
                        || !context.router().routeInMemory(pass.packet().get(), origin))) {
                    Packet rest = pass.packet().get();
                    int from = pass.next();
                    executor().execute(() -> {
                        try {
                            intercept(interceptors, from, rest).ifPresent(p -> context.router().route(p, origin));
                        } catch (RuntimeException e) {
                            failedToHandle(message, e);
                        } finally {
                            handled(counting);
                        }
                    });
                    handedOn = true;
                }
            } catch (RuntimeException e) {
                failedToHandle(message, e);
            } finally {
                if (!handedOn) {
                    handled(counting); // also after an Error, so the connection's count and back-pressure stay right
                }
            }
        });
    }

    /** A stanza was handled: delivered, stored, or answered with an error; never silently dropped (XEP-0198 §4). */
    private void handled(StreamManagement counting) {
        if (counting != null) {
            counting.inboundHandled();
        }
        if (stanzasInFlight.decrementAndGet() == RESUME_READING_AT) {
            channel.eventLoop().execute(this::resumeReadingIfDrained);
        }
    }

    /** On the event loop, after the backlog fell to {@link #RESUME_READING_AT}: read again if back-pressure paused. */
    private void resumeReadingIfDrained() {
        if (stanzasInFlight.get() <= RESUME_READING_AT) {
            reading.resume(ReadGate.Reason.BACK_PRESSURE);
        }
    }

    /** The attribute's value, after taking the attribute off; null when there was none. */
    private static String takeAttribute(Element element, String name) {
        Attribute attribute = element.attribute(name);
        if (attribute == null) {
            return null;
        }
        element.remove(attribute);
        return attribute.getValue();
    }

    /** RFC 6120 §8.1.2.1: the server stamps the full JID; a client may only claim its own JID. */
    private void stampFrom(String claimed, Packet stanza) {
        if (claimed != null && !claimed.equals(jid.toFullJID()) && !claimed.equals(jid.toBareJID())
                && !isOwnAddress(claimed)) {
            throw new StreamErrorException(StreamError.Condition.invalid_from, "'from' must be your own JID");
        }
        stanza.setFrom(jid);
    }

    /** 'from' as the client may have written its own address, e.g. capitalised (RFC 7622 §3.3). */
    private boolean isOwnAddress(String claimed) {
        try {
            JID canonical = Addresses.canonical(claimed);
            return canonical.equals(jid) || canonical.equals(jid.asBareJID());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks the stanza's 'to' (as written, taken off the element) and its type. A valid 'to' is set in its canonical
     * form (see {@link Addresses}), as a JID that keeps its strings: every later {@code getTo()} compares the
     * attribute with them (ADR 022). An empty 'to' is no 'to'.
     */
    private static Optional<PacketError.Condition> invalidAddressingOrType(Packet stanza, String to) {
        if (to != null && !to.isEmpty()) {
            try {
                stanza.setTo(Addresses.canonical(to));
            } catch (IllegalArgumentException e) {
                return Optional.of(PacketError.Condition.jid_malformed); // RFC 6120 §8.3.3.8
            }
        }
        String type = stanza.getElement().attributeValue("type");
        if (stanza instanceof IQ) {
            // RFC 6120 §8.2.3: an IQ has an id and one of four types.
            boolean knownType = "get".equals(type) || "set".equals(type) || "result".equals(type) || "error".equals(type);
            if (!knownType || stanza.getID() == null) {
                return Optional.of(PacketError.Condition.bad_request);
            }
        } else if (type != null) {
            try {
                if (stanza instanceof Message) {
                    Message.Type.valueOf(type);
                } else {
                    Presence.Type.valueOf(type);
                }
            } catch (IllegalArgumentException e) {
                return Optional.of(PacketError.Condition.bad_request);
            }
        }
        return Optional.empty();
    }

    private static boolean isLegacySession(IQ iq) {
        Element child = iq.getChildElement();
        return iq.getType() == IQ.Type.set && child != null && SESSION_NAMESPACE.equals(child.getNamespaceURI());
    }

    /** RFC 6121 §4.2 / §4.7.2.3: presence without 'to' sets availability and priority. */
    private void trackAvailability(Presence presence) {
        if (presence.getType() == null) {
            int p;
            try {
                String text = presence.getElement().elementTextTrim("priority");
                p = text == null ? 0 : Math.max(-128, Math.min(127, Integer.parseInt(text)));
            } catch (NumberFormatException e) {
                p = 0;
            }
            priority = p;
            available = true;
            this.presence = presence.createCopy();
        } else if (presence.getType() == Presence.Type.unavailable) {
            available = false;
            this.presence = presence.createCopy();
        }
    }

    /** Runs the interceptors from index {@code from} on. */
    private Optional<Packet> intercept(List<StanzaInterceptor> interceptors, int from, Packet packet) {
        Optional<Packet> current = Optional.of(packet);
        for (int i = from; i < interceptors.size() && current.isPresent(); i++) {
            current = interceptors.get(i).intercept(current.get(), requester);
        }
        return current;
    }

    private static Packet errorReply(Packet request, StanzaErrorException e) {
        Packet reply = request.createCopy();
        reply.setTo(request.getFrom());
        reply.setFrom((JID) null);
        PacketError error = new PacketError(e.condition(), e.type());
        e.text().ifPresent(error::setText);
        reply.setError(error);
        return reply;
    }

    /**
     * A stanza whose handling failed (storage gone, a module's bug) is answered, never dropped in silence: with a
     * wait-type internal-server-error when the storage is unavailable (try again later), cancel otherwise
     * (RFC 6120 §8.3.3.6). Errors are not answered (RFC 6120 §8.3.1).
     */
    private void failedToHandle(Packet stanza, RuntimeException e) {
        boolean storage = e instanceof im.parley.storage.StorageException;
        if (storage) {
            log.warn("{}: {} {} not handled, storage unavailable: {}", jid, stanza.getElement().getName(), stanza.getID(),
                    e.getMessage());
        } else {
            log.error("{}: {} {} not handled", jid, stanza.getElement().getName(), stanza.getID(), e);
        }
        PacketError.Type type = storage ? PacketError.Type.wait : PacketError.Type.cancel;
        StanzaErrors.replyTo(stanza, new JID(null, context.domain(), null, true),
                        PacketError.Condition.internal_server_error, type, Optional.empty())
                .ifPresent(this::deliver);
    }

    private void countHandled(StreamManagement counting) {
        if (counting != null) {
            executor().execute(counting::inboundHandled);
        }
    }

    // ---- XEP-0198: stream management ----

    private void streamManagement(Element element) {
        switch (element.getName()) {
            case "enable" -> enableStreamManagement(element);
            case "resume" -> resume(element);
            case "r" -> answerAckRequest();
            case "a" -> acknowledged(element);
            default -> throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type,
                    "unknown stream-management element <" + element.getName() + "/>");
        }
    }

    private void enableStreamManagement(Element enable) {
        if (jid == null || sm != null) {
            // XEP-0198 §3: only after binding, and only once per stream.
            writeAndFlush(smFailure("unexpected-request"));
            return;
        }
        boolean resume = "true".equals(enable.attributeValue("resume")) || "1".equals(enable.attributeValue("resume"));
        StreamManagement counting = new StreamManagement(newId(), resume, context.limits().maxUnackedStanzas());
        Element enabled = DocumentHelper.createElement(QName.get("enabled", StreamManagement.NAMESPACE));
        if (resume) {
            enabled.addAttribute("id", counting.id());
            enabled.addAttribute("resume", "true");
            enabled.addAttribute("max", Long.toString(context.limits().resumptionTimeout().toSeconds()));
            context.resumable().put(counting.id(), this);
        }
        synchronized (deliverLock) {
            // <enabled/> goes out before any stanza that is counted.
            write(enabled);
            sm = counting;
        }
        channel.flush();
    }

    private void answerAckRequest() {
        StreamManagement counting = sm;
        if (counting == null) {
            throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type, "stream management is not enabled");
        }
        whenHandledAndCommitted(executor(), counting, handled -> {
            if (!closed) {
                writeAndFlush(ackElement("a", handled));
            }
        });
    }

    /**
     * Calls {@code acknowledge} on the event loop with the count of handled stanzas, once every stanza {@code ordered}
     * took before this call is handled and what modules wrote behind for them is committed: an acknowledged stanza is
     * never lost (XEP-0198 §4). The count is read on the ordered executor before the wait, because the stanzas after
     * it are handled meanwhile and what they wrote is not waited for.
     */
    private void whenHandledAndCommitted(Executor ordered, StreamManagement counting, LongConsumer acknowledge) {
        ordered.execute(() -> {
            long handled = counting.handled();
            context.beforeAcknowledging().run();
            channel.eventLoop().execute(() -> acknowledge.accept(handled));
        });
    }

    private void acknowledged(Element ack) {
        StreamManagement counting = sm;
        if (counting == null) {
            throw new StreamErrorException(StreamError.Condition.unsupported_stanza_type, "stream management is not enabled");
        }
        long h = parseH(ack);
        if (counting.acknowledge(h).isEmpty()) {
            // XEP-0198 §4: acknowledging more than was sent is an error of the peer.
            throw new StreamErrorException(StreamError.Condition.undefined_condition,
                    "handled-count-too-high: h=" + h + ", sent " + counting.sentCount());
        }
    }

    private void resume(Element resume) {
        if (jid != null || username.isEmpty()) {
            writeAndFlush(smFailure("unexpected-request"));
            return;
        }
        String previd = resume.attributeValue("previd", "");
        long h = parseH(resume);
        String user = username.get();
        // XEP-0198 §5: only the same account may resume, and only a session that is still resumable.
        Optional<ClientSession> previous = context.resumable().find(previd)
                .filter(old -> old.jid != null && user.equals(old.jid.getNode()) && old.successor == null && !old.ended);
        if (previous.isEmpty()) {
            writeAndFlush(smFailure("item-not-found"));
            return;
        }
        ClientSession old = previous.get();
        reading.pause(ReadGate.Reason.AWAITING_ANSWER);
        // After the old session's queued work, so that the 'h' we report counts everything it handled; <resumed/>
        // acknowledges as <a/> does.
        whenHandledAndCommitted(context.executors().forKey(old.jid.toBareJID()), old.sm,
                handled -> takeOver(old, h, handled));
    }

    /** {@code handled}: the old session's count when its queued work was done and committed. */
    private void takeOver(ClientSession old, long h, long handled) {
        StreamManagement counting = old.sm;
        if (closed || old.successor != null || old.ended || counting.acknowledge(h).isEmpty()) {
            Element failed = smFailure(old.ended || old.successor != null ? "item-not-found" : "unexpected-request");
            failed.addAttribute("h", Long.toString(handled));
            writeAndFlush(failed);
            reading.resume(ReadGate.Reason.AWAITING_ANSWER);
            return;
        }
        synchronized (deliverLock) {
            jid = old.jid;
            requester = new Requester(Optional.of(jid), streamId, remoteAddress(), secured());
            available = old.available;
            priority = old.priority;
            presence = old.presence;
            synchronized (old.deliverLock) {
                old.successor = this;
                old.detached = false;
                sm = counting;
                inactive = old.inactive;
                heldPresence.putAll(old.heldPresence);
                old.heldPresence.clear();
            }
            counting.resumed();
            context.resumable().put(counting.id(), this);
            context.registry().bind(this);
            Element resumed = ackElement("resumed", handled);
            resumed.addAttribute("previd", counting.id());
            write(resumed);
            binaryTokensForBoundJid();
            // XEP-0198 §5: everything the client had not acknowledged is sent again, in order.
            counting.unacknowledged().forEach(stanza -> write(new OutboundFrame.Element(stanza.getElement())));
        }
        if (old.channel.isActive()) {
            old.closed = true;
            old.channel.close(); // the client left it behind; its end changes nothing now
        }
        channel.pipeline().replace(IdleStateHandler.class, "idle",
                new IdleStateHandler(context.limits().pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        scheduleFlush();
        reading.resume(ReadGate.Reason.AWAITING_ANSWER);
        log.debug("{}: resumed stream {}", jid, counting.id());
    }

    private static long parseH(Element element) {
        try {
            long h = Long.parseLong(element.attributeValue("h", ""));
            if (h < 0 || h > 0xFFFF_FFFFL) {
                throw new NumberFormatException("out of range");
            }
            return h;
        } catch (NumberFormatException e) {
            throw new StreamErrorException(StreamError.Condition.bad_format, "'h' must be an unsigned 32-bit integer");
        }
    }

    private static Element ackElement(String name, long h) {
        Element ack = DocumentHelper.createElement(QName.get(name, StreamManagement.NAMESPACE));
        ack.addAttribute("h", Long.toString(h));
        return ack;
    }

    private static Element smFailure(String condition) {
        Element failed = DocumentHelper.createElement(QName.get("failed", StreamManagement.NAMESPACE));
        failed.addElement(QName.get(condition, "urn:ietf:params:xml:ns:xmpp-stanzas"));
        return failed;
    }

    // ---- liveness (XEP-0199 §4.1, RFC 6120 §4.6) ----

    private void idle() {
        if (jid == null) {
            failStream(StreamError.Condition.connection_timeout, "no traffic before authentication");
            return;
        }
        long sentAt = System.nanoTime();
        IQ ping = new IQ(IQ.Type.get, "ping-" + (++pingsSent));
        ping.setFrom(context.domain());
        ping.setTo(jid);
        ping.setChildElement("ping", PING_NAMESPACE);
        deliver(ping); // counted like any stanza when stream management is on
        channel.eventLoop().schedule(() -> {
            if (lastReadNanos - sentAt < 0) {
                failStream(StreamError.Condition.connection_timeout, "no answer to ping");
            }
        }, context.limits().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- writing and closing ----

    private void write(Object frame) {
        channel.write(frame instanceof Element e ? new OutboundFrame.Element(e) : frame, channel.voidPromise());
    }

    private void writeAndFlush(Element element) {
        channel.write(new OutboundFrame.Element(element), channel.voidPromise());
        channel.flush();
    }

    private void writeAndFlush(Packet packet) {
        channel.write(new OutboundFrame.Element(packet.getElement()), channel.voidPromise());
        channel.flush();
    }

    /** On the event loop: one flush after every write queued so far, i.e. once per batch (never one per stanza). */
    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            channel.eventLoop().execute(() -> {
                flushPending = false;
                StreamManagement counting = sm;
                if (counting != null && !closed && counting.shouldRequestAck()) {
                    // XEP-0198 §4: one request per batch, not one per stanza.
                    channel.write(new OutboundFrame.Element(ackRequest()), channel.voidPromise());
                }
                channel.flush();
            });
        }
    }

    private static Element ackRequest() {
        return DocumentHelper.createElement(QName.get("r", StreamManagement.NAMESPACE));
    }

    private void streamError(StreamErrorException e) {
        log.warn("{} ({}): stream error {}", remoteAddress(), jid == null ? streamId : jid, e.getMessage());
        log.debug("stream error detail", e);
        failStream(e.condition(), e.text().orElse(null));
    }

    /** RFC 6120 §4.9.1: send the error (after our header if none went out yet), close the stream and the TCP. */
    private void failStream(StreamError.Condition condition, String text) {
        if (closed || !channel.isActive()) {
            return;
        }
        closed = true;
        endedOnPurpose = true;
        if (!headerSent) {
            write(new OutboundFrame.StreamOpen(new StreamHeader(Optional.empty(), Optional.of(context.domain()),
                    Optional.of(newId()), Optional.of("1.0"), Optional.of("en"), StreamHeader.CLIENT_NAMESPACE)));
        }
        StreamError error = text == null ? new StreamError(condition) : new StreamError(condition, text);
        write(new OutboundFrame.Element(error.getElement()));
        writeClosingTagThenClose();
    }

    /**
     * Our {@code </stream:stream>}, then the end of the connection (RFC 6120 §4.4). A peer that never reads it does
     * not keep the session bound: after a ping timeout the connection is closed regardless.
     */
    private void writeClosingTagThenClose() {
        channel.writeAndFlush(new OutboundFrame.StreamClose()).addListener(ChannelFutureListener.CLOSE);
        Channel closing = channel;
        var deadline = closing.eventLoop().schedule(() -> {
            if (closing.isOpen()) {
                closing.close();
            }
        }, context.limits().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
        closing.closeFuture().addListener(f -> deadline.cancel(false)); // the usual case: hold no closed channel
    }

    private Executor executor() {
        return context.executors().forKey(executorKey());
    }

    /** The user's bare JID once bound, the connection before: the key of the ordered executor (ADR 004). */
    private String executorKey() {
        JID bound = jid;
        return bound != null ? bound.toBareJID() : connectionId;
    }

    private InetSocketAddress remoteAddress() {
        return channel == null ? new InetSocketAddress(0) : (InetSocketAddress) channel.remoteAddress();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
