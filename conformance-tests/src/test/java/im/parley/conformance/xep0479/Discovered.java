package im.parley.conformance.xep0479;

import java.util.Set;

/**
 * What a logged-in client learns about the target: disco#info features of the server and of its own account, the
 * features of the services the server lists in disco#items, the stream features after authentication
 * ({@code "element namespace"}), whether the stream is encrypted, a PEP identity on the account, a direct-TLS port.
 */
record Discovered(Set<String> serverFeatures, Set<String> accountFeatures, Set<String> serviceFeatures,
        Set<String> streamFeatures, boolean tls, boolean pep, boolean directTls) {}
