package im.parley.ext.mam;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StanzaIdsTest {
    private final StanzaIds ids = new StanzaIds(new SecureRandom());

    @Test
    void isAVersion7UuidCarryingTheMillisecond_rfc9562_5_7() {
        Instant at = Instant.parse("2026-11-24T23:08:25.123Z");

        UUID id = UUID.fromString(ids.next(at));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).as("RFC 9562 variant 0b10").isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnesAsText() {
        Instant at = Instant.parse("2026-11-24T23:08:25.123Z");

        String earlier = ids.next(at);
        String later = ids.next(at.plusMillis(1));

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits_xep0359_3() {
        Instant at = Instant.parse("2026-11-24T23:08:25.123Z");
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next(at));
        }

        assertThat(seen).hasSize(10_000);
    }
}
