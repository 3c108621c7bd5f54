package im.parley.sasl;

import im.parley.storage.ScramCredential;
import im.parley.storage.ScramHash;
import im.parley.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SCRAM-SHA-* (RFC 5802, RFC 7677) and its channel-binding -PLUS variant (RFC 5802 §6), server side. */
final class ScramMechanism implements SaslMechanism {
    private static final Logger log = LoggerFactory.getLogger(ScramMechanism.class);
    // RFC 5802 §7: printable = %x21-2B / %x2D-7E (no ',').
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]+");

    private final ScramHash hash;
    private final boolean plus;
    private final CredentialLookup credentials;
    private final NonceSource nonces;

    ScramMechanism(ScramHash hash, boolean plus, CredentialLookup credentials, NonceSource nonces) {
        this.hash = hash;
        this.plus = plus;
        this.credentials = credentials;
        this.nonces = nonces;
    }

    static String name(ScramHash hash, boolean plus) {
        return "SCRAM-" + hash.digestName() + (plus ? "-PLUS" : "");
    }

    @Override
    public String name() {
        return name(hash, plus);
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    private final class Exchange implements SaslExchange {
        private enum State { CLIENT_FIRST, CLIENT_FINAL, DONE }

        private final SaslContext context;
        private State state = State.CLIENT_FIRST;
        private boolean sentEmptyChallenge;
        private String username = "";
        private Gs2Header gs2;
        private byte[] cbindData = new byte[0];
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private CredentialLookup.Found found;
        private boolean credentialsRejected;
        private boolean channelBindingTypeUnsupported;

        Exchange(SaslContext context) {
            this.context = context;
        }

        @Override
        public boolean credentialsRejected() {
            return credentialsRejected;
        }

        @Override
        public boolean channelBindingTypeUnsupported() {
            return channelBindingTypeUnsupported;
        }

        @Override
        public Optional<String> username() {
            return username.isEmpty() ? Optional.empty() : Optional.of(username);
        }

        @Override
        public SaslStep evaluate(byte[] clientData) {
            SaslStep step = switch (state) {
                case CLIENT_FIRST -> clientFirst(clientData);
                case CLIENT_FINAL -> clientFinal(clientData);
                case DONE -> fail(SaslFailure.MALFORMED_REQUEST, "the exchange has ended");
            };
            if (!(step instanceof SaslStep.Challenge)) {
                state = State.DONE;
            }
            return step;
        }

        private SaslStep clientFirst(byte[] data) {
            if (data.length == 0 && !sentEmptyChallenge) {
                // RFC 6120 §6.4.2: no initial response; an empty challenge asks for the client-first-message.
                sentEmptyChallenge = true;
                return new SaslStep.Challenge(new byte[0]);
            }
            Optional<String> message = SaslText.utf8(data);
            if (message.isEmpty()) {
                return fail(SaslFailure.MALFORMED_REQUEST, "client-first-message is not UTF-8");
            }
            Optional<Gs2Header.Parsed> parsed = Gs2Header.parse(message.get());
            if (parsed.isEmpty()) {
                return fail(SaslFailure.MALFORMED_REQUEST, "invalid GS2 header");
            }
            gs2 = parsed.get().header();
            Optional<SaslStep> bindingFailure = checkChannelBindingFlag();
            if (bindingFailure.isPresent()) {
                return bindingFailure.get();
            }
            clientFirstBare = parsed.get().bare();
            String[] attributes = clientFirstBare.split(",", -1);
            if (attributes[0].startsWith("m=")) {
                // RFC 5802 §5.1: a mandatory extension we do not support must fail the authentication.
                return fail(SaslFailure.MALFORMED_REQUEST, "unsupported mandatory extension");
            }
            if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")
                    || !NONCE.matcher(attributes[1].substring(2)).matches()) {
                return fail(SaslFailure.MALFORMED_REQUEST, "expected n=username,r=nonce");
            }
            Optional<String> decodedName = SaslNames.decodeSaslName(attributes[0].substring(2));
            if (decodedName.isEmpty()) {
                return fail(SaslFailure.MALFORMED_REQUEST, "invalid =XX escape in username (RFC 5802 §5.1)");
            }
            Optional<String> prepared = SaslNames.prepareUsername(decodedName.get());
            if (prepared.isEmpty()) {
                return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
            }
            username = prepared.get();
            if (!SaslNames.authzidAllowed(gs2.authzid(), username, context.domain())) {
                return fail(SaslFailure.INVALID_AUTHZID, "you may only authorize as yourself");
            }
            try {
                found = credentials.find(username, hash);
            } catch (StorageException e) {
                log.warn("SASL {}: credential lookup for '{}' failed", name(), username, e);
                return fail(SaslFailure.TEMPORARY_AUTH_FAILURE, "try again later");
            }
            ScramCredential credential = found.credential();
            nonce = attributes[1].substring(2) + nonces.next();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i=" + credential.iterations();
            state = State.CLIENT_FINAL;
            return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        /** RFC 5802 §6 and §7: which GS2 flags fit this mechanism and connection. */
        private Optional<SaslStep> checkChannelBindingFlag() {
            if (plus) {
                if (gs2.flag() != 'p') {
                    return Optional.of(fail(SaslFailure.MALFORMED_REQUEST, name() + " requires channel binding (p=<type>)"));
                }
                Optional<byte[]> data = context.channelBinding().types().contains(gs2.cbType())
                        ? context.channelBinding().data(gs2.cbType()) : Optional.empty();
                if (data.isEmpty()) {
                    channelBindingTypeUnsupported = true;
                    return Optional.of(fail(SaslFailure.NOT_AUTHORIZED, "unsupported channel-binding type " + gs2.cbType()));
                }
                cbindData = data.get();
                return Optional.empty();
            }
            if (gs2.flag() == 'p') {
                return Optional.of(fail(SaslFailure.MALFORMED_REQUEST, "channel binding needs a -PLUS mechanism"));
            }
            if (gs2.flag() == 'y' && context.plusOffered()) {
                // RFC 5802 §6: the client supports channel binding and thinks we do not, but we offered it: downgrade.
                return Optional.of(fail(SaslFailure.NOT_AUTHORIZED, "channel binding is supported (downgrade detected)"));
            }
            return Optional.empty();
        }

        private SaslStep clientFinal(byte[] data) {
            Optional<String> message = SaslText.utf8(data);
            if (message.isEmpty()) {
                return fail(SaslFailure.MALFORMED_REQUEST, "client-final-message is not UTF-8");
            }
            String[] attributes = message.get().split(",", -1);
            int last = attributes.length - 1;
            if (attributes.length < 3 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")
                    || !attributes[last].startsWith("p=")) {
                return fail(SaslFailure.MALFORMED_REQUEST, "expected c=…,r=…,p=…");
            }
            Optional<byte[]> cbind = base64(attributes[0].substring(2));
            Optional<byte[]> proof = base64(attributes[last].substring(2));
            if (cbind.isEmpty() || proof.isEmpty()) {
                return fail(SaslFailure.INCORRECT_ENCODING, "invalid base64 in c= or p=");
            }
            // RFC 5802 §7: c= is the GS2 header followed, for "p", by the channel-binding data; it must match exactly.
            byte[] header = gs2.raw().getBytes(StandardCharsets.UTF_8);
            byte[] expected = Arrays.copyOf(header, header.length + cbindData.length);
            System.arraycopy(cbindData, 0, expected, header.length, cbindData.length);
            if (!MessageDigest.isEqual(expected, cbind.get())) {
                return fail(SaslFailure.NOT_AUTHORIZED, "channel-binding data does not match");
            }
            if (!attributes[1].substring(2).equals(nonce)) {
                return fail(SaslFailure.NOT_AUTHORIZED, "nonce does not match");
            }
            String withoutProof = message.get().substring(0, message.get().lastIndexOf(",p="));
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            ScramCredential credential = found.credential();
            byte[] clientSignature = ScramCrypto.hmac(hash, credential.storedKey(), authMessage);
            byte[] clientProof = proof.get().length == clientSignature.length ? proof.get() : new byte[clientSignature.length];
            byte[] clientKey = ScramCrypto.xor(clientProof, clientSignature);
            boolean proofValid = MessageDigest.isEqual(ScramCrypto.digest(hash, clientKey), credential.storedKey());
            if (!proofValid || !found.known() || proof.get().length != clientSignature.length) {
                // Same answer for a wrong password and an unknown account (no enumeration).
                credentialsRejected = true;
                return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
            }
            byte[] serverSignature = ScramCrypto.hmac(hash, credential.serverKey(), authMessage);
            byte[] serverFinal = ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
            return new SaslStep.Success(username, serverFinal);
        }

        private static Optional<byte[]> base64(String value) {
            try {
                return Optional.of(Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private static SaslStep fail(SaslFailure condition, String text) {
            return new SaslStep.Failure(condition, text);
        }
    }
}
