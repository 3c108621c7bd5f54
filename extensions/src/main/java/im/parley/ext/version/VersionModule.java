package im.parley.ext.version;

import im.parley.module.ModuleRegistrar;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import im.parley.module.XmppModule;
import java.util.Objects;
import java.util.Optional;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/** XEP-0092: answers {@code jabber:iq:version} queries sent to the server. */
public final class VersionModule implements XmppModule {
    public static final String ID = "version";
    public static final String NAMESPACE = "jabber:iq:version";
    public static final String NAME = "Parley";

    private final String version;
    private final Optional<String> os;

    /** {@code version}: the server's release, e.g. "0.1.0". */
    public VersionModule(String version, VersionConfig config) {
        this(version, config.showOs() ? Optional.of(operatingSystem()) : Optional.empty());
    }

    VersionModule(String version, Optional<String> os) {
        if (Objects.requireNonNull(version, "version").isBlank()) {
            // XEP-0092 §2: <version/> is REQUIRED in a result.
            throw new IllegalArgumentException("version must not be blank");
        }
        this.version = version;
        this.os = os;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(ModuleRegistrar registrar) {
        // XEP-0092 §4: support is advertised in disco#info.
        registrar.discoFeature(NAMESPACE);
        registrar.iq(NAMESPACE, this::answer);
    }

    private IQ answer(IQ request, Requester requester) {
        if (request.getType() != IQ.Type.get) {
            throw new StanzaErrorException(PacketError.Condition.bad_request, "software version is only queried with get");
        }
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", NAMESPACE);
        // XEP-0092 §2: <name/> and <version/> are REQUIRED, <os/> is OPTIONAL.
        query.addElement("name").setText(NAME);
        query.addElement("version").setText(version);
        os.ifPresent(value -> query.addElement("os").setText(value));
        return result;
    }

    private static String operatingSystem() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
