package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.AuthConfig;
import im.parley.config.LimitsConfig;
import im.parley.framing.InboundFrame;
import im.parley.framing.OutboundFrame;
import im.parley.framing.WireEncoding;
import im.parley.iq.IqDispatcher;
import im.parley.routing.LocalRouter;
import im.parley.routing.UserExecutors;
import im.parley.routing.UserLocks;
import im.parley.sasl.AuthThrottle;
import im.parley.sasl.InMemoryCredentialStore;
import im.parley.sasl.SaslMechanisms;
import im.parley.sasl.ScramCredentials;
import im.parley.sasl.ScramTestClient;
import im.parley.storage.ScramHash;
import im.parley.stream.StreamHeader;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/**
 * A message that reaches a session while its stream is closing is neither written after the closing tag nor lost:
 * once the session is unbound it is routed again, as if addressed to a resource that is gone (RFC 6121 §8.5.3.2.1),
 * which for a user with no other resource means offline storage (XEP-0160 §3).
 */
class ClientSessionClosingTest {
    private static final String DOMAIN = "example.net";
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private final Queue<Message> offline = new ArrayDeque<>();
    /**
     * The users' ordered work, run by the test thread between the channels' tasks: EmbeddedChannel's event loop is
     * not thread-safe, so nothing may post to it from another thread.
     */
    private final Queue<Runnable> userWork = new ArrayDeque<>();
    private final UserExecutors executors = new UserExecutors(userWork::add);
    private final SessionContext context = context();

    @Test
    void messageQueuedBeforeThePeersClosingTagGoesOfflineNotAfterOurClosingTag_rfc6120_4_4() {
        // Given bob bound and available, without stream management
        EmbeddedChannel bob = loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());

        // When a message is handed to his session, and his closing tag is read before the write gets its turn
        bob.pipeline().get(ClientSession.class).deliver(chat("while you were leaving"));
        bob.writeInbound(new InboundFrame.StreamClose());
        runUntilClosed(bob);

