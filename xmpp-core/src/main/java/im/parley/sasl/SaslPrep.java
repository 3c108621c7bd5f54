package im.parley.sasl;

import java.text.Normalizer;
import java.util.Optional;

/**
 * RFC 4013 SASLprep (a profile of RFC 3454 stringprep), for passwords and PLAIN identities. Unassigned code points
 * are allowed (the "query" rule), as most clients prepare passwords that way.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    /** The prepared string, or empty if it contains a prohibited character or breaks the bidi rule. */
    static Optional<String> prepare(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');              // RFC 4013 §2.1: C.1.2 maps to SPACE
            } else if (!isMappedToNothing(cp)) {  // RFC 4013 §2.1: B.1 maps to nothing
                mapped.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC); // RFC 4013 §2.2
        if (normalized.codePoints().anyMatch(SaslPrep::isProhibited)) {          // RFC 4013 §2.3
            return Optional.empty();
        }
        return bidiOk(normalized) ? Optional.of(normalized) : Optional.empty();  // RFC 4013 §2.4, RFC 3454 §6
    }

    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D) || (cp >= 0x200C && cp <= 0x200D)
                || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp < 0x20 || cp == 0x7F                                          // C.2.1
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F        // C.2.2
                || cp == 0x180E || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000                  // C.3 (planes 15 and 16)
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE         // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF)                                   // C.5
                || cp == 0xFFFD                                                     // C.6
                || (cp >= 0x2FF0 && cp <= 0x2FFB)                                   // C.7
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F     // C.8
                || (cp >= 0x202A && cp <= 0x202E)
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);               // C.9
    }

    private static boolean bidiOk(String s) {
        boolean hasRandAL = s.codePoints().anyMatch(SaslPrep::isRandAL);
        if (!hasRandAL) {
            return true;
        }
        boolean hasL = s.codePoints().anyMatch(cp -> Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT);
        return !hasL && isRandAL(s.codePointAt(0)) && isRandAL(s.codePointBefore(s.length()));
    }

    private static boolean isRandAL(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }
}
