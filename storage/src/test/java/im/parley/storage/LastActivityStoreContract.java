package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class LastActivityStoreContract extends StorageContract {
    @Test
    void keepsTheLatestTimeAndStatus_xep0012_4() {
        // Given
        String juliet = account("juliet");
        LastActivity later = new LastActivity(Instant.parse("2024-05-01T11:00:00.654321Z"), "Heading home");
        // When
        storage().lastActivity().put(juliet, new LastActivity(Instant.parse("2024-05-01T10:00:00Z"), ""));
        storage().lastActivity().put(juliet, later);
        // Then
        assertThat(storage().lastActivity().find(juliet)).contains(later);
        assertThat(storage().lastActivity().find("nobody")).isEmpty();
    }

    @Test
    void anAccountThatIsGoneIsIgnored() {
        // Given an account removed while its session was still ending
        String romeo = account("romeo");
        storage().users().delete(romeo);

        // When its logout is recorded, nothing fails and nothing is kept
        storage().lastActivity().put(romeo, new LastActivity(Instant.parse("2024-05-01T10:00:00Z"), "gone"));

        assertThat(storage().lastActivity().find(romeo)).isEmpty();
    }
}
