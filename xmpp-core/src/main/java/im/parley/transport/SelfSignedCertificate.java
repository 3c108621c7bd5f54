package im.parley.transport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for the XMPP domain, so a fresh server speaks TLS from its first start (RFC 6120 §5
 * makes TLS mandatory-to-implement; RFC 6125 §6.4: the domain goes in a DNS subjectAltName). EC P-256 with
 * ECDSA-SHA256, valid one year, written as PEM to {@code <dir>/<domain>.crt} and {@code <dir>/<domain>.key} (PKCS#8,
 * mode 600) and reused until it is about to expire.
 */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey, Path certificateFile, Path privateKeyFile) {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(14);

    /** Loads the certificate for {@code domain} from {@code directory}, creating (or renewing) it if needed. */
    public static SelfSignedCertificate loadOrCreate(Path directory, String domain, Clock clock) {
        Path certFile = directory.resolve(domain + ".crt");
        Path keyFile = directory.resolve(domain + ".key");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            SelfSignedCertificate existing = new SelfSignedCertificate(readCertificate(certFile), readPrivateKey(keyFile), certFile, keyFile);
            Instant renewAt = existing.certificate().getNotAfter().toInstant().minus(RENEW_BEFORE);
            if (clock.instant().isBefore(renewAt)) {
                return existing;
            }
            log.info("Self-signed certificate {} expires {}: creating a new one", certFile, existing.certificate().getNotAfter());
        }
        KeyPair keyPair = generateKeyPair();
        X509Certificate certificate = sign(domain, keyPair, clock.instant());
        write(directory, certFile, keyFile, certificate, keyPair.getPrivate());
        log.info("Created a self-signed certificate for {} in {} (valid until {}); configure tls.certificate for a CA-signed one",
                domain, certFile, certificate.getNotAfter());
        return new SelfSignedCertificate(certificate, keyPair.getPrivate(), certFile, keyFile);
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("cannot generate an EC P-256 key pair", e);
        }
    }

    static X509Certificate sign(String domain, KeyPair keyPair, Instant now) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
        BigInteger serial = new BigInteger(64, new SecureRandom()).abs();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keyPair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, domain)))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new TlsSetupException("cannot create a self-signed certificate for " + domain, e);
        }
    }

    private static void write(Path directory, Path certFile, Path keyFile, X509Certificate certificate, PrivateKey key) {
        try {
            Files.createDirectories(directory);
            // Write the key to a fresh file that is 600 from its creation, then move it into place.
            Path tmpKey = directory.resolve(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmpKey);
            try {
                Files.createFile(tmpKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmpKey); // not a POSIX file system; rely on the directory's protection
            } catch (FileAlreadyExistsException e) {
                throw new TlsSetupException("another process is writing " + tmpKey, e);
            }
            Files.writeString(tmpKey, pem(new JcaPKCS8Generator(key, null)), StandardCharsets.US_ASCII);
            Files.move(tmpKey, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(certFile, pem(certificate), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsSetupException("cannot write the self-signed certificate to " + directory, e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    static X509Certificate readCertificate(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new TlsSetupException("cannot read the certificate " + file, e);
        }
    }

    static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case null, default -> throw new TlsSetupException("no unencrypted private key in " + file, null);
            };
        } catch (IOException e) {
            throw new TlsSetupException("cannot read the private key " + file, e);
        }
    }

}
