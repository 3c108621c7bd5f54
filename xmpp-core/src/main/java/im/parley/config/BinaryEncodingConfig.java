package im.parley.config;

/**
 * The negotiated binary stanza encoding ({@code urn:parley:binary:1}, docs/binary-encoding.md). {@code enabled}
 * offers it to authenticated clients (those that do not know it ignore the feature); {@code tableEntries} and
 * {@code tableBytes} bound each direction's table of recently sent addresses; 0 entries turns the table off.
 */
public record BinaryEncodingConfig(boolean enabled, int tableEntries, int tableBytes) {
    public BinaryEncodingConfig {
        if (tableEntries < 0 || tableBytes < 0) {
            throw new ConfigException("binary-encoding: table-entries and table-bytes must not be negative, got "
                    + tableEntries + " and " + tableBytes);
        }
    }

    public static BinaryEncodingConfig defaults() {
        return new BinaryEncodingConfig(true, 64, 4096);
    }
}
