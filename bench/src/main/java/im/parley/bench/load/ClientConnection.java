package im.parley.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated user on one channel: the client side of stream negotiation (RFC 6120 §4–§7: STARTTLS, SASL, resource
 * binding), then a pass-through of stanzas to its {@link StanzaListener}. Everything runs on the channel's event
 * loop; {@link #ready()} completes there too.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";

    private enum Phase { PRE_TLS, AWAIT_PROCEED, TLS_FEATURES, REGISTER, AUTH, AUTHED_FEATURES, ENABLE_BINARY, BIND, SESSION, ROSTER, READY, CLOSING }

    private final ClientFleet fleet;
    private final int index;
    private final LoginPlan plan;
    private final StanzaFramer framer;
    private final CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile StanzaListener listener;
    private Channel channel;
    private Phase phase;
    private XmlElement tlsFeatures;
    private ScramClient scram;
    private boolean sessionRequired;
    private String fullJid = "";
    /** Set once the server answered {@code <enabled/>}: every frame from then on is binary, both ways. */
    private BinaryFraming binary;
    private XmlElement binaryFeature;
    private String mechanismUsed = "";
    final long startNanos = System.nanoTime();
    private volatile long readyNanos;

    ClientConnection(ClientFleet fleet, int index, LoginPlan plan, StanzaListener listener, StanzaFramer framer) {
        this.fleet = fleet;
        this.index = index;
        this.plan = plan;
        this.listener = listener;
        this.framer = framer;
        this.phase = fleet.target().directTls() ? Phase.TLS_FEATURES : Phase.PRE_TLS;
    }

    public int index() {
        return index;
    }

    public String fullJid() {
        return fullJid;
    }

    /** {@code binary} (urn:parley:binary:1) once the server enabled it, else {@code xml}. */
    public String encodingUsed() {
        return binary == null ? "xml" : "binary";
    }

    public String mechanismUsed() {
        return mechanismUsed;
    }

    public CompletableFuture<ClientConnection> ready() {
        return ready;
    }

    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    public long loginNanos() {
        return readyNanos - startNanos;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        return channel != null && channel.isActive() && phase != Phase.CLOSING;
    }

    public void listener(StanzaListener newListener) {
        this.listener = newListener;
    }

    /** Queues without flushing: callers flush once per batch (writes are batched, as in the server). */
    public void write(String xml) {
        channel.write(encoded(xml), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    public void send(String xml) {
        channel.writeAndFlush(encoded(xml), channel.voidPromise());
    }

    /**
     * XML goes out as a heap buffer of {@link String#getBytes}: TLS copies it into its own buffer anyway, and writing
     * UTF-8 into a direct buffer char by char cost a login more than that copy under the C1-only JIT (ADR 008).
     */
    private ByteBuf encoded(String xml) {
        return binary == null ? Unpooled.wrappedBuffer(xml.getBytes(StandardCharsets.UTF_8)) : binary.frame(xml, channel.alloc());
    }

    /** Ends the stream (RFC 6120 §4.4) and closes the socket once the server answers, or after 3 s. */
    public CompletableFuture<Void> close() {
        if (channel == null) {
            closed.complete(null);
            return closed;
        }
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            phase = Phase.CLOSING;
            if (fleet.target().raw()) {
                channel.close();
                return;
            }
            if (binary == null) {
                send("</stream:stream>");
            } else {
                channel.writeAndFlush(BinaryFraming.streamEnd(channel.alloc()), channel.voidPromise());
            }
            channel.eventLoop().schedule(() -> channel.close(), 3, TimeUnit.SECONDS);
        });
        return closed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (fleet.target().raw()) {
            markReady();
        } else if (!fleet.target().directTls()) {
            openStream();
        }
        ctx.fireChannelActive();
    }

    /** Direct TLS (XEP-0368): the stream starts once the handshake is done. */
    void onDirectTlsHandshake(io.netty.util.concurrent.Future<Channel> handshake) {
        if (handshake.isSuccess()) {
            openStream();
        } else {
            fail("TLS handshake: " + handshake.cause());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ready.isDone()) {
            fail("connection closed during " + phase);
        }
        closed.complete(null);
        listener.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ready.isDone()) {
            fail(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } else if (phase != Phase.CLOSING) {
            fleet.countFailure("after login: " + cause.getClass().getSimpleName());
            log.debug("user {}: {}", index, cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // one flush per read batch for whatever the listener wrote in reply (receipts)
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Inbound.StreamOpen open -> { }
            case Inbound.StreamClose close -> {
                if (phase != Phase.CLOSING) {
                    fleet.countFailure("server closed the stream");
                }
                ctx.close();
            }
            case Inbound.Stanza stanza -> {
                XmlElement e = stanza.element();
                if (phase == Phase.READY || phase == Phase.CLOSING) {
                    fleet.countReceived(stanza.bytes());
                    readyStanza(e);
                } else {
                    negotiate(e);
                }
            }
            default -> throw new IllegalStateException("unexpected inbound " + msg);
        }
    }

    private void readyStanza(XmlElement e) {
        if (e.localName().equals("error") && e.name().startsWith("stream")) {
            fleet.countFailure("stream error: " + firstChildName(e));
            return;
        }
        if (e.localName().equals("iq") && ("get".equals(e.attributes().get("type")) || "set".equals(e.attributes().get("type")))) {
            // RFC 6120 §8.2.3: every get/set gets an answer. Pings (XEP-0199) and roster pushes (RFC 6121 §2.1.6) take an empty result.
            StringBuilder reply = new StringBuilder("<iq type='result' id='").append(MiniXml.escape(e.attributeOr("id", ""))).append('\'');
            e.attribute("from").ifPresent(from -> reply.append(" to='").append(MiniXml.escape(from)).append('\''));
            write(reply.append("/>").toString());
        }
        listener.onStanza(this, e);
    }

    private void negotiate(XmlElement e) {
        String name = e.localName();
        if (name.equals("error") && e.name().startsWith("stream")) {
            fail("stream error during " + phase + ": " + firstChildName(e));
            return;
        }
        switch (phase) {
            case PRE_TLS -> {
                if (!name.equals("features")) {
                    return;
                }
                if (e.child("starttls").isEmpty()) {
                    fail("server offers no STARTTLS");
                    return;
                }
                phase = Phase.AWAIT_PROCEED;
                send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            }
            case AWAIT_PROCEED -> {
                if (!name.equals("proceed")) {
                    fail("STARTTLS refused: " + name);
                    return;
                }
                // RFC 6120 §5.4.3.3: TLS starts right after <proceed/>; then a fresh stream.
                framer.restart();
                phase = Phase.TLS_FEATURES;
                SslHandler ssl = fleet.newSslHandler(channel);
                channel.pipeline().addFirst("tls", ssl);
                ssl.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        openStream();
                    } else {
                        fail("TLS handshake: " + f.cause());
                    }
                });
            }
            case TLS_FEATURES -> {
                if (!name.equals("features")) {
                    return;
                }
                tlsFeatures = e;
                if (plan.register()) {
                    phase = Phase.REGISTER;
                    String user = fleet.target().username(index);
                    send("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>" + MiniXml.escape(user)
                            + "</username><password>" + MiniXml.escape(fleet.target().password())
                            + "</password></query></iq>");
                } else {
                    startAuth();
                }
            }
            case REGISTER -> {
                if (!name.equals("iq")) {
                    return;
                }
                String type = e.attributeOr("type", "");
                boolean conflict = e.child("error").flatMap(err -> err.child("conflict")).isPresent();
                if (!type.equals("result") && !conflict) {
                    fail("in-band registration refused: " + e.child("error").map(ClientConnection::firstChildName).orElse(type));
                    return;
                }
                if (plan.authenticate()) {
                    startAuth();
                } else {
                    markReady();
                }
            }
            case AUTH -> {
                switch (name) {
                    case "challenge" -> send("<response xmlns='" + SASL_NS + "'>"
                            + Base64.getEncoder().encodeToString(scram.clientFinal(base64(e.text()))) + "</response>");
                    case "success" -> {
                        if (scram != null && !e.text().isBlank() && !scram.verifyServerFinal(base64(e.text()))) {
                            fail("SCRAM server signature mismatch");
                            return;
                        }
                        framer.restart();
                        phase = Phase.AUTHED_FEATURES;
                        openStream();
                    }
                    case "failure" -> fail("SASL failure: " + firstChildName(e));
                    default -> { }
                }
            }
            case AUTHED_FEATURES -> {
                if (!name.equals("features")) {
                    return;
                }
                sessionRequired = e.child("session").map(s -> !s.has("optional")).orElse(false);
                if (fleet.target().binary() && BinaryFraming.offered(e)) {
                    binaryFeature = e.child("binary", BinaryFraming.NAMESPACE).orElseThrow();
                    phase = Phase.ENABLE_BINARY;
                    send("<enable xmlns='" + BinaryFraming.NAMESPACE + "' dictionary='1'/>");
                } else {
                    bind();
                }
            }
            case ENABLE_BINARY -> {
                if (!name.equals("enabled")) {
                    fail("binary encoding refused: " + firstChildName(e));
                    return;
                }
                // docs/binary-encoding.md: both directions switch right after <enabled/>, without a stream restart.
                binary = new BinaryFraming(binaryFeature);
                channel.pipeline().replace("framer", "framer", binary);
                bind();
            }
            case BIND -> {
                if (!name.equals("iq")) {
                    return;
                }
                if (!"result".equals(e.attributes().get("type"))) {
                    fail("resource binding refused: " + e.child("error").map(ClientConnection::firstChildName).orElse("?"));
                    return;
                }
                fullJid = e.child("bind").flatMap(b -> b.child("jid")).map(XmlElement::text).orElse("");
                if (binary != null) {
                    binary.bound(fullJid);
                }
                if (sessionRequired) {
                    phase = Phase.SESSION;
                    send("<iq type='set' id='sess1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
                } else {
                    afterBind();
                }
            }
            case SESSION -> {
                if (name.equals("iq")) {
                    afterBind();
                }
            }
            case ROSTER -> {
                if (name.equals("iq") && "roster1".equals(e.attributes().get("id"))) {
                    afterRoster();
                }
            }
            default -> { }
        }
    }

    private void startAuth() {
        List<String> offered = tlsFeatures.child("mechanisms").map(m -> m.children().stream()
                .filter(c -> c.localName().equals("mechanism")).map(c -> c.text().trim()).toList()).orElse(List.of());
        Optional<ScramClient.ScramHash> hash = fleet.target().mechanism().equalsIgnoreCase("PLAIN") ? Optional.empty()
                : pickScram(offered);
        phase = Phase.AUTH;
        String user = fleet.target().username(index);
        if (hash.isPresent()) {
            scram = fleet.newScram(hash.get(), user);
            mechanismUsed = hash.get().mechanism();
            send("<auth xmlns='" + SASL_NS + "' mechanism='" + mechanismUsed + "'>"
                    + Base64.getEncoder().encodeToString(scram.clientFirst()) + "</auth>");
        } else if (offered.contains("PLAIN")) {
            mechanismUsed = "PLAIN";
            byte[] creds = ("\0" + user + "\0" + fleet.target().password()).getBytes(StandardCharsets.UTF_8);
            send("<auth xmlns='" + SASL_NS + "' mechanism='PLAIN'>" + Base64.getEncoder().encodeToString(creds) + "</auth>");
        } else {
            fail("no usable SASL mechanism among " + offered);
        }
    }

    private static Optional<ScramClient.ScramHash> pickScram(List<String> offered) {
        for (ScramClient.ScramHash h : List.of(ScramClient.ScramHash.SHA_256, ScramClient.ScramHash.SHA_512, ScramClient.ScramHash.SHA_1)) {
            if (offered.contains(h.mechanism())) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private void bind() {
        phase = Phase.BIND;
        send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource></bind></iq>");
    }

    private void afterBind() {
        if (plan.fetchRoster()) {
            phase = Phase.ROSTER;
            send("<iq type='get' id='roster1'><query xmlns='jabber:iq:roster'/></iq>");
        } else {
            afterRoster();
        }
    }

    private void afterRoster() {
        if (plan.presence()) {
            send("<presence/>");
        }
        markReady();
    }

    private void markReady() {
        phase = Phase.READY;
        readyNanos = System.nanoTime();
        ready.complete(this);
    }

    private void openStream() {
        send("<?xml version='1.0'?><stream:stream to='" + MiniXml.escape(fleet.target().domain())
                + "' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
    }

    private void fail(String reason) {
        if (ready.completeExceptionally(new LoginFailedException(reason))) {
            fleet.countFailure(reason.length() > 120 ? reason.substring(0, 120) : reason);
        }
        if (channel != null) {
            channel.close();
        }
    }

    private static byte[] base64(String text) {
        String t = text.trim();
        return t.equals("=") ? new byte[0] : Base64.getMimeDecoder().decode(t);
    }

    private static String firstChildName(XmlElement e) {
        return e.children().isEmpty() ? e.name() : e.children().getFirst().localName();
    }

    /** A user that did not get through negotiation; the message says where it stopped. */
    public static final class LoginFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
