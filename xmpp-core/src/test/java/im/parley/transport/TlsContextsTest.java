package im.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.TlsConfig;
import im.parley.sasl.ChannelBinding;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
    @TempDir
    Path data;

    @Test
    void createsSelfSignedCertificateUnderDataDirectoryWhenNoneConfigured() {
        // When
        TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data);

        // Then
        assertThat(data.resolve("tls/example.org.crt")).exists();
        assertThat(data.resolve("tls/example.org.key")).exists();
        assertThat(tls.leafCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
    }

    @Test
    void loadsConfiguredPemCertificateAndKey() {
        // Given: a PEM pair produced elsewhere (here: by the generator in another directory)
        SelfSignedCertificate pem = SelfSignedCertificate.loadOrCreate(data.resolve("elsewhere"), "chat.example.org", Clock.systemUTC());
        TlsConfig config = new TlsConfig(pem.certificateFile(), pem.privateKeyFile(), true);

        // When
        TlsContexts.ServerTls tls = TlsContexts.server(config, "chat.example.org", data);

        // Then
        assertThat(tls.certificateChain()).containsExactly(pem.certificate());
        assertThat(data.resolve("tls")).doesNotExist();
    }

    @Test
    void enablesOnlyTls12AndTls13_rfc9325_3_1_1() {
        for (TlsContexts.Provider provider : new TlsContexts.Provider[] {TlsContexts.Provider.JDK, TlsContexts.Provider.OPENSSL}) {
            // Given
            TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data, provider, Clock.systemUTC());

            // When
            SSLEngine engine = tls.sslContext().newEngine(ByteBufAllocator.DEFAULT);

            // Then: Netty's OpenSSL engine always lists "SSLv2Hello", a hello format it accepts, not a protocol version
            assertThat(java.util.Arrays.stream(engine.getEnabledProtocols()).filter(p -> !p.equals("SSLv2Hello")))
                    .as(provider.name()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
            io.netty.util.ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void prefersOpenSslWhenItLoads_adr003() {
        // Given: netty-tcnative's BoringSSL loads here
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.handler.ssl.OpenSsl.isAvailable(), "needs netty-tcnative");

        // When
        TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data);

        // Then: the faster handshakes, still with tls-exporter on TLS 1.3
        assertThat(tls.provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(tls.tlsExporter()).isTrue();
    }

    @Test
    void keepsAnExporterSecretOnlyUntilItIsReadOrTheConnectionCloses() throws Exception {
        TlsContexts.ServerTls tls = TlsContexts.server(TlsConfig.defaults(), "example.org", data,
                TlsContexts.Provider.OPENSSL, Clock.systemUTC());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        try {
            // Given: two connections through their handshakes, neither session has read its binding yet
            BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
            LocalAddress address = new LocalAddress("exporter-" + System.nanoTime());
            Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            SslHandler ssl = tls.newHandler(ch, false);
                            ch.pipeline().addLast(ssl);
                            ssl.handshakeFuture().addListener(done -> accepted.add(ch));
                        }
                    }).bind(address).sync().channel();
            SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(tls.leafCertificate()).protocols("TLSv1.3").build();
            Channel first = connect(group, client, address);
            Channel second = connect(group, client, address);
            Channel firstServerSide = accepted.poll(10, TimeUnit.SECONDS);
            Channel secondServerSide = accepted.poll(10, TimeUnit.SECONDS);
            assertThat(tls.exporterSecretsKept()).isEqualTo(2);

            // When: one session reads its binding, the other connection closes
            ChannelBinding binding = secondServerSide.eventLoop()
                    .submit(() -> tls.channelBinding(secondServerSide.pipeline().get(SslHandler.class))).get();
            // (a listener added now runs after the session's own close listener: Netty notifies them in order)
            java.util.concurrent.CompletableFuture<Void> closeHandled = new java.util.concurrent.CompletableFuture<>();
            firstServerSide.closeFuture().addListener(closed -> closeHandled.complete(null));
            first.close().sync();
            closeHandled.get(10, TimeUnit.SECONDS);

            // Then: no secret is kept for either
            assertThat(binding.types()).contains(ChannelBinding.TLS_EXPORTER);
            assertThat(tls.exporterSecretsKept()).isZero();
            second.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Channel connect(EventLoopGroup group, SslContext client, LocalAddress address) throws Exception {
        SslHandler ssl = client.newHandler(ByteBufAllocator.DEFAULT, "example.org", 5222);
        Channel channel = new Bootstrap().group(group).channel(LocalChannel.class).handler(ssl).connect(address).sync().channel();
        ssl.handshakeFuture().sync();
        return channel;
    }

    @Test
    void failsStartUpOnUnreadableCertificate() throws Exception {
        // Given
        Path cert = Files.writeString(data.resolve("broken.crt"), "not a certificate");
        Path key = Files.writeString(data.resolve("broken.key"), "not a key");

        // When / Then
        assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(cert, key, true), "example.org", data))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("broken.crt");
    }
}
