package im.parley.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** When a user was last available and the status text of their last unavailable presence (XEP-0012 §4). */
public record LastActivity(Instant at, String status) {
    public LastActivity {
        at = at.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(status, "status");
    }
}
