package im.parley.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class VCardStoreContract extends StorageContract {
    @Test
    void storesReplacesAndDeletesTheVCard_xep0054_3() {
        // Given
        String juliet = account("juliet");
        String vcard = "<vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN><NICKNAME>Jul</NICKNAME></vCard>";
        // When
        storage().vcards().put(juliet, "<vCard xmlns='vcard-temp'/>");
        storage().vcards().put(juliet, vcard);
        // Then
        assertThat(storage().vcards().find(juliet)).contains(vcard);
        assertThat(storage().vcards().delete(juliet)).isTrue();
        assertThat(storage().vcards().find(juliet)).isEmpty();
        assertThat(storage().vcards().delete(juliet)).isFalse();
    }
}
