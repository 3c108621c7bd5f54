package im.parley.conformance.xep0479;

import java.util.List;
import java.util.function.Predicate;

/**
 * The Advanced Server column of XEP-0479 (XMPP Compliance Suites 2023, version 1.0), Core, IM and Mobile categories,
 * as data: each feature row with its providers and how a client sees that the target offers each one. Rows whose
 * Advanced Server cell is N/A (client-only features such as XEP-0085 chat states) are left out.
 */
final class ComplianceSuites {
    private ComplianceSuites() {
    }

    /** One provider of a feature: the specification, and how its support shows from outside. */
    record Provider(String spec, String evidence, Predicate<Discovered> advertised) {}

    record Requirement(String suite, String feature, List<Provider> providers) {}

    private static Provider serverFeature(String spec, String feature) {
        return new Provider(spec, "server disco#info feature `" + feature + "`", d -> d.serverFeatures().contains(feature));
    }

    private static Provider accountFeature(String spec, String feature) {
        return new Provider(spec, "account disco#info feature `" + feature + "`", d -> d.accountFeatures().contains(feature));
    }

    private static Provider streamFeature(String spec, String element, String namespace) {
        return new Provider(spec, "stream feature `<" + element + " xmlns='" + namespace + "'/>`",
                d -> d.streamFeatures().contains(element + " " + namespace));
    }

    private static Provider itemFeature(String spec, String feature) {
        return new Provider(spec, "a disco#items service with feature `" + feature + "`",
                d -> d.serviceFeatures().contains(feature));
    }

    static final List<Requirement> ADVANCED_SERVER = List.of(
            new Requirement("Core", "Core features", List.of(new Provider("RFC 6120", "a bound, authenticated stream",
                    d -> true))),
            new Requirement("Core", "TLS", List.of(new Provider("RFC 7590", "STARTTLS negotiated (TLS required)",
                    Discovered::tls))),
            new Requirement("Core", "Direct TLS", List.of(new Provider("XEP-0368", "a direct-TLS port",
                    Discovered::directTls))),
            new Requirement("Core", "Feature discovery", List.of(serverFeature("XEP-0030",
                    "http://jabber.org/protocol/disco#info"))),
            new Requirement("Core", "Feature broadcasts", List.of(streamFeature("XEP-0115", "c",
                    "http://jabber.org/protocol/caps"))),
            new Requirement("Core", "Server Extensibility", List.of(new Provider("XEP-0114",
                    "not visible to clients (component port)", d -> false))),
            new Requirement("Core", "Event publishing", List.of(new Provider("XEP-0163",
                    "account disco#info identity pubsub/pep", Discovered::pep))),
            new Requirement("IM", "Core features", List.of(new Provider("RFC 6121", "roster and presence (tests)",
                    d -> true))),
            new Requirement("IM", "User Avatar Compatibility", List.of(
                    accountFeature("XEP-0398", "urn:xmpp:pep-vcard-conversion:0"),
                    serverFeature("XEP-0153", "vcard-temp"))),
            new Requirement("IM", "vcard-temp", List.of(serverFeature("XEP-0054", "vcard-temp"))),
            new Requirement("IM", "Outbound Message Synchronization", List.of(serverFeature("XEP-0280",
                    "urn:xmpp:carbons:2"))),
            new Requirement("IM", "User Blocking", List.of(serverFeature("XEP-0191", "urn:xmpp:blocking"))),
            new Requirement("IM", "Group Chat", List.of(itemFeature("XEP-0045", "http://jabber.org/protocol/muc"),
                    new Provider("XEP-0249", "client-side (direct invitations are plain messages)", d -> true))),
            new Requirement("IM", "Advanced Group Chat", List.of(serverFeature("XEP-0048", "jabber:iq:private"),
                    itemFeature("XEP-0313", "urn:xmpp:mam:2"),
                    accountFeature("XEP-0402", "urn:xmpp:bookmarks:1#compat"),
                    itemFeature("XEP-0410", "http://jabber.org/protocol/muc#self-ping-optimization"))),
            new Requirement("IM", "Persistent Storage of Private Data via PubSub", List.of(accountFeature("XEP-0223",
                    "http://jabber.org/protocol/pubsub#publish-options"))),
            new Requirement("IM", "Private XML Storage", List.of(serverFeature("XEP-0049", "jabber:iq:private"))),
            new Requirement("IM", "Stream Management", List.of(streamFeature("XEP-0198", "sm", "urn:xmpp:sm:3"))),
            new Requirement("IM", "History Storage / Retrieval", List.of(accountFeature("XEP-0313", "urn:xmpp:mam:2"))),
            new Requirement("IM", "File Upload", List.of(itemFeature("XEP-0363", "urn:xmpp:http:upload:0"))),
            new Requirement("Mobile", "Stream Management", List.of(streamFeature("XEP-0198", "sm", "urn:xmpp:sm:3"))),
            new Requirement("Mobile", "Client State Indication", List.of(streamFeature("XEP-0352", "csi",
                    "urn:xmpp:csi:0"))),
            new Requirement("Mobile", "Third Party Push Notifications", List.of(accountFeature("XEP-0357",
                    "urn:xmpp:push:0"))));
}
