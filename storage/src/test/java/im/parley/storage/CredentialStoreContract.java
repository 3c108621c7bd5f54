package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class CredentialStoreContract extends StorageContract {
    @Test
    void keepsOneCredentialPerHash_rfc5802_3() {
        // Given
        ScramCredential sha1 = credential(ScramHash.SHA_1, 1);
        ScramCredential sha256 = credential(ScramHash.SHA_256, 2);
        storage().users().create("juliet", List.of(sha1, sha256));
        // When / Then
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_1)).contains(sha1);
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_256)).contains(sha256);
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_512)).isEmpty();
        assertThat(storage().credentials().find("nobody", ScramHash.SHA_1)).isEmpty();
    }

    @Test
    void replaceSwapsAllCredentialsOfAnExistingAccountOnly() {
        // Given
        storage().users().create("juliet", List.of(credential(ScramHash.SHA_1, 1), credential(ScramHash.SHA_256, 1)));
        ScramCredential changed = credential(ScramHash.SHA_512, 9);
        // When
        boolean replaced = storage().credentials().replace("juliet", List.of(changed));
        boolean unknown = storage().credentials().replace("nobody", List.of(changed));
        // Then
        assertThat(replaced).isTrue();
        assertThat(unknown).isFalse();
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_512)).contains(changed);
        assertThat(storage().credentials().find("juliet", ScramHash.SHA_1)).isEmpty();
        assertThat(storage().users().exists("nobody")).isFalse();
    }
}
