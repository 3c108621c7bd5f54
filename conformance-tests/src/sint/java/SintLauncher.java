/*
 * Runs Ignite Realtime's Smack Integration Test Framework (SINT) against one server and prints one machine-readable
 * line per test. Not compiled by Maven: SINT 4.5 needs Smack 4.5 (and old Guava, OkHttp, BouncyCastle), which clash
 * with the suite's Smack 4.4, so SintTest runs this file with the JDK's source launcher on SINT's own class path
 * (docs/adr/006-sint-isolation.md).
 *
 *   java -cp <SINT class path> SintLauncher.java HOST PORT DOMAIN TRUST REPLY_TIMEOUT_MS [DISABLED_SPECIFICATIONS]
 *
 * TRUST is a PEM file whose certificates alone are trusted, "insecure" (trust anything; loopback only) or "default"
 * (the JDK's CAs). Output lines: "SINT<TAB>PASSED|FAILED|IMPOSSIBLE<TAB>test<TAB>reason".
 */
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.ConnectionConfigurationBuilderApplier;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SuccessfulTest;
import org.igniterealtime.smack.inttest.TestNotPossible;

public final class SintLauncher {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String domain = args[2];
        String trust = args[3];
        String replyTimeout = args[4];
        Configuration.Builder builder = Configuration.builder()
                .setService(domain)
                .setSecurityMode("required")
                .setReplyTimeout(replyTimeout)
                // Only Smack's mature XMPPTCPConnection. The 4.5 beta's "modular" NIO connections are Smack's own beta:
                // its reactor throws NullPointerExceptions mid-handshake (SelectionKey null) and stalls the whole run;
                // the WebSocket variants (RFC 7395) need an endpoint the suite's targets do not have.
                .setEnabledConnections("tcp")
                // ...and this class tests that beta connection itself, whatever connections are enabled.
                .setDisabledTests("ModularXmppClientToServerConnectionLowLevelIntegrationTest");
        if (args.length > 5 && !args[5].isBlank()) {
            builder.setDisabledSpecifications(args[5]);
        }
        Configuration configuration = builder.build();
        withHostPortAndTrust(configuration, host, port, trust);

        SmackIntegrationTestFramework.TestRunResult result = new SmackIntegrationTestFramework(configuration).run();
        for (SuccessfulTest t : result.getSuccessfulTests()) {
            line("PASSED", t.concreteTest.toString(), "");
        }
        for (FailedTest t : result.getFailedTests()) {
            line("FAILED", t.concreteTest.toString(), String.valueOf(t.failureReason));
        }
        for (TestNotPossible t : result.getNotPossibleTests()) {
            line("IMPOSSIBLE", t.concreteTest.toString(), t.testNotPossibleException.getMessage());
        }
        result.getImpossibleTestClasses().forEach((c, why) -> line("IMPOSSIBLE", c.getName(), String.valueOf(why)));
        System.out.flush();
        // SINT leaves non-daemon threads (Smack's reader/writer pools) behind; the run is over.
        System.exit(0);
    }

    /**
     * SINT 4.5's configuration has a host but no port and no trust manager, and its builder hides the host setter;
     * the suite's servers listen on free ports with self-signed certificates. Wrap the final applier, which every
     * SINT connection configuration passes through, so it also names the port and the trust.
     */
    private static void withHostPortAndTrust(Configuration configuration, String host, int port, String trust)
            throws Exception {
        ConnectionConfigurationBuilderApplier original = configuration.configurationApplier;
        X509TrustManager trustManager = trustManager(trust);
        ConnectionConfigurationBuilderApplier wrapped = b -> {
            original.applyConfigurationTo(b);
            b.setHost(host);
            b.setPort(port);
            if (trustManager != null) {
                b.setCustomX509TrustManager(trustManager);
                // The trust is pinned to the target's own certificate (or is deliberately absent on loopback).
                b.setHostnameVerifier((name, session) -> true);
            }
        };
        Field field = Configuration.class.getDeclaredField("configurationApplier");
        field.setAccessible(true);
        field.set(configuration, wrapped);
    }

    private static X509TrustManager trustManager(String trust) throws Exception {
        if (trust.equals("default")) {
            return null;
        }
        if (trust.equals("insecure")) {
            return new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(trust))) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("target-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager for " + trust);
    }

    private static void line(String outcome, String test, String reason) {
        String oneLine = reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
        System.out.println("SINT\t" + outcome + "\t" + test + "\t" + oneLine);
    }
}
