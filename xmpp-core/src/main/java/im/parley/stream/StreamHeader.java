package im.parley.stream;

import java.util.Optional;

/**
 * The attributes of a {@code <stream:stream>} open tag (RFC 6120 §4.7). {@code contentNamespace} is the default
 * namespace declared on it ({@code jabber:client} for client streams).
 */
public record StreamHeader(
        Optional<String> to,
        Optional<String> from,
        Optional<String> id,
        Optional<String> version,
        Optional<String> lang,
        String contentNamespace) {

    public static final String STREAM_NAMESPACE = "http://etherx.jabber.org/streams";
    public static final String CLIENT_NAMESPACE = "jabber:client";
}
