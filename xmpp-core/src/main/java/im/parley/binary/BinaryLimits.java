package im.parley.binary;

/**
 * What one direction of a binary stream may make the other side hold (docs/binary-encoding.md, "Negotiation" and
 * "Limits and errors"). {@code maxFrameBytes}, {@code tableEntries} and {@code tableBytes} are advertised in the stream
 * feature and bind both sides; {@code maxDecodedBytes} (the XML path's maximum stanza size: references expand, so
 * expanded bytes are counted) and {@code maxDepth} (the top-level element is depth 1) are the decoder's own.
 */
public record BinaryLimits(int maxFrameBytes, int tableEntries, int tableBytes, int maxDecodedBytes, int maxDepth) {
    public BinaryLimits {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes: expected > 0, got " + maxFrameBytes);
        }
        if (tableEntries < 0) {
            throw new IllegalArgumentException("tableEntries: expected >= 0, got " + tableEntries);
        }
        if (tableBytes < 0) {
            throw new IllegalArgumentException("tableBytes: expected >= 0, got " + tableBytes);
        }
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes: expected > 0, got " + maxDecodedBytes);
        }
        if (maxDepth <= 0) {
            throw new IllegalArgumentException("maxDepth: expected > 0, got " + maxDepth);
        }
    }
}
