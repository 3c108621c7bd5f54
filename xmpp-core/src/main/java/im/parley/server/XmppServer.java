package im.parley.server;

import im.parley.binary.BinaryEncoding;
import im.parley.binary.StaticNames;
import im.parley.config.BinaryEncodingConfig;
import im.parley.config.ServerConfig;
import im.parley.disco.DiscoModule;
import im.parley.iq.IqDispatcher;
import im.parley.module.Requester;
import im.parley.module.ModuleRegistry;
import im.parley.module.ServerServices;
import im.parley.module.SessionView;
import im.parley.module.XmppModule;
import im.parley.routing.LocalRouter;
import im.parley.routing.Router;
import im.parley.routing.UserExecutors;
import im.parley.routing.UserLocks;
import im.parley.sasl.AuthThrottle;
import im.parley.sasl.SaslMechanisms;
import im.parley.session.ClientSession;
import im.parley.session.LocalSession;
import im.parley.session.LocalSessionRegistry;
import im.parley.session.ResumableSessions;
import im.parley.session.SessionContext;
import im.parley.session.SessionRegistry;
import im.parley.storage.Storage;
import im.parley.transport.ClientListener;
import im.parley.transport.EventLoops;
import im.parley.transport.TlsContexts;
import im.parley.xml.XmlEncoding;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlParserFactory;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dom4j.DocumentFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The XMPP server: owns the listeners, event loops, executors and sessions; storage is owned by the caller. */
public final class XmppServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XmppServer.class);

    /** The ports actually bound (useful when the configuration asked for port 0). -1 when a listener is off. */
    public record BoundPorts(int c2s, int c2sDirectTls) {}

    private final ServerConfig config;
    private final Storage storage;
    private final List<XmppModule> modules;
    private final Clock clock;
    private final SessionRegistry registry = new LocalSessionRegistry();
    private final UserExecutors executors = new UserExecutors();
    private final UserLocks locks = new UserLocks();
    private final ChannelGroup channels = new DefaultChannelGroup("parley-clients", GlobalEventExecutor.INSTANCE);
    private final List<ClientListener> listeners = new ArrayList<>();
    private EventLoops loops;
    private Router router;
    private ModuleRegistry contributions;
    private BoundPorts ports = new BoundPorts(-1, -1);

    public XmppServer(ServerConfig config, Storage storage, List<XmppModule> modules) {
        this(config, storage, modules, Clock.systemUTC());
    }

    public XmppServer(ServerConfig config, Storage storage, List<XmppModule> modules, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.modules = List.copyOf(modules);
        this.clock = clock;
    }

    /** Registers the modules and binds the listeners; throws if any of it fails (and leaves nothing running). */
    public synchronized void start() {
        String domain = config.domain();
        // One set of dom4j names for all the server's streams: the binary dictionary's, read by both encodings.
        StaticNames names = StaticNames.v1();
        TlsContexts.ServerTls tls = TlsContexts.server(config.tls(), domain, config.dataDirectory(),
                TlsContexts.Provider.valueOf(config.tls().provider().name()), clock);
        Services services = new Services();
        contributions = new ModuleRegistry(services);
        services.discoFeatures = () -> List.copyOf(contributions.discoFeatures());
        contributions.registerAll(Stream.concat(
                Stream.of(new DiscoModule(() -> List.copyOf(contributions.discoFeatures()),
                        () -> List.copyOf(contributions.accountDiscoFeatures()))), modules.stream()).toList());
        router = new LocalRouter(domain, registry, new IqDispatcher(contributions.iqHandlers()),
                storage.users()::exists, contributions.offlineHandler().orElse(message -> false), locks);
        SessionContext context = new SessionContext(domain, config.limits(), config.tls().required(),
                tls,
                new SaslMechanisms(storage.credentials(), ServerSecret.loadOrCreate(config.dataDirectory()),
                        config.auth().scramIterations()),
                new AuthThrottle(config.auth(), clock),
                List.copyOf(contributions.streamFeatures()), new IqDispatcher(contributions.preAuthIqHandlers()),
                List.copyOf(contributions.inboundInterceptors()), List.copyOf(contributions.outboundInterceptors()),
                List.copyOf(contributions.sessionListeners()), router, registry, new ResumableSessions(), executors, locks,
                contributions.ackBarrier(), clock, binaryEncoding(domain, names));
        XmlEncoding xml = new XmlEncoding(XmlLimits.from(config.limits()), new XmlParserFactory(),
                DocumentFactory.getInstance(), names.known());
        loops = EventLoops.create();
        try {
            var listenerConfigs = config.listeners();
            int c2s = -1;
            int direct = -1;
            if (listenerConfigs.c2s().enabled()) {
                ClientListener l = ClientListener.bind(listenerConfigs.c2s(), loops, context, Optional.empty(), xml, channels);
                listeners.add(l);
                c2s = l.port();
            }
            if (listenerConfigs.c2sDirectTls().enabled()) {
                ClientListener l = ClientListener.bind(listenerConfigs.c2sDirectTls(), loops, context,
                        Optional.of(tls), xml, channels);
                listeners.add(l);
                direct = l.port();
            }
            ports = new BoundPorts(c2s, direct);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("serving {} with modules {}", domain, modules.stream().map(XmppModule::id).toList());
    }

    /** docs/binary-encoding.md: offered to authenticated clients unless the operator turned it off. */
    private Optional<BinaryEncoding> binaryEncoding(String domain, StaticNames names) {
        BinaryEncodingConfig binary = config.binaryEncoding();
        if (!binary.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new BinaryEncoding(names, BinaryEncoding.limits(config.limits(), binary), List.of(domain)));
    }

    public BoundPorts ports() {
        return ports;
    }

    /** Live bound sessions (for operators and tests). */
    public int sessionCount() {
        return registry.count();
    }

    /** Stops accepting, ends every stream with system-shutdown and {@code </stream:stream>}, then stops the loops. */
    @Override
    public synchronized void close() {
        listeners.forEach(ClientListener::close);
        listeners.clear();
        for (Channel channel : channels) {
            ClientSession session = channel.pipeline().get(ClientSession.class);
            if (session != null) {
                session.shutdown();
            }
        }
        // Give clients a moment to receive the closing tag; they are closed by then or cut off below.
        channels.newCloseFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (loops != null) {
            loops.close();
            loops = null;
        }
        executors.close();
        if (contributions != null) {
            contributions.shutdown();
        }
    }

    /** What modules may call at run time. */
    private final class Services implements ServerServices {
        private java.util.function.Supplier<List<String>> discoFeatures = List::of;

        @Override
        public List<String> discoFeatures() {
            return discoFeatures.get();
        }

        private final Requester server = new Requester(Optional.of(new JID(null, config.domain(), null, true)),
                "server", new InetSocketAddress(0), true);

        @Override
        public String domain() {
            return config.domain();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void route(Packet packet) {
            JID to = packet.getTo();
            executors.forKey(to == null ? config.domain() : to.toBareJID()).execute(() -> router.route(packet, server));
        }

        @Override
        public void routeInOrder(Packet packet) {
            router.route(packet, server);
        }

        @Override
        public void closeSessions(String username, StreamError.Condition condition) {
            registry.sessionsOf(username + "@" + config.domain()).forEach(s -> s.close(condition));
        }

        @Override
        public List<SessionView> sessionsOf(String bareJid) {
            return registry.sessionsOf(bareJid).stream()
                    .map(s -> new SessionView(s.jid(), s.available(), s.priority(), s.presence()))
                    .toList();
        }

        @Override
        public boolean hasSessions(String bareJid) {
            return registry.hasSessions(bareJid);
        }

        @Override
        public boolean isOnline(JID fullJid) {
            return registry.session(fullJid).isPresent();
        }
    }

    /** For tests and operators: the session bound to a full JID. */
    public Optional<LocalSession> session(JID fullJid) {
        return registry.session(fullJid);
    }
}
