package im.parley.conformance.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SCRAM exchange (RFC 5802 §3, RFC 7677), written independently of the server's code so the
 * suite checks the server against the RFC, not against itself. ASCII usernames and passwords only (no SASLprep).
 */
public final class ScramClient {
    private static final SecureRandom random = new SecureRandom();

    private final String hash; // "SHA-1", "SHA-256", "SHA-512"
    private final Optional<ChannelBindingData> channelBinding;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /** {@code mechanism} like {@code SCRAM-SHA-256} or {@code SCRAM-SHA-256-PLUS} (then channel binding is required). */
    public ScramClient(String mechanism, Optional<ChannelBindingData> channelBinding) {
        boolean plus = mechanism.endsWith("-PLUS");
        if (plus != channelBinding.isPresent()) {
            throw new IllegalArgumentException(mechanism + " and channel binding " + channelBinding.map(ChannelBindingData::type));
        }
        this.hash = mechanism.replace("SCRAM-", "").replace("-PLUS", "");
        this.channelBinding = channelBinding;
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
    }

    /** RFC 5802 §7: gs2-header. {@code n,,} without binding; {@code p=<type>,,} with it. */
    private String gs2Header() {
        return channelBinding.map(cb -> "p=" + cb.type() + ",,").orElse("n,,");
    }

    public byte[] clientFirst(String username) {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] clientFinal(byte[] serverFirstBytes, String password) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<String, String> attributes = attributes(serverFirst);
        String nonce = attributes.get("r");
        if (nonce == null || !nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new AssertionError("RFC 5802 §5.1: the server nonce must extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attributes.get("s"));
        int iterations = Integer.parseInt(attributes.get("i"));
        byte[] cbindInput = concat(gs2Header().getBytes(StandardCharsets.UTF_8),
                channelBinding.map(ChannelBindingData::data).orElse(new byte[0]));
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbindInput) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        try {
            byte[] saltedPassword = hi(password, salt, iterations);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + hash + " in this JDK", e);
        }
    }

    /** RFC 5802 §3: the client authenticates the server by its signature {@code v=} in server-final-message. */
    public boolean serverFinalIsValid(byte[] serverFinal) {
        String v = attributes(new String(serverFinal, StandardCharsets.UTF_8)).get("v");
        return v != null && MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature);
    }

    private String macName() {
        return "Hmac" + hash.replace("-", "");
    }

    private byte[] hi(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        int bits = MessageDigest.getInstance(hash).getDigestLength() * 8;
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        return SecretKeyFactory.getInstance("PBKDF2With" + macName()).generateSecret(spec).getEncoded();
    }

    private byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macName());
        mac.init(new SecretKeySpec(key, macName()));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> map = new HashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq == 1) {
                map.put(part.substring(0, 1), part.substring(2));
            }
        }
        return map;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
