package im.parley.sasl;

import java.util.Locale;

/** The SASL failure conditions of RFC 6120 §6.5. */
public enum SaslFailure {
    ABORTED,
    ACCOUNT_DISABLED,
    CREDENTIALS_EXPIRED,
    ENCRYPTION_REQUIRED,
    INCORRECT_ENCODING,
    INVALID_AUTHZID,
    INVALID_MECHANISM,
    MALFORMED_REQUEST,
    MECHANISM_TOO_WEAK,
    NOT_AUTHORIZED,
    TEMPORARY_AUTH_FAILURE;

    /** The element name inside {@code <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>}, e.g. {@code not-authorized}. */
    public String toXmpp() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
