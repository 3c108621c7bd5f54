package im.parley.ext.privatexml;

import im.parley.config.ConfigException;

/** {@code modules.private-xml}. {@code max-bytes}: the most XML (UTF-8) one set may store; more is not-acceptable. */
public record PrivateXmlConfig(int maxBytes) {
    public PrivateXmlConfig {
        if (maxBytes <= 0) {
            throw new ConfigException("modules.private-xml.max-bytes: expected a positive number, got " + maxBytes);
        }
    }

    public static PrivateXmlConfig defaults() {
        return new PrivateXmlConfig(64 * 1024);
    }
}
