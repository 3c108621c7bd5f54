package im.parley.ext.caps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.dom4j.Element;

/** XEP-0115 §5.1: the verification string of a disco#info answer (identities and features; no data forms). */
public final class CapsVer {
    /** One disco identity; {@code lang} and {@code name} may be empty strings. */
    public record Identity(String category, String type, String lang, String name) {}

    private CapsVer() {}

    public static String of(Collection<Identity> identities, Collection<String> features) {
        StringBuilder s = new StringBuilder();
        identities.stream().sorted(java.util.Comparator.comparing(Identity::category).thenComparing(Identity::type)
                        .thenComparing(Identity::lang).thenComparing(Identity::name))
                .forEach(i -> s.append(i.category()).append('/').append(i.type()).append('/')
                        .append(i.lang()).append('/').append(i.name()).append('<'));
        features.stream().distinct().sorted().forEach(f -> s.append(f).append('<'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** The ver of a {@code <query xmlns='http://jabber.org/protocol/disco#info'/>} element. */
    public static String of(Element query) {
        List<Identity> identities = query.elements("identity").stream().map(i -> new Identity(
                value(i.attributeValue("category")), value(i.attributeValue("type")),
                value(i.attributeValue(org.dom4j.QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE))),
                value(i.attributeValue("name")))).toList();
        return of(identities, features(query));
    }

    public static List<String> features(Element query) {
        return query.elements("feature").stream().map(f -> value(f.attributeValue("var"))).toList();
    }

    private static String value(String v) {
        return v == null ? "" : v;
    }
}
