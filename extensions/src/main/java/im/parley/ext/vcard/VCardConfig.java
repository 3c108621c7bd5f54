package im.parley.ext.vcard;

import im.parley.config.ConfigException;

/**
 * {@code modules.vcard}. {@code max-bytes}: the largest vCard a user may store, as UTF-8 XML (avatars inside
 * vCards, XEP-0153, are what makes them big); a larger one is refused with {@code not-acceptable}.
 */
public record VCardConfig(int maxBytes) {
    public VCardConfig {
        if (maxBytes <= 0) {
            throw new ConfigException("modules.vcard.max-bytes: expected a positive number, got " + maxBytes);
        }
    }

    public static VCardConfig defaults() {
        return new VCardConfig(64 * 1024);
    }
}
