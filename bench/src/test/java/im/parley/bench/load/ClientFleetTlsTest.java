package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import im.parley.transport.SelfSignedCertificate;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's TLS client must time what a login costs a server: a full handshake every time, unless a run asks
 * for resumption (a returning device).
 */
class ClientFleetTlsTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionMakesAFullHandshake_rfc8446_2_2() throws Exception {
        // Given a TLS 1.3 server that issues session tickets (BoringSSL's default, as the compared servers do)
        // When the fleet's TLS client connects three times, one after the other
        List<Boolean> resumed = connectThreeTimes(false);

        // Then none of them resumed the session a ticket from an earlier one offered
        assertThat(resumed).containsExactly(false, false, false);
    }

    @Test
    void resumeTlsResumesFromTheServersTickets_rfc8446_2_2() throws Exception {
        // Given the same server, and a run that asks for resumption
        // When the client connects three times
        List<Boolean> resumed = connectThreeTimes(true);

        // Then the second and third resume the session the ticket of an earlier one offered
        assertThat(resumed).containsExactly(false, true, true);
    }

    /** Whether each of three consecutive connections to a ticket-issuing BoringSSL server resumed a session. */
    private List<Boolean> connectThreeTimes(boolean resumeTls) throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "the generator's TLS is BoringSSL where netty-tcnative loads");
        List<Boolean> resumed = new ArrayList<>();
        SelfSignedCertificate cert = SelfSignedCertificate.loadOrCreate(dir, "bench.test", Clock.systemUTC());
        SslContext serverTls = SslContextBuilder.forServer(cert.privateKey(), cert.certificate())
                .sslProvider(SslProvider.OPENSSL).build();
        EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ClientFleet fleet = new ClientFleet(new Target("127.0.0.1", 1, "bench.test", false, "SCRAM-SHA-256",
                "pw", "u", List.of("127.0.0.1"), false, resumeTls, false), 1)) {
            Channel server = new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = serverTls.newHandler(ch.alloc());
                            // Bytes after the handshake: the client reads the session ticket sent before them.
                            tls.handshakeFuture().addListener(f -> ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'x'})));
                            ch.pipeline().addLast(tls);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();

            for (int i = 0; i < 3; i++) {
                CompletableFuture<Void> firstBytes = new CompletableFuture<>();
                Channel client = new Bootstrap().group(fleet.group())
                        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(fleet.newSslHandler(ch), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg);
                                        firstBytes.complete(null);
                                    }
                                });
                            }
                        }).connect("127.0.0.1", port).sync().channel();
                SslHandler tls = client.pipeline().get(SslHandler.class);
                firstBytes.get(10, TimeUnit.SECONDS);
                resumed.add(sessionReused(tls.engine()));
                client.close().sync();
            }
            server.close().sync();
        } finally {
            serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
        return resumed;
    }

    /** Netty keeps BoringSSL's SSL_session_reused package-private. */
    private static boolean sessionReused(SSLEngine engine) throws ReflectiveOperationException {
        Method reused = ReferenceCountedOpenSslEngine.class.getDeclaredMethod("isSessionReused");
        reused.setAccessible(true);
        return (Boolean) reused.invoke(engine);
    }
}
