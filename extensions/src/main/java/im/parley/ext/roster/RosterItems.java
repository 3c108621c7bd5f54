package im.parley.ext.roster;

import im.parley.storage.RosterItem;
import im.parley.storage.Subscription;
import java.util.Locale;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** Roster items on the wire (RFC 6121 §2.1.2) and which of them a client sees. */
public final class RosterItems {
    public static final String NAMESPACE = "jabber:iq:roster";

    private RosterItems() {}

    /**
     * RFC 6121 §3.1.3: an inbound request the user has not answered is kept as an item in state "None + Pending In"
     * with nothing else; the user learns of it from the subscription request, not from the roster.
     */
    public static boolean visible(RosterItem item) {
        return !(item.subscription() == Subscription.NONE && item.pendingIn() && !item.pendingOut()
                && !item.approved() && item.name().isEmpty() && item.groups().isEmpty());
    }

    /** {@code <item jid name subscription ask approved><group/>…</item>}. */
    public static Element toElement(RosterItem item) {
        Element element = DocumentHelper.createElement(QName.get("item", NAMESPACE));
        element.addAttribute("jid", item.contact());
        item.name().ifPresent(name -> element.addAttribute("name", name));
        element.addAttribute("subscription", item.subscription().name().toLowerCase(Locale.ROOT));
        if (item.pendingOut()) {
            element.addAttribute("ask", "subscribe"); // RFC 6121 §2.1.2.2
        }
        if (item.approved()) {
            element.addAttribute("approved", "true"); // RFC 6121 §2.1.2.1, §3.4
        }
        item.groups().forEach(group -> element.addElement("group").setText(group));
        return element;
    }

    /** RFC 6121 §2.5.2: the push announcing a removal. */
    public static Element removal(String contact) {
        Element element = DocumentHelper.createElement(QName.get("item", NAMESPACE));
        element.addAttribute("jid", contact);
        element.addAttribute("subscription", "remove");
        return element;
    }
}
