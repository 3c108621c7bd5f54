package im.parley.conformance.support;

import im.parley.dist.RunningParley;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;

/**
 * The server under test and how to reach it. {@code trustManager} decides which certificate the clients accept (for
 * the in-process server: exactly its self-signed one); {@code inProcess} is present when the suite started Parley
 * itself and can therefore look inside it or give it a special configuration.
 */
public record Target(
        String host,
        int c2sPort,
        Optional<Integer> directTlsPort,
        String domain,
        X509TrustManager trustManager,
        Optional<HostnameVerifier> hostnameVerifier,
        Limits limits,
        Optional<RunningParley> inProcess) {

    /** The server limits the abuse tests push against (RFC 6120 leaves the values to the server). */
    public record Limits(int maxStanzaBytes, int maxDepth, Duration idleTimeout) {}

    /** An SSL context that trusts what {@link #trustManager()} trusts. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {trustManager}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client context for " + domain, e);
        }
    }

    /** Skips (aborts) the calling test unless the server runs in-process, e.g. because it needs a special config. */
    public RunningParley requireInProcess() {
        Assumptions.assumeTrue(inProcess.isPresent(), "needs the in-process Parley (special configuration or internals)");
        return inProcess.orElseThrow();
    }

    /** Skips the calling test unless the target has a direct-TLS port (XEP-0368). */
    public int requireDirectTlsPort() {
        Assumptions.assumeTrue(directTlsPort.isPresent(), "the target has no direct-TLS port (parley.target.direct-tls-port)");
        return directTlsPort.orElseThrow();
    }
}
