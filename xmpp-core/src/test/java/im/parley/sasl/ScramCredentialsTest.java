package im.parley.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScramCredentialsTest {
    @Test
    void derivesOneCredentialPerHashWithFreshSalts_rfc5802_3() {
        // When
        List<ScramCredential> credentials = ScramCredentials.derive("pencil", 4096, new SecureRandom());

        // Then
        assertThat(credentials).extracting(ScramCredential::hash).containsExactly(ScramHash.values());
        assertThat(credentials).allSatisfy(c -> {
            assertThat(c.iterations()).isEqualTo(4096);
            assertThat(c.salt()).hasSize(16);
            assertThat(c.storedKey()).hasSize(c.hash().length());
            assertThat(c.serverKey()).hasSize(c.hash().length());
        });
        assertThat(credentials.get(0).salt()).isNotEqualTo(credentials.get(1).salt());
    }

    @Test
    void matchesRfc5802ExampleKeys_rfc5802_5() {
        // Given: RFC 5802 §5's salt; its ClientProof/ServerSignature imply these keys
        byte[] salt = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");

        // When
        ScramCredential credential = ScramCredentials.derive(ScramHash.SHA_1, "pencil".getBytes(StandardCharsets.UTF_8), salt, 4096);
        byte[] salted = ScramCrypto.hi(ScramHash.SHA_1, "pencil".getBytes(StandardCharsets.UTF_8), salt, 4096);

        // Then: SaltedPassword as computed by independent implementations of the example
        assertThat(java.util.HexFormat.of().formatHex(salted)).isEqualTo("1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d");
        assertThat(credential.storedKey()).isEqualTo(ScramCrypto.storedKey(ScramHash.SHA_1, salted));
    }

    @Test
    void rejectsEmptyPassword() {
        assertThatThrownBy(() -> ScramCredentials.derive("", 4096, new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preparesPasswordWithSaslPrep_rfc4013_3() {
        // RFC 4013 §3 examples: SOFT HYPHEN maps to nothing, NBSP to space, U+0007 is prohibited
        assertThat(SaslPrep.prepare("I\u00ADX")).contains("IX");
        assertThat(SaslPrep.prepare("a\u00A0b")).contains("a b");
        assertThat(SaslPrep.prepare("\u00AA")).contains("a");
        assertThat(SaslPrep.prepare("\u2168")).contains("IX");
        assertThat(SaslPrep.prepare("\u0007")).isEmpty();
        assertThat(SaslPrep.prepare("\u0627\u0031")).isEmpty();
    }
}
