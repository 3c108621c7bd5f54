package im.parley.sasl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel-binding data a TLS connection offers (RFC 5056): which types work on it, best first, and the bytes
 * for each. Only types that really work on this connection are listed, because they are advertised (XEP-0440) and
 * the -PLUS mechanisms are only offered when at least one exists.
 */
public interface ChannelBinding {
    /** RFC 9266: TLS exporter with label "EXPORTER-Channel-Binding", empty context, 32 bytes. */
    String TLS_EXPORTER = "tls-exporter";
    /** RFC 5929 §4: hash of the server's certificate. */
    String TLS_SERVER_END_POINT = "tls-server-end-point";

    /** Supported channel-binding types, in preference order; empty without TLS. */
    List<String> types();

    /** The channel-binding data for {@code type}, or empty if this connection does not support it. */
    Optional<byte[]> data(String type);

    /** No channel binding: a plaintext stream, or TLS terminated elsewhere. */
    static ChannelBinding none() {
        return of(Map.of());
    }

    /** Fixed data per type, kept in the map's iteration order (tests, and TLS implementations). */
    static ChannelBinding of(Map<String, byte[]> dataByType) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        dataByType.forEach((type, data) -> copy.put(type, data.clone()));
        List<String> types = List.copyOf(copy.keySet());
        return new ChannelBinding() {
            @Override public List<String> types() { return types; }

            @Override public Optional<byte[]> data(String type) {
                return Optional.ofNullable(copy.get(type)).map(byte[]::clone);
            }

            @Override public String toString() { return "ChannelBinding" + types; }
        };
    }
}
