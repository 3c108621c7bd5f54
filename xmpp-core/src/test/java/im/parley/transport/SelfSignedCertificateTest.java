package im.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void createsCertificateForDomainWithDnsSubjectAltName_rfc6125_6_4() throws Exception {
        // When
        SelfSignedCertificate created = SelfSignedCertificate.loadOrCreate(dir, "example.org", Clock.fixed(NOW, ZoneOffset.UTC));

        // Then
        X509Certificate cert = created.certificate();
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "example.org"));
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getNotAfter().toInstant()).isBetween(NOW.plus(Duration.ofDays(364)), NOW.plus(Duration.ofDays(366)));
        cert.verify(cert.getPublicKey());
        assertThat(created.certificateFile()).isEqualTo(dir.resolve("example.org.crt"));
        assertThat(Files.readString(created.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(created.privateKeyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void reusesTheCertificateOnLaterStarts() {
        // Given
        SelfSignedCertificate first = SelfSignedCertificate.loadOrCreate(dir, "example.org", Clock.fixed(NOW, ZoneOffset.UTC));

        // When
        SelfSignedCertificate second = SelfSignedCertificate.loadOrCreate(dir, "example.org", Clock.fixed(NOW.plus(Duration.ofDays(100)), ZoneOffset.UTC));

        // Then
        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
    }

    @Test
    void renewsTheCertificateShortlyBeforeItExpires() {
        // Given
        SelfSignedCertificate first = SelfSignedCertificate.loadOrCreate(dir, "example.org", Clock.fixed(NOW, ZoneOffset.UTC));

        // When
        SelfSignedCertificate renewed = SelfSignedCertificate.loadOrCreate(dir, "example.org", Clock.fixed(NOW.plus(Duration.ofDays(360)), ZoneOffset.UTC));

        // Then
        assertThat(renewed.certificate()).isNotEqualTo(first.certificate());
        assertThat(SelfSignedCertificate.readCertificate(dir.resolve("example.org.crt"))).isEqualTo(renewed.certificate());
    }
}
