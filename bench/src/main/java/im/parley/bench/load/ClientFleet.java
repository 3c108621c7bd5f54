package im.parley.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * The simulated users' shared machinery: a few event loops (epoll where available) that carry every connection, the
 * client TLS context (trusts any certificate: benchmark servers use self-signed ones), the SCRAM SaltedPassword
 * cache, and the failure counts that scenarios report.
 */
public final class ClientFleet implements AutoCloseable {
    private static final String[] CLASSIC_GROUPS = {"X25519", "P-256", "P-384"};

    private final Target target;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    private final SslProvider tlsProvider;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, byte[]> saltedCache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ScramClient.Keys> scramKeys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder receivedBytes = new LongAdder();

    public ClientFleet(Target target, int eventLoops) {
        this(target, eventLoops, Map.of());
    }

    /** {@code saltedPasswords}: SCRAM SaltedPasswords known from earlier processes ({@link #saltedPasswords()}). */
    public ClientFleet(Target target, int eventLoops, Map<String, byte[]> saltedPasswords) {
        this.target = target;
        saltedCache.putAll(saltedPasswords);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(eventLoops, io);
        try {
            this.tlsProvider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            SslContextBuilder tls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .sslProvider(tlsProvider);
            if (tlsProvider == SslProvider.OPENSSL) {
                // The key exchange groups every compared server negotiates: BoringSSL would otherwise offer the
                // hybrid X25519MLKEM768 first, which only Parley's OpenSSL variant accepts, and time it against
                // peers that do plain X25519.
                tls.option(OpenSslContextOption.GROUPS, CLASSIC_GROUPS);
            }
            this.sslContext = tls.build();
        } catch (SSLException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("client TLS context", e);
        }
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 20_000);
    }

    public Target target() {
        return target;
    }

    public EventLoopGroup group() {
        return group;
    }

    public String tlsProvider() {
        return target.raw() ? "none" : (tlsProvider == SslProvider.OPENSSL ? "OpenSSL (netty-tcnative BoringSSL)" : "JDK");
    }

    /**
     * A TLS client engine without a peer host and port: the client session cache is keyed by them, so every
     * connection makes a full handshake. With them, all but the first few logins resume a cached session (RFC 8446
     * §2.2), the cheap handshake a returning device makes, not a login's: only when {@link Target#resumeTls()} asks.
     */
    SslHandler newSslHandler(Channel channel) {
        return target.resumeTls() ? sslContext.newHandler(channel.alloc(), target.host(), target.port())
                : sslContext.newHandler(channel.alloc());
    }

    /** The SCRAM SaltedPasswords this fleet has derived or was given, by account, salt, iteration count and hash. */
    public Map<String, byte[]> saltedPasswords() {
        return saltedCache;
    }

    ScramClient newScram(ScramClient.ScramHash hash, String username) {
        return new ScramClient(hash, username, target.password(), random, saltedCache, scramKeys);
    }

    void countFailure(String reason) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Failure reasons and how often each occurred since the fleet started (or the last {@link #resetFailures()}). */
    public Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Stanza bytes the users received after login, as framed on the wire inside TLS (XML text or binary frames). */
    void countReceived(int bytes) {
        receivedBytes.add(bytes);
    }

    /** Returns the received stanza bytes counted since the last call, and starts counting afresh. */
    public long takeReceivedBytes() {
        return receivedBytes.sumThenReset();
    }

    public void resetFailures() {
        failures.clear();
    }

    /** Starts one user's connection; the future completes when it is ready per {@code plan}. */
    public ClientConnection connect(int index, LoginPlan plan, StanzaListener listener) {
        StanzaFramer framer = new StanzaFramer(!target.raw());
        ClientConnection connection = new ClientConnection(this, index, plan, listener, framer);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (target.directTls() && !target.raw()) {
                    SslHandler ssl = newSslHandler(ch);
                    ch.pipeline().addLast("tls", ssl);
                    ssl.handshakeFuture().addListener(f -> connection.onDirectTlsHandshake(ssl.handshakeFuture()));
                }
                ch.pipeline().addLast("framer", framer).addLast("user", connection);
            }
        });
        InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
        ChannelFuture f;
        if (target.sourceAddresses().isEmpty()) {
            f = b.connect(remote);
        } else {
            String source = target.sourceAddresses().get(index % target.sourceAddresses().size());
            f = b.connect(remote, new InetSocketAddress(source, 0));
        }
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connection.ready().completeExceptionally(new ClientConnection.LoginFailedException("connect: " + done.cause()));
                countFailure("connect: " + done.cause().getClass().getSimpleName() + ": " + done.cause().getMessage());
                connection.closedFuture().complete(null);
            }
        });
        return connection;
    }

    /**
     * Logs in users {@code indexes} with at most {@code concurrency} negotiations in flight, waiting up to
     * {@code timeout} for all; returns those that became ready, in order of {@code indexes}.
     */
    public List<ClientConnection> connectAll(List<Integer> indexes, LoginPlan plan, StanzaListener listener,
                                             int concurrency, long timeoutSeconds) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<ClientConnection> started = new ArrayList<>(indexes.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int index : indexes) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            ClientConnection c = connect(index, plan, listener);
            c.ready().whenComplete((ok, err) -> inFlight.release());
            started.add(c);
        }
        List<ClientConnection> ready = new ArrayList<>(started.size());
        for (ClientConnection c : started) {
            try {
                c.ready().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                ready.add(c);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (!c.ready().isDone()) {
                    countFailure("login timed out");
                }
            }
        }
        return ready;
    }

    /**
     * An untimed pass of silent logins (no roster, no presence: nothing is broadcast or delivered) for {@code indexes},
     * then their logouts; failures are forgotten. It fills the SaltedPassword cache (RFC 5802 §5.1, as real clients
     * cache it) and warms this process's JIT: on the generator's one core, 4,096 PBKDF2 rounds per user and a cold
     * JIT are not what a scenario means to time.
     */
    public void warmUp(List<Integer> indexes, int concurrency) throws InterruptedException {
        closeAll(connectAll(indexes, LoginPlan.silent(false), StanzaListener.IGNORE, concurrency, 600), 60);
        resetFailures();
    }

    /** Closes the streams of {@code connections} and waits (bounded) until their sockets are closed. */
    public static void closeAll(List<ClientConnection> connections, long timeoutSeconds) throws InterruptedException {
        List<CompletableFuture<Void>> closing = connections.stream().map(ClientConnection::close).toList();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            connections.forEach(c -> {
                if (c.channel() != null) {
                    c.channel().close();
                }
            });
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
