package im.parley.conformance.support;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** An account on the target: its local part, password and domain. */
public record Credentials(String username, String password, String domain) {
    public String bareJid() {
        return username + "@" + domain;
    }

    public EntityBareJid jid() {
        return JidCreate.entityBareFromOrThrowUnchecked(bareJid());
    }

    public Credentials withPassword(String other) {
        return new Credentials(username, other, domain);
    }
}
