package im.parley.conformance.rfc6120;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.config.ServerConfig;
import im.parley.config.TlsConfig;
import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.RawXmppClient;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.conformance.support.Target;
import im.parley.dist.ParleyConfig;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With {@code tls.provider: jdk} (the JDK's TLS instead of the default BoringSSL), clients get the same RFC 7590 TLS
 * and the same channel-binding types (ADR 003).
 */
@ParleyServer(config = JdkTlsProviderTest.Jdk.class)
class JdkTlsProviderTest {
    /** {@code tls.provider: jdk}. */
    public static final class Jdk implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            ServerConfig s = defaults.server();
            TlsConfig t = s.tls();
            TlsConfig jdk = new TlsConfig(t.certificate(), t.privateKey(), t.required(), TlsConfig.Provider.JDK);
            return new ParleyConfig(new ServerConfig(s.domain(), s.dataDirectory(), s.listeners(), jdk, s.limits(),
                    s.auth(), s.binaryEncoding()), defaults.storage(), defaults.modules());
        }
    }

    private final Target target;
    private final Accounts accounts;

    JdkTlsProviderTest(Target target, Accounts accounts) {
        this.target = target;
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0440", section = "3", quote = "the server announces the channel-binding types it supports")
    void advertisesBothBindingTypes_xep0440_3() {
        target.requireInProcess();
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "the JDK's TLS exports keying material from JDK 25");
        try (RawXmppClient client = RawXmppClient.connect(target)) {
            client.openStream();
            client.startTls();
            String features = client.openStream();
            assertThat(features).as(client.transcript())
                    .contains("type='tls-server-end-point'")
                    .contains("type='tls-exporter'")
                    .contains("SCRAM-SHA-256-PLUS");
        }
    }

    @Test
    @Spec(document = "RFC 6120", section = "5", quote = "STARTTLS")
    void clientsLogInAndChatOverTheJdksTls_rfc6120_5() {
        target.requireInProcess();
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        Chat.assertChatting(romeo, juliet);
    }
}
