package im.parley.storage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    @Test
    void aBurstOfLogoutsIsKeptForEveryAccountEvenWithOneAccountGone() throws Exception {
        // Given 50 accounts logging out at once (their writes share commits), one of them removed meanwhile
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            accounts.add(account("burst" + i));
        }
        storage().users().delete(accounts.get(17));
        Instant at = Instant.parse("2024-05-01T12:00:00Z");

        // When
        List<Future<?>> puts = new ArrayList<>();
        try (ExecutorService logouts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String account : accounts) {
                puts.add(logouts.submit(() -> storage().lastActivity().put(account, new LastActivity(at, account))));
            }
            for (Future<?> put : puts) {
                put.get(); // none fails, the removed account's included
            }
        }

        // Then every remaining account has its own record, and the removed one none
        for (String account : accounts) {
            if (account.equals(accounts.get(17))) {
                assertThat(storage().lastActivity().find(account)).isEmpty();
            } else {
                assertThat(storage().lastActivity().find(account)).contains(new LastActivity(at, account));
            }
        }
    }
}
