package im.parley.xml;

import im.parley.config.LimitsConfig;

/**
 * Bounds on what one peer may make the decoder hold. {@code maxStanzaBytes}: bytes of one first-level element (and of
 * anything else between two stream-level boundaries, such as the stream header); {@code maxDepth}: nesting of
 * elements inside a first-level element, the first-level element itself being depth 1.
 */
public record XmlLimits(int maxStanzaBytes, int maxDepth) {

    public XmlLimits {
        if (maxStanzaBytes <= 0) {
            throw new IllegalArgumentException("maxStanzaBytes: expected > 0, got " + maxStanzaBytes);
        }
        if (maxDepth <= 0) {
            throw new IllegalArgumentException("maxDepth: expected > 0, got " + maxDepth);
        }
    }

    public static XmlLimits from(LimitsConfig config) {
        return new XmlLimits(config.maxStanzaBytes(), config.maxDepth());
    }
}
