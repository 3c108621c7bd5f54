package im.parley.conformance.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust managers for the test clients: exactly the certificates of one PEM file, or the JDK's defaults. */
final class TrustedCertificates {
    private TrustedCertificates() {
    }

    /** Trusts the certificates in {@code pem} and nothing else, so a test cannot pass against the wrong server. */
    static X509TrustManager exactly(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("server-" + i++, certificate);
            }
            return from(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the server certificate " + pem, e);
        }
    }

    /** Trusts any certificate: for a test server on loopback whose self-signed certificate the tester did not copy. */
    static X509TrustManager anything() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // never used: the suite is only ever the client
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // deliberately accepts everything (parley.target.insecure)
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
    }

    static X509TrustManager jdkDefaults() {
        try {
            return from(null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no default trust manager in this JDK", e);
        }
    }

    private static X509TrustManager from(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager from " + factory.getAlgorithm());
    }
}
