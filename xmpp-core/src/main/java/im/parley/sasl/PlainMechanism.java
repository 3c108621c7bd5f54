package im.parley.sasl;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLAIN (RFC 4616), only inside TLS (RFC 6120 §13.8.3). We hold no password: the given one is checked by deriving
 * the SCRAM-SHA-256 StoredKey with the stored salt and iterations and comparing in constant time.
 */
final class PlainMechanism implements SaslMechanism {
    static final String NAME = "PLAIN";
    private static final Logger log = LoggerFactory.getLogger(PlainMechanism.class);
    // The hash every account has a credential for (ScramCredentials.derive makes one per hash).
    private static final ScramHash VERIFY_WITH = ScramHash.SHA_256;
    private static final int MAX_FIELD = 255; // RFC 4616 §2: up to 255 octets each

    private final CredentialLookup credentials;

    PlainMechanism(CredentialLookup credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    private final class Exchange implements SaslExchange {
        private boolean credentialsRejected;
        private final SaslContext context;
        private boolean sentEmptyChallenge;
        private boolean done;
        private String username = "";

        Exchange(SaslContext context) {
            this.context = context;
        }

        @Override
        public boolean credentialsRejected() {
            return credentialsRejected;
        }

        @Override
        public Optional<String> username() {
            return username.isEmpty() ? Optional.empty() : Optional.of(username);
        }

        @Override
        public SaslStep evaluate(byte[] clientData) {
            if (done) {
                return new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "the exchange has ended");
            }
            if (!context.secured()) {
                done = true;
                return new SaslStep.Failure(SaslFailure.ENCRYPTION_REQUIRED, "PLAIN is only allowed over TLS");
            }
            if (clientData.length == 0 && !sentEmptyChallenge) {
                sentEmptyChallenge = true; // RFC 6120 §6.4.2: no initial response
                return new SaslStep.Challenge(new byte[0]);
            }
            done = true;
            return verify(clientData);
        }

        private SaslStep verify(byte[] data) {
            // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd
            Optional<String> message = SaslText.utf8(data);
            String[] fields = message.map(m -> m.split("\0", -1)).orElse(new String[0]);
            if (fields.length != 3 || fields[1].isEmpty() || fields[2].isEmpty()
                    || utf8Length(fields[0]) > MAX_FIELD || utf8Length(fields[1]) > MAX_FIELD || utf8Length(fields[2]) > MAX_FIELD) {
                return new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "expected [authzid] NUL authcid NUL passwd");
            }
            Optional<String> prepared = SaslNames.prepareUsername(fields[1]);
            Optional<String> password = SaslPrep.prepare(fields[2]).filter(p -> !p.isEmpty());
            if (prepared.isEmpty() || password.isEmpty()) {
                return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
            }
            username = prepared.get();
            if (!SaslNames.authzidAllowed(fields[0], username, context.domain())) {
                return new SaslStep.Failure(SaslFailure.INVALID_AUTHZID, "you may only authorize as yourself");
            }
            CredentialLookup.Found found;
            try {
                found = credentials.find(username, VERIFY_WITH);
            } catch (StorageException e) {
                log.warn("SASL PLAIN: credential lookup for '{}' failed", username, e);
                return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "try again later");
            }
            ScramCredential stored = found.credential();
            // An unknown account runs the same key derivation on its decoy salt, so it costs the same.
            ScramCredential given = ScramCredentials.derive(VERIFY_WITH, password.get().getBytes(StandardCharsets.UTF_8),
                    stored.salt(), stored.iterations());
            boolean match = MessageDigest.isEqual(given.storedKey(), stored.storedKey());
            if (!match || !found.known()) {
                credentialsRejected = true;
                return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
            }
            return new SaslStep.Success(username, new byte[0]);
        }

        private static int utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
