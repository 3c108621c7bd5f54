package im.parley.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Decoding helpers for SASL payloads. */
public final class SaslText {
    private SaslText() {
    }

    /**
     * The bytes of an {@code <auth/>} or {@code <response/>} text (RFC 6120 §6.4.2): "=" is an empty response, an
     * absent/blank text is "no data"; both give an empty array. Empty Optional if the base64 is invalid: answer
     * {@link SaslFailure#INCORRECT_ENCODING} (RFC 6120 §6.5.2).
     */
    public static Optional<byte[]> decodeBase64(String elementText) {
        String text = elementText.strip();
        if (text.isEmpty() || text.equals("=")) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Text of a challenge/success element: base64, or "=" for empty data (RFC 6120 §6.4.3, §6.3.10). */
    public static String encodeBase64(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }

    /** Strict UTF-8: malformed input is a malformed request, not a string with replacement characters. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
