package im.parley.sasl;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The GS2 header that starts a SCRAM client-first-message (RFC 5802 §7, RFC 5801 §4):
 * {@code gs2-cbind-flag "," [authzid] ","}.
 *
 * @param flag    'n' (client does not support channel binding), 'y' (client does, but thinks the server does not)
 *                or 'p' (client binds to {@code cbType})
 * @param cbType  the channel-binding type after "p=", empty for 'n' and 'y'
 * @param authzid the decoded authorization identity, empty string if absent
 * @param raw     the header exactly as sent, which the client repeats (base64) in the final message's "c="
 */
record Gs2Header(char flag, String cbType, String authzid, String raw) {
    private static final Pattern CB_NAME = Pattern.compile("[A-Za-z0-9.-]+");

    /** A header and the client-first-message-bare that follows it. */
    record Parsed(Gs2Header header, String bare) {
    }

    static Optional<Parsed> parse(String clientFirstMessage) {
        int first = clientFirstMessage.indexOf(',');
        int second = first < 0 ? -1 : clientFirstMessage.indexOf(',', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        String flagField = clientFirstMessage.substring(0, first);
        String authzidField = clientFirstMessage.substring(first + 1, second);
        char flag;
        String cbType = "";
        if (flagField.equals("n") || flagField.equals("y")) {
            flag = flagField.charAt(0);
        } else if (flagField.startsWith("p=") && CB_NAME.matcher(flagField.substring(2)).matches()) {
            flag = 'p';
            cbType = flagField.substring(2);
        } else {
            return Optional.empty();
        }
        String authzid = "";
        if (!authzidField.isEmpty()) {
            if (!authzidField.startsWith("a=")) {
                return Optional.empty();
            }
            Optional<String> decoded = SaslNames.decodeSaslName(authzidField.substring(2)).filter(s -> !s.isEmpty());
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            authzid = decoded.get();
        }
        Gs2Header header = new Gs2Header(flag, cbType, authzid, clientFirstMessage.substring(0, second + 1));
        return Optional.of(new Parsed(header, clientFirstMessage.substring(second + 1)));
    }
}
