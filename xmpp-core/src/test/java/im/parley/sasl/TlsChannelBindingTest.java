package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.TlsConfig;
import im.parley.storage.ScramHash;
import im.parley.transport.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes between Netty server and client over a local channel; both ends compute the binding. */
class TlsChannelBindingTest {
    private static EventLoopGroup group;
    @TempDir
    static Path data;

    /** What each end of one connection saw. */
    record Ends(ChannelBinding server, ChannelBinding client, String serverAlpn, String protocol) {
    }

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Ends handshake(TlsContexts.Provider provider, String clientProtocol) throws Exception {
        return handshake(provider, clientProtocol, null);
    }

    private static Ends handshake(TlsContexts.Provider provider, String clientProtocol, String clientCipherSuite) throws Exception {
        TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data, provider, Clock.systemUTC());
        LocalAddress address = new LocalAddress("tls-" + provider + "-" + clientProtocol + "-" + System.nanoTime());
        CompletableFuture<ChannelBinding> serverBinding = new CompletableFuture<>();
        CompletableFuture<String> serverAlpn = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        SslHandler ssl = tls.newHandler(ch, false);
                        ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                                    serverBinding.complete(tls.channelBinding(ssl));
                                    serverAlpn.complete(String.valueOf(ssl.applicationProtocol()));
                                } else if (evt instanceof SslHandshakeCompletionEvent failed) {
                                    serverBinding.completeExceptionally(failed.cause());
                                }
                            }
                        });
                    }
                }).bind(address).sync().channel();
        SslContext clientContext = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(tls.leafCertificate()).protocols(clientProtocol)
                .ciphers(clientCipherSuite == null ? null : java.util.List.of(clientCipherSuite))
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, TlsContexts.ALPN_XMPP_CLIENT))
                .build();
        try {
            SslHandler clientSsl = clientContext.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, "example.org", 5222);
            Channel client = new Bootstrap().group(group).channel(LocalChannel.class).handler(clientSsl).connect(address).sync().channel();
            clientSsl.handshakeFuture().sync();
            X509Certificate serverCertificate = (X509Certificate) clientSsl.engine().getSession().getPeerCertificates()[0];
            ChannelBinding clientBinding = TlsChannelBinding.of(clientSsl.engine(), serverCertificate);
            String protocol = clientSsl.engine().getSession().getProtocol();
            client.close().sync();
            return new Ends(serverBinding.get(10, TimeUnit.SECONDS), clientBinding, serverAlpn.get(10, TimeUnit.SECONDS), protocol);
        } finally {
            server.close().sync();
        }
    }

    @Test
    void bothEndsComputeSameTlsExporterAndServerEndPointOnJdkTls13_rfc9266_rfc5929_4_1() throws Exception {
        // Given / When
        Ends ends = handshake(TlsContexts.Provider.JDK, "TLSv1.3");

        // Then: RFC 9266 exporter (32 bytes) and RFC 5929 certificate hash, identical on both ends
        assertThat(ends.protocol()).isEqualTo("TLSv1.3");
        assertThat(ends.server().types()).containsExactly(ChannelBinding.TLS_EXPORTER, ChannelBinding.TLS_SERVER_END_POINT);
        assertThat(ends.server().data(ChannelBinding.TLS_EXPORTER)).hasValueSatisfying(d -> assertThat(d).hasSize(32));
        assertThat(ends.server().data(ChannelBinding.TLS_EXPORTER).orElseThrow()).isEqualTo(ends.client().data(ChannelBinding.TLS_EXPORTER).orElseThrow());
        assertThat(ends.server().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow()).isEqualTo(ends.client().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow());
        assertThat(ends.serverAlpn()).isEqualTo(TlsContexts.ALPN_XMPP_CLIENT);
    }

    @Test
    void offersOnlyServerEndPointOnTls12_rfc9266_4_2() throws Exception {
        // When
        Ends ends = handshake(TlsContexts.Provider.JDK, "TLSv1.2");

        // Then: no exporter without proof of the extended master secret
        assertThat(ends.protocol()).isEqualTo("TLSv1.2");
        assertThat(ends.server().types()).containsExactly(ChannelBinding.TLS_SERVER_END_POINT);
        assertThat(ends.server().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow()).isEqualTo(ends.client().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow());
    }

    @Test
    void openSslServerComputesTheSameTlsExporterAsTheJdkClient_rfc9266_rfc8446_7_5() throws Exception {
        // When: BoringSSL's exporter secret comes from its key-log callback, the exporter from RFC 8446 §7.5
        Ends ends = handshake(TlsContexts.Provider.OPENSSL, "TLSv1.3");

        // Then: the JDK client's exportKeyingMaterialData gives the same 32 bytes
        assertThat(ends.server().types()).containsExactly(ChannelBinding.TLS_EXPORTER, ChannelBinding.TLS_SERVER_END_POINT);
        assertThat(ends.server().data(ChannelBinding.TLS_EXPORTER).orElseThrow())
                .hasSize(32).isEqualTo(ends.client().data(ChannelBinding.TLS_EXPORTER).orElseThrow());
        assertThat(ends.server().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow()).isEqualTo(ends.client().data(ChannelBinding.TLS_SERVER_END_POINT).orElseThrow());
    }

    @Test
    void openSslExporterUsesTheSuitesHashForSha384Suites_rfc8446_7_5() throws Exception {
        // When
        Ends ends = handshake(TlsContexts.Provider.OPENSSL, "TLSv1.3", "TLS_AES_256_GCM_SHA384");

        // Then
        assertThat(ends.server().data(ChannelBinding.TLS_EXPORTER).orElseThrow())
                .isEqualTo(ends.client().data(ChannelBinding.TLS_EXPORTER).orElseThrow());
    }

    @Test
    void openSslOffersOnlyServerEndPointOnTls12_rfc9266_4_2() throws Exception {
        // When
        Ends ends = handshake(TlsContexts.Provider.OPENSSL, "TLSv1.2");

        // Then
        assertThat(ends.protocol()).isEqualTo("TLSv1.2");
        assertThat(ends.server().types()).containsExactly(ChannelBinding.TLS_SERVER_END_POINT);
    }

    @Test
    void hashesEcdsaSha256CertificateWithSha256_rfc5929_4_1() throws Exception {
        // Given
        TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data, TlsContexts.Provider.JDK, Clock.systemUTC());

        // When
        byte[] endPoint = TlsChannelBinding.tlsServerEndPoint(tls.leafCertificate()).orElseThrow();

        // Then
        assertThat(tls.leafCertificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(endPoint).isEqualTo(MessageDigest.getInstance("SHA-256").digest(tls.leafCertificate().getEncoded()));
    }

    @Test
    void scramSha256PlusSucceedsOverRealTlsExporter_rfc9266() throws Exception {
        // Given: a real connection, and the client binding to what it sees
        Ends ends = handshake(TlsContexts.Provider.JDK, "TLSv1.3");
        SaslMechanisms mechanisms = new SaslMechanisms(new InMemoryCredentialStore()
                .with("juliet", ScramCredentials.derive("secret", 4096, new SecureRandom())), new byte[32], 4096);
        SaslContext context = new SaslContext("example.org", true, ends.server(), true);
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "p=tls-exporter,,",
                ends.client().data(ChannelBinding.TLS_EXPORTER).orElseThrow(), "juliet", "abc");
        SaslExchange exchange = mechanisms.start("SCRAM-SHA-256-PLUS", context).orElseThrow();

        // When
        SaslStep first = exchange.evaluate(client.clientFirst());
        SaslStep last = exchange.evaluate(client.clientFinal(((SaslStep.Challenge) first).data(), "secret"));

        // Then
        assertThat(last).isInstanceOf(SaslStep.Success.class);
    }
}
