package im.parley.ext.caps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xmpp.packet.JID;

/**
 * What clients support, by XEP-0115 {@code ver} (shared by every client of the same make and version) and which
 * {@code ver} each online resource advertised last. In memory only; bounded by {@code maxVersions}. Thread-safe.
 */
public final class CapsCache {
    private final int maxVersions;
    private final Map<String, Set<String>> featuresByVer = new ConcurrentHashMap<>();
    private final Map<JID, String> verByResource = new ConcurrentHashMap<>();

    public CapsCache(int maxVersions) {
        this.maxVersions = maxVersions;
    }

    public CapsCache() {
        this(10_000);
    }

    public Optional<Set<String>> features(String ver) {
        return Optional.ofNullable(featuresByVer.get(ver));
    }

    /** The features of an online resource, when its ver is known. */
    public Optional<Set<String>> featuresOf(JID fullJid) {
        return Optional.ofNullable(verByResource.get(fullJid)).flatMap(this::features);
    }

    public boolean known(String ver) {
        return featuresByVer.containsKey(ver);
    }

    void put(String ver, Set<String> features) {
        if (featuresByVer.size() < maxVersions) {
            featuresByVer.put(ver, Set.copyOf(features));
        }
    }

    void advertised(JID fullJid, String ver) {
        verByResource.put(fullJid, ver);
    }

    void forget(JID fullJid) {
        verByResource.remove(fullJid);
    }
}
