package im.parley.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.AuthConfig;
import im.parley.config.LimitsConfig;
import im.parley.framing.InboundFrame;
import im.parley.framing.OutboundFrame;
import im.parley.framing.WireEncoding;
import im.parley.iq.IqDispatcher;
import im.parley.module.StanzaInterceptor;
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
import io.netty.channel.ChannelPipeline;
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
import org.xmpp.packet.Message;

/**
 * Clients on embedded channels in front of real sessions, routing and registry; accounts in memory, offline storage
 * a queue. The users' ordered work is run by the test thread between the channels' tasks: EmbeddedChannel's event
 * loop is the test thread and not thread-safe, so nothing may post to it from another thread. A task that runs in
 * the executor's place while a channel reads (ADR 015) runs at once, on that "event loop".
 */
final class EmbeddedSessions {
    static final String DOMAIN = "example.net";
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

    final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    final Queue<Message> offline = new ArrayDeque<>();
    final Queue<Runnable> userWork = new ArrayDeque<>();
    final UserExecutors executors = new UserExecutors(userWork::add);
    final SessionContext context;

    EmbeddedSessions() {
        this(List.of(), List.of());
    }

    EmbeddedSessions(List<StanzaInterceptor> inbound, List<StanzaInterceptor> outbound) {
        LocalSessionRegistry registry = new LocalSessionRegistry();
        UserLocks locks = new UserLocks();
        LocalRouter router = new LocalRouter(DOMAIN, registry, new IqDispatcher(Map.of()),
                username -> credentials.find(username, ScramHash.SHA_256).isPresent(),
                offline::add, locks);
        context = new SessionContext(DOMAIN, LimitsConfig.defaults(), false, null,
                new SaslMechanisms(credentials, new byte[32], 4096), new AuthThrottle(AuthConfig.defaults(), Clock.systemUTC()),
                List.of(), new IqDispatcher(Map.of()), inbound, outbound, List.of(), router, registry,
                new ResumableSessions(), executors, locks, () -> { }, Clock.systemUTC(), Optional.empty());
    }

    /** SCRAM-SHA-256, bind the resource "home", initial presence. {@code outbound} sits before the socket's end. */
    EmbeddedChannel loggedIn(String username, String password, ChannelHandler outbound) {
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
    Element await(EmbeddedChannel channel, String name) {
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
    void runUntil(EmbeddedChannel channel, BooleanSupplier done, String what) {
        for (int round = 0; round < 1_000; round++) {
            runUserWork();
            channel.runPendingTasks();
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("not " + what + " after all the work there was");
    }

    void runUserWork() {
        for (Runnable task; (task = userWork.poll()) != null; ) {
            task.run();
        }
    }

    void runUntilClosed(EmbeddedChannel channel) {
        runUserWork();
        channel.runPendingTasks();
        runUserWork();
        assertThat(channel.isOpen()).as("connection closed").isFalse();
    }

    static List<Object> drain(EmbeddedChannel channel) {
        List<Object> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readOutbound()) != null; ) {
            frames.add(frame);
        }
        return frames;
    }

    /** The elements among the frames written so far, in order. */
    static List<Element> elements(EmbeddedChannel channel) {
        return drain(channel).stream().filter(OutboundFrame.Element.class::isInstance)
                .map(f -> ((OutboundFrame.Element) f).element()).toList();
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
