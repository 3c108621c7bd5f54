package im.parley.bench.load;

import java.util.List;

/**
 * The server under load and how to reach it. {@code directTls}: TLS from the first byte (XEP-0368) instead of
 * STARTTLS (RFC 6120 §5). {@code mechanism}: {@code SCRAM} picks the strongest SCRAM the server offers without
 * channel binding (SHA-512, SHA-256, then SHA-1), or {@code PLAIN}. {@code raw}: no XMPP at all (the relay
 * ceiling). {@code sourceAddresses}: local addresses the connections are spread over, so that one source
 * address's ephemeral ports are not the limit. {@code resumeTls}: resume TLS sessions from the server's tickets (a
 * returning device) instead of a full handshake on every connection (a login after a server restart).
 * {@code binary}: enable Parley's binary encoding ({@code urn:parley:binary:1}) when the server offers it.
 */
public record Target(String host, int port, String domain, boolean directTls, String mechanism, String password,
                     String userPrefix, List<String> sourceAddresses, boolean raw, boolean resumeTls,
                     boolean binary) {
    public Target {
        sourceAddresses = List.copyOf(sourceAddresses);
    }

    public String username(int index) {
        return userPrefix + index;
    }

    public String bareJid(int index) {
        return username(index) + "@" + domain;
    }

    /** {@code 127.0.0.2 … 127.0.0.(1+count)}: all of 127.0.0.0/8 reaches this machine on Linux. */
    public static List<String> loopbackSources(int count) {
        return java.util.stream.IntStream.rangeClosed(2, 1 + count).mapToObj(i -> "127.0.0." + i).toList();
    }
}
