package im.parley.sasl;

import java.util.Objects;

/** What the session sends next (RFC 6120 §6.4): a challenge, success or failure. */
public sealed interface SaslStep {

    /** {@code <challenge/>} carrying base64 of {@code data} (an empty challenge is written as {@code =}). */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override public byte[] data() { return data.clone(); }
    }

    /**
     * {@code <success/>} with {@code additionalData} (SCRAM's server-final-message, RFC 6120 §6.3.10; empty for
     * PLAIN). {@code username} is the nodeprepped localpart of the authenticated account.
     */
    record Success(String username, byte[] additionalData) implements SaslStep {
        public Success {
            Objects.requireNonNull(username, "username");
            additionalData = additionalData.clone();
        }

        @Override public byte[] additionalData() { return additionalData.clone(); }
    }

    /** {@code <failure/>} with the condition and an optional {@code <text/>} (empty string: none). */
    record Failure(SaslFailure condition, String text) implements SaslStep {
        public Failure {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(text, "text");
        }

        static Failure of(SaslFailure condition) {
            return new Failure(condition, "");
        }
    }
}