        // Then our closing tag is the last thing written, and the message is stored for his next login
        assertThat(lastFrame(bob)).isInstanceOf(OutboundFrame.StreamClose.class);
        assertStoredOffline("while you were leaving");
    }

    @Test
    void messageDeliveredWhileOurClosingTagIsStillBeingWrittenGoesOffline_rfc6121_8_5_3_2_1() {
        // Given bob bound and available, without stream management, on a connection slow to take our writes
        HeldCloses held = new HeldCloses();
        EmbeddedChannel bob = loggedIn("bob", "pencil", held);

        // When his closing tag has been handled, our answer is not yet written, and a message arrives for him
        bob.writeInbound(new InboundFrame.StreamClose());
        assertThat(context.registry().sessionsOf("bob@" + DOMAIN)).as("bound until the connection ends").hasSize(1);
        bob.pipeline().get(ClientSession.class).deliver(chat("just too late"));
        held.release();
        runUntilClosed(bob);

        // Then, once he is unbound, the message is routed again: to offline storage, not dropped
        assertThat(context.registry().sessionsOf("bob@" + DOMAIN)).isEmpty();
        assertStoredOffline("just too late");
    }

    @Test
    void iqRequestDeliveredWhileClosingComesBackAsServiceUnavailable_rfc6121_8_5_3_1() {
        // Given alice online, and bob whose closing tag has been handled, our answer not yet written
        EmbeddedChannel alice = loggedIn("alice", "wonderland", new ChannelOutboundHandlerAdapter());
        HeldCloses held = new HeldCloses();
        EmbeddedChannel bob = loggedIn("bob", "pencil", held);
        bob.writeInbound(new InboundFrame.StreamClose());

        // When alice's request to bob's resource reaches his session now
        bob.pipeline().get(ClientSession.class).deliver(versionRequest());
        held.release();
        runUntilClosed(bob);

        // Then, bob gone, alice gets an answer rather than waiting for ever
        Element answer = await(alice, "iq");
        assertThat(answer.attributeValue("id")).isEqualTo("version-1");
        assertThat(answer.attributeValue("type")).isEqualTo("error");
        assertThat(answer.element("error").element("service-unavailable")).as("service-unavailable").isNotNull();
    }

    @Test
    void answeredIqLeftUnacknowledgedIsNotAnsweredAgainWhenTheSessionEnds_xep0198_rfc6120_8_2_3() {
        // Given alice online, and bob with stream management (XEP-0198 §3), who never acknowledges
        EmbeddedChannel alice = loggedIn("alice", "wonderland", new ChannelOutboundHandlerAdapter());
        EmbeddedChannel bob = loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());
        bob.writeInbound(new InboundFrame.Element(DocumentHelper.createElement(QName.get("enable", StreamManagement.NAMESPACE))));
        await(bob, "enabled");

        // When alice's request reaches bob, he answers it, then closes his stream without acknowledging it
        bob.pipeline().get(ClientSession.class).deliver(versionRequest());
        Element request = await(bob, "iq");
        Element result = DocumentHelper.createElement(QName.get("iq", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("type", "result").addAttribute("id", request.attributeValue("id"))
                .addAttribute("to", request.attributeValue("from"));
        bob.writeInbound(new InboundFrame.Element(result));
        Element answer = await(alice, "iq");
        bob.writeInbound(new InboundFrame.StreamClose());
        runUntilClosed(bob);

        // Then alice has bob's one answer, and no error for the same request after it (RFC 6120 §8.2.3)
        assertThat(answer.attributeValue("type")).isEqualTo("result");
        runUserWork();
        alice.runPendingTasks();
        assertThat(drain(alice)).as("frames alice got after the answer").isEmpty();
    }

    @Test
    void aClientThatOutpacesItsUsersExecutorIsNotReadUntilTheBacklogDrains() {
        // Given bob bound and available, alice an account that is offline, and bob's executor not getting a turn yet
        EmbeddedChannel bob = loggedIn("bob", "pencil", new ChannelOutboundHandlerAdapter());
        credentials.with("alice", ScramCredentials.derive("wonderland", 4096, new SecureRandom()));

        // When he sends stanzas faster than they are handled
        for (int i = 0; i < ClientSession.PAUSE_READING_AT - 1; i++) {
            bob.writeInbound(new InboundFrame.Element(messageToAlice(i)));
        }
        assertThat(bob.config().isAutoRead()).as("below the limit").isTrue();
        bob.writeInbound(new InboundFrame.Element(messageToAlice(ClientSession.PAUSE_READING_AT)));

        // Then his connection is no longer read, and reading resumes once the backlog is handled
        assertThat(bob.config().isAutoRead()).as("at the limit").isFalse();
        runUserWork();
        bob.runPendingTasks();
        assertThat(bob.config().isAutoRead()).as("after the backlog").isTrue();
        assertThat(offline).as("every message handled: alice is offline, so each was stored")
                .hasSize(ClientSession.PAUSE_READING_AT);
    }

    private static Element messageToAlice(int i) {
        Element message = DocumentHelper.createElement(QName.get("message", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("to", "alice@" + DOMAIN).addAttribute("type", "chat").addAttribute("id", "m-" + i);
        message.addElement(QName.get("body", StreamHeader.CLIENT_NAMESPACE)).setText("m-" + i);
        return message;
    }

    private void assertStoredOffline(String body) {
        runUserWork();
        Message stored = offline.poll();
        assertThat(stored).as("the message in offline storage").isNotNull();
        assertThat(stored.getBody()).isEqualTo(body);
    }

    private static IQ versionRequest() {
        IQ request = new IQ(IQ.Type.get, "version-1");
        request.setFrom(new JID("alice@" + DOMAIN + "/home"));
        request.setTo(new JID("bob@" + DOMAIN + "/home"));
        request.setChildElement("query", "jabber:iq:version");
        return request;
    }

    private static Message chat(String body) {
        Message message = new Message();
        message.setType(Message.Type.chat);
        message.setFrom(new JID("alice@" + DOMAIN + "/phone"));
        message.setTo(new JID("bob@" + DOMAIN));
        message.setBody(body);
        return message;
    }

    // ---- a client on an embedded channel: SCRAM-SHA-256, bind, initial presence ----

    /** {@code outbound} sits between the session and the socket's end of the pipeline. */
    private EmbeddedChannel loggedIn(String username, String password, ChannelHandler outbound) {
        credentials.with(username, ScramCredentials.derive(password, 4096, new SecureRandom()));
        ClientSession session = new ClientSession(context, new NoEncoding());
        EmbeddedChannel channel = new EmbeddedChannel(new IdleStateHandler(0, 0, 0), outbound, session) {
            @Override
            public SocketAddress remoteAddress() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }
        };
        channel.writeInbound(new InboundFrame.StreamOpen(header()));
        ScramTestClient scram = ScramTestClient.plain(ScramHash.SHA_256, username, "fyko+d2lbbFgONRv9qkxdawL");
        channel.writeInbound(new InboundFrame.Element(sasl("auth", scram.clientFirst())
                .addAttribute("mechanism", "SCRAM-SHA-256")));
        byte[] serverFirst = Base64.getDecoder().decode(await(channel, "challenge").getText());
        channel.writeInbound(new InboundFrame.Element(sasl("response", scram.clientFinal(serverFirst, password))));
        await(channel, "success");
        channel.writeInbound(new InboundFrame.StreamOpen(header()));
        Element bind = DocumentHelper.createElement(QName.get("iq", StreamHeader.CLIENT_NAMESPACE))
                .addAttribute("type", "set").addAttribute("id", "bind-1");
        bind.addElement(QName.get("bind", ResourceBinding.NAMESPACE)).addElement("resource").setText("home");
        channel.writeInbound(new InboundFrame.Element(bind));
        await(channel, "iq");
        channel.writeInbound(new InboundFrame.Element(
                DocumentHelper.createElement(QName.get("presence", StreamHeader.CLIENT_NAMESPACE))));
        runUntil(channel, session::available, "available after initial presence");
        drain(channel);
        return channel;
    }

    private static Element sasl(String name, byte[] payload) {
        Element element = DocumentHelper.createElement(QName.get(name, SASL));
        element.setText(Base64.getEncoder().encodeToString(payload));
        return element;
    }

    private static StreamHeader header() {
        return new StreamHeader(Optional.of(DOMAIN), Optional.empty(), Optional.empty(), Optional.of("1.0"),
                Optional.empty(), StreamHeader.CLIENT_NAMESPACE);
    }

    /** Runs the channel's and the users' tasks until the server writes an element named {@code name}. */
    private Element await(EmbeddedChannel channel, String name) {
        Element[] found = new Element[1];
        runUntil(channel, () -> {
            for (Object frame; found[0] == null && (frame = channel.readOutbound()) != null; ) {
                if (frame instanceof OutboundFrame.Element e && e.element().getName().equals(name)) {
                    found[0] = e.element();
                }
            }
            return found[0] != null;
        }, "<" + name + "/> from the server");
        return found[0];
    }

    /** Runs the users' and the channel's tasks until {@code done}: user work hands results back to the loop. */
    private void runUntil(EmbeddedChannel channel, BooleanSupplier done, String what) {
        for (int round = 0; round < 1_000; round++) {
            runUserWork();
            channel.runPendingTasks();
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("not " + what + " after all the work there was");
    }

    private void runUserWork() {
        for (Runnable task; (task = userWork.poll()) != null; ) {
            task.run();
        }
    }

    private void runUntilClosed(EmbeddedChannel channel) {
        runUserWork();
        channel.runPendingTasks();
        runUserWork();
        assertThat(channel.isOpen()).as("connection closed").isFalse();
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readOutbound()) != null; ) {
            frames.add(frame);
        }
        return frames;
    }

    private static Object lastFrame(EmbeddedChannel channel) {
        List<Object> frames = drain(channel);
        assertThat(frames).as("frames written").isNotEmpty();
        return frames.get(frames.size() - 1);
    }

    // ---- the server's collaborators: real routing and registry, offline storage as a queue ----

    private SessionContext context() {
        LocalSessionRegistry registry = new LocalSessionRegistry();
        UserLocks locks = new UserLocks();
        LocalRouter router = new LocalRouter(DOMAIN, registry, new IqDispatcher(Map.of()),
                username -> credentials.find(username, ScramHash.SHA_256).isPresent(),
                offline::add, locks);
        return new SessionContext(DOMAIN, LimitsConfig.defaults(), false, null,
                new SaslMechanisms(credentials, new byte[32], 4096), new AuthThrottle(AuthConfig.defaults(), Clock.systemUTC()),
                List.of(), new IqDispatcher(Map.of()), List.of(), List.of(), List.of(), router, registry,
                new ResumableSessions(), executors, locks, () -> { }, Clock.systemUTC(), Optional.empty());
    }

    /** Holds the write of our closing tag until released, as a socket slow to take it would. */
    private static final class HeldCloses extends ChannelOutboundHandlerAdapter {
        private ChannelHandlerContext context;
        private Object frame;
        private ChannelPromise promise;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof OutboundFrame.StreamClose && this.frame == null) {
                this.context = ctx;
                this.frame = msg;
                this.promise = promise;
            } else {
                ctx.write(msg, promise);
            }
        }

        void release() {
            assertThat(frame).as("our closing tag, held").isNotNull();
            context.writeAndFlush(frame, promise);
        }
    }

    /** Frames go in and out as objects: the session never sees the encoding. */
    private static final class NoEncoding implements WireEncoding {
        @Override
        public void install(ChannelPipeline pipeline, String beforeHandler) {
        }

        @Override
        public void restart(ChannelPipeline pipeline) {
        }

        @Override
        public void restartForTls(ChannelPipeline pipeline) {
        }
    }
}
