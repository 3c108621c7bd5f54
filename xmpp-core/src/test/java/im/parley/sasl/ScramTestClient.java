package im.parley.sasl;

import im.parley.storage.ScramHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client side of SCRAM (RFC 5802 §3), only for driving the server in tests. */
public final class ScramTestClient {
    private final ScramHash hash;
    private final String gs2Header;
    private final byte[] cbindData;
    private final String clientFirstBare;
    private byte[] saltedPassword;
    private String authMessage;

    ScramTestClient(ScramHash hash, String gs2Header, byte[] cbindData, String username, String clientNonce) {
        this.hash = hash;
        this.gs2Header = gs2Header;
        this.cbindData = cbindData.clone();
        this.clientFirstBare = "n=" + username + ",r=" + clientNonce;
    }

    public static ScramTestClient plain(ScramHash hash, String username, String clientNonce) {
        return new ScramTestClient(hash, "n,,", new byte[0], username, clientNonce);
    }

    public byte[] clientFirst() {
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] clientFinal(byte[] serverFirstBytes, String password) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        String nonce = attribute(serverFirst, "r");
        byte[] salt = Base64.getDecoder().decode(attribute(serverFirst, "s"));
        int iterations = Integer.parseInt(attribute(serverFirst, "i"));
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbindData, 0, cbind, header.length, cbindData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        saltedPassword = ScramCrypto.hi(hash, password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = ScramCrypto.hmac(hash, saltedPassword, ScramCrypto.CLIENT_KEY);
        byte[] signature = ScramCrypto.hmac(hash, ScramCrypto.digest(hash, clientKey), authMessage.getBytes(StandardCharsets.UTF_8));
        String proof = Base64.getEncoder().encodeToString(ScramCrypto.xor(clientKey, signature));
        return (withoutProof + ",p=" + proof).getBytes(StandardCharsets.UTF_8);
    }

    /** The server-final-message the client expects: "v=" + base64(ServerSignature). */
    String expectedServerFinal() {
        byte[] serverKey = ScramCrypto.hmac(hash, saltedPassword, ScramCrypto.SERVER_KEY);
        return "v=" + Base64.getEncoder().encodeToString(ScramCrypto.hmac(hash, serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
    }

    static String attribute(String message, String name) {
        for (String part : message.split(",")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + "= in " + message);
    }
}
