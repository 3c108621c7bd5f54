package im.parley.ext.mam;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * One user's archiving preferences (XEP-0441 §2): bare JIDs always or never archived, and the default for everyone
 * else. Never wins over always for a JID on both lists.
 */
public record ArchivingPrefs(ArchiveDefault defaultMode, Set<String> always, Set<String> never) {
    public ArchivingPrefs {
        always = Set.copyOf(always);
        never = Set.copyOf(never);
    }

    public static ArchivingPrefs of(ArchiveDefault defaultMode) {
        return new ArchivingPrefs(defaultMode, Set.of(), Set.of());
    }

    /** Whether {@link #archives} would read the roster for this peer (the {@code roster} default decides). */
    public boolean asksRoster(String peer) {
        return !never.contains(peer) && !always.contains(peer) && defaultMode == ArchiveDefault.ROSTER;
    }

    /** Whether a message with {@code peer} (a bare JID) goes into the archive; {@code inRoster} is asked only if needed. */
    public boolean archives(String peer, Predicate<String> inRoster) {
        if (never.contains(peer)) {
            return false;
        }
        if (always.contains(peer)) {
            return true;
        }
        return switch (defaultMode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ROSTER -> inRoster.test(peer);
        };
    }

    /** The {@code <prefs/>} element of XEP-0441 §2.1 (lists sorted, so the answer is stable). */
    public Element toXml() {
        Element prefs = DocumentHelper.createElement(QName.get("prefs", MamModule.NAMESPACE));
        prefs.addAttribute("default", defaultMode.xmlValue());
        Element alwaysList = prefs.addElement("always");
        new TreeSet<>(always).forEach(jid -> alwaysList.addElement("jid").setText(jid));
        Element neverList = prefs.addElement("never");
        new TreeSet<>(never).forEach(jid -> neverList.addElement("jid").setText(jid));
        return prefs;
    }
}
