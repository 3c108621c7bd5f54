package im.parley.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SCRAM exchange (RFC 5802 §3, §5; SHA-256 per RFC 7677) without channel binding: the GS2
 * header is {@code n,,} ("client does not support channel binding", RFC 5802 §6), which a server offering -PLUS
 * accepts, whereas {@code y,,} would be taken as a downgrade. Usernames and passwords of the generator are ASCII,
 * so SASLprep is the identity here.
 * <p>
 * SaltedPassword is cached per (user, salt, iterations, hash), as real clients do, so a re-login measures the server;
 * so are the ClientKey, StoredKey and ServerKey derived from it (RFC 5802 §3), which leaves a login two HMACs over
 * its AuthMessage.
 */
public final class ScramClient {
    private static final String GS2_HEADER = "n,,";

    private final ScramHash hash;
    private final String username;
    private final String password;
    private final ConcurrentMap<String, byte[]> saltedCache;
    private final ConcurrentMap<String, Keys> keysCache;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /** The keys RFC 5802 §3 derives from a SaltedPassword, the same for every login with it. */
    record Keys(byte[] clientKey, byte[] storedKey, byte[] serverKey) {}

    /** The hash of a SCRAM family member: its mechanism name and JCA names. */
    public enum ScramHash {
        SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 160),
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

        final String mechanism;
        final String digest;
        final String hmac;
        final String pbkdf2;
        final int bits;

        ScramHash(String mechanism, String digest, String hmac, String pbkdf2, int bits) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.hmac = hmac;
            this.pbkdf2 = pbkdf2;
            this.bits = bits;
        }

        public String mechanism() {
            return mechanism;
        }
    }

    public ScramClient(ScramHash hash, String username, String password, SecureRandom random,
                       ConcurrentMap<String, byte[]> saltedCache, ConcurrentMap<String, Keys> keysCache) {
        this(hash, username, password, randomNonce(random), saltedCache, keysCache);
    }

    /** With a given client nonce: RFC 7677 §3's example fixes it. */
    ScramClient(ScramHash hash, String username, String password, String clientNonce,
                ConcurrentMap<String, byte[]> saltedCache, ConcurrentMap<String, Keys> keysCache) {
        this.hash = hash;
        this.username = username;
        this.password = password;
        this.saltedCache = saltedCache;
        this.keysCache = keysCache;
        this.clientNonce = clientNonce;
    }

    private static String randomNonce(SecureRandom random) {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The initial response: GS2 header + client-first-message-bare (RFC 5802 §5.1). */
    public byte[] clientFirst() {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** The client-final-message for the server-first-message, with the proof (RFC 5802 §3). */
    public byte[] clientFinal(byte[] serverFirstBytes) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attrs = attributes(serverFirst);
        String nonce = attrs.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce) || !attrs.containsKey('s') || !attrs.containsKey('i')) {
            throw new IllegalStateException("malformed server-first-message: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
        int iterations = Integer.parseInt(attrs.get('i'));
        String cacheKey = username + '\0' + attrs.get('s') + '\0' + iterations + '\0' + hash.mechanism;
        Keys keys = keysCache.computeIfAbsent(cacheKey,
                k -> derive(saltedCache.computeIfAbsent(k, unused -> saltedPassword(salt, iterations))));
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] signature = hmac(keys.storedKey(), authMessage);
        byte[] proof = new byte[signature.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (keys.clientKey()[i] ^ signature[i]);
        }
        expectedServerSignature = hmac(keys.serverKey(), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** True when the server-final-message carries the server signature we expect (mutual authentication, RFC 5802 §3). */
    public boolean verifyServerFinal(byte[] serverFinalBytes) {
        Map<Character, String> attrs = attributes(new String(serverFinalBytes, StandardCharsets.UTF_8));
        String v = attrs.get('v');
        return v != null && expectedServerSignature != null
                && MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature);
    }

    private static Map<Character, String> attributes(String message) {
        Map<Character, String> attrs = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                attrs.put(part.charAt(0), part.substring(2));
            }
        }
        return attrs;
    }

    private Keys derive(byte[] salted) {
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        return new Keys(clientKey, digest(clientKey), hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] saltedPassword(byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, hash.bits);
            return SecretKeyFactory.getInstance(hash.pbkdf2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.pbkdf2 + " unavailable in this JDK", e);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.hmac);
            mac.init(new SecretKeySpec(key, hash.hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmac + " unavailable in this JDK", e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(hash.digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.digest + " unavailable in this JDK", e);
        }
    }
}
