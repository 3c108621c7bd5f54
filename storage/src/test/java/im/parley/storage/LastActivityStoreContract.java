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
}
