package im.parley.xml;

import im.parley.config.LimitsConfig;
import java.time.Duration;

/**
 * Bounds on what one peer may make the decoder hold. {@code maxStanzaBytes}: bytes of one first-level element (and of
 * anything else between two stream-level boundaries, such as the stream header); {@code maxDepth}: nesting of
 * elements inside a first-level element, the first-level element itself being depth 1; {@code releaseParserAfter}:
 * silence at a stanza boundary after which the decoder gives up its parser's buffers, name tables and element
 * builder (about 5 KB of heap a connection), rebuilding them when the peer speaks again; zero releases them at the end of every read.
 */
public record XmlLimits(int maxStanzaBytes, int maxDepth, Duration releaseParserAfter) {
    /** Long enough that a conversation in progress keeps its parser, short enough that idle connections are lean. */
    public static final Duration DEFAULT_RELEASE_PARSER_AFTER = Duration.ofSeconds(5);

    public XmlLimits {
        if (maxStanzaBytes <= 0) {
            throw new IllegalArgumentException("maxStanzaBytes: expected > 0, got " + maxStanzaBytes);
        }
        if (maxDepth <= 0) {
            throw new IllegalArgumentException("maxDepth: expected > 0, got " + maxDepth);
        }
        if (releaseParserAfter.isNegative()) {
            throw new IllegalArgumentException("releaseParserAfter: expected >= 0, got " + releaseParserAfter);
        }
    }

    public XmlLimits(int maxStanzaBytes, int maxDepth) {
        this(maxStanzaBytes, maxDepth, DEFAULT_RELEASE_PARSER_AFTER);
    }

    public static XmlLimits from(LimitsConfig config) {
        return new XmlLimits(config.maxStanzaBytes(), config.maxDepth());
    }
}
