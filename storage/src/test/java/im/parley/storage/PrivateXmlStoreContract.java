package im.parley.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class PrivateXmlStoreContract extends StorageContract {
    @Test
    void keepsFragmentsByElementAndNamespace_xep0049_3() {
        // Given: XEP-0049 Example 1's fragment and a second namespace
        String juliet = account("juliet");
        String prefs = "<exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>";
        String bookmarks = "<storage xmlns='storage:bookmarks'/>";
        // When
        storage().privateXml().put(juliet, "exodus", "exodus:prefs", "<exodus xmlns='exodus:prefs'/>");
        storage().privateXml().put(juliet, "exodus", "exodus:prefs", prefs);
        storage().privateXml().put(juliet, "storage", "storage:bookmarks", bookmarks);
        // Then
        assertThat(storage().privateXml().find(juliet, "exodus", "exodus:prefs")).contains(prefs);
        assertThat(storage().privateXml().find(juliet, "storage", "storage:bookmarks")).contains(bookmarks);
        assertThat(storage().privateXml().find(juliet, "exodus", "other:ns")).isEmpty();
        assertThat(storage().privateXml().delete(juliet, "exodus", "exodus:prefs")).isTrue();
        assertThat(storage().privateXml().find(juliet, "exodus", "exodus:prefs")).isEmpty();
    }
}
