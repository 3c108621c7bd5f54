package im.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    void prefersJdkWhenItCanExportKeyingMaterial() {
        // Given: JDK 25+ (ExtendedSSLSession#exportKeyingMaterialData)
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "needs JDK 25+");

        // When
        SslProvider chosen = TlsContexts.choose(TlsContexts.Provider.AUTO);

        // Then: the JDK provider is the one that can do tls-exporter (ADR 003)
        assertThat(chosen).isEqualTo(SslProvider.JDK);
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
