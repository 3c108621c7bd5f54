package im.parley.conformance.xep0313;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.Chat;
import im.parley.conformance.support.Credentials;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ServerCustomizer;
import im.parley.conformance.support.Spec;
import im.parley.dist.ParleyConfig;
import im.parley.ext.mam.ArchiveDefault;
import im.parley.ext.mam.MamConfig;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jivesoftware.smackx.xdata.FormField;
import org.junit.jupiter.api.Test;

/** XEP-0313 §3-4: archiving both ways, stanza ids, queries, paging and the errors, driven by Smack's MamManager. */
@ParleyServer(config = MessageArchiveTest.SmallPages.class)
class MessageArchiveTest {
    static final int MAX_PAGE = 100;

    /** The server's page cap at {@value #MAX_PAGE}, so that asking for more is quick to check. */
    public static final class SmallPages implements ServerCustomizer {
        @Override
        public ParleyConfig customize(ParleyConfig defaults) {
            ParleyConfig base = new ServerCustomizer.None().customize(defaults);
            return new ParleyConfig(base.server(), base.storage(),
                    base.modules().withMam(new MamConfig(ArchiveDefault.ALWAYS, MAX_PAGE)));
        }
    }

    private final Accounts accounts;

    MessageArchiveTest(Accounts accounts) {
        this.accounts = accounts;
    }

    @Test
    @Spec(document = "XEP-0313", section = "3.5", quote = "When a message is archived, the server MUST add an "
            + "<stanza-id/> element as defined in XEP-0359 to the message, which informs the recipient of where and "
            + "under what ID the message is stored.")
    void deliveredMessageCarriesTheRecipientsArchiveId_xep0313_3_5() throws Exception {
        // Given
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection julietsPhone = accounts.loggedIn(juliet);
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");

        // When
        Message received = Chat.send(romeo, juliet.jid(), julietsPhone);

        // Then: by = the archive (Juliet's bare JID), and the id is the MAM result id of that message
        StanzaIdElement stanzaId = StanzaIdElement.getStanzaId(received);
        assertThat(stanzaId).isNotNull();
        assertThat(stanzaId.getBy()).isEqualTo(juliet.jid().asBareJid().toString());
        MamQuery archive = MamManager.getInstanceFor(julietsPhone).queryArchive(MamQueryArgs.builder().build());
        assertThat(archive.getMamResultExtensions()).singleElement()
                .satisfies(r -> assertThat(r.getId()).isEqualTo(stanzaId.getId()));
    }

    @Test
    @Spec(document = "XEP-0313", section = "4.3", quote = "The archive results MUST be sorted in chronological order, "
            + "both within the returned results and within the ordering of RSM")
    void pagesThrough500MessagesForwardsAndBackwards_xep0313_4_3() throws Exception {
        // Given: 500 messages between Romeo and Juliet, both ways, each seen by its recipient (so archived)
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection julietsPhone = accounts.loggedIn(juliet);
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Message m = i % 2 == 0 ? Chat.send(romeo, juliet.jid(), julietsPhone)
                    : Chat.send(julietsPhone, romeo.getUser().asBareJid(), romeo);
            sent.add(m.getBody());
        }
        MamManager mam = MamManager.getInstanceFor(julietsPhone);

        // When: forwards, 50 a page
        MamQuery forwards = mam.queryArchive(MamQueryArgs.builder().setResultPageSizeTo(50).build());
        List<String> forwardBodies = new ArrayList<>(bodies(forwards.getMessages()));
        while (!forwards.isComplete()) {
            forwardBodies.addAll(bodies(forwards.pageNext(50)));
        }
        // and backwards from the last page (an empty <before/>)
        MamQuery backwards = mam.queryArchive(MamQueryArgs.builder().setResultPageSizeTo(50).queryLastPage().build());
        List<String> backwardBodies = new ArrayList<>(bodies(backwards.getMessages()));
        while (!backwards.isComplete()) {
            backwardBodies.addAll(0, bodies(backwards.pagePrevious(50)));
        }

        // Then: all 500, each once, in the order they were sent, both ways
        assertThat(forwardBodies).containsExactlyElementsOf(sent);
        assertThat(backwardBodies).containsExactlyElementsOf(sent);
    }

    @Test
    @Spec(document = "XEP-0313", section = "2", quote = "to synchronise conversation history seamlessly between "
            + "multiple clients")
    void secondDeviceSeesTheWholeConversation_xep0313_2() throws Exception {
        // Given: Juliet talks with Romeo on her phone
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection phone = accounts.loggedIn(juliet, "phone");
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        List<String> conversation = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            conversation.add(Chat.send(romeo, juliet.jid(), phone).getBody());
            conversation.add(Chat.send(phone, romeo.getUser().asBareJid(), romeo).getBody());
        }

        // When: her laptop logs in afterwards and asks for the conversation with Romeo
        XMPPTCPConnection laptop = accounts.loggedIn(juliet, "laptop");
        MamQuery history = MamManager.getInstanceFor(laptop).queryArchive(MamQueryArgs.builder()
                .limitResultsToJid(romeo.getUser().asBareJid()).build());

        // Then: both directions, in order, complete
        assertThat(bodies(history.getMessages())).containsExactlyElementsOf(conversation);
        assertThat(history.isComplete()).isTrue();
    }

    @Test
    @Spec(document = "XEP-0313", section = "4.3.1", quote = "the server MAY simply return its limited results, "
            + "modifying the <set/> element it returns appropriately")
    void maxOverTheCapGivesACappedPage_xep0313_4_3_1() throws Exception {
        // Given: more messages than the server's page
        Credentials juliet = accounts.registered("juliet");
        XMPPTCPConnection phone = accounts.loggedIn(juliet);
        XMPPTCPConnection romeo = accounts.loggedIn("romeo");
        for (int i = 0; i < MAX_PAGE + 5; i++) {
            Chat.send(romeo, juliet.jid(), phone);
        }

        // When: the client asks for 1000 at once
        MamQuery page = MamManager.getInstanceFor(phone).queryArchive(
                MamQueryArgs.builder().setResultPageSizeTo(1000).build());

        // Then: a page of the server's size, not an error, and not complete
        assertThat(page.getMessageCount()).isEqualTo(MAX_PAGE);
        assertThat(page.isComplete()).isFalse();
        assertThat(page.pageNext(1000)).hasSize(5);
    }

    @Test
    @Spec(document = "XEP-0313", section = "4.1.2", quote = "The 'start' and 'end' fields, if provided, MUST contain "
            + "timestamps formatted according to the DateTime profile defined in XEP-0082")
    void malformedStartIsBadRequest_xep0313_4_1_2() {
        // Given
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        FormField start = FormField.textSingleBuilder("start").setValue("the day after tomorrow").build();

        // When / Then
        assertThatThrownBy(() -> MamManager.getInstanceFor(juliet).queryArchive(
                MamQueryArgs.builder().withAdditionalFormField(start).build()))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.bad_request));
    }

    @Test
    @Spec(document = "XEP-0313", section = "4.1.5", quote = "If a client includes a form field that the server does "
            + "not recognise, the server MUST respond with a 'feature-not-implemented' error.")
    void unknownFieldIsFeatureNotImplemented_xep0313_4_1_5() {
        // Given
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");
        FormField search = FormField.textSingleBuilder("urn:example:xmpp:free-text-search")
                .setValue("Where art thou, my Romeo?").build();

        // When / Then
        assertThatThrownBy(() -> MamManager.getInstanceFor(juliet).queryArchive(
                MamQueryArgs.builder().withAdditionalFormField(search).build()))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.feature_not_implemented));
    }

    @Test
    @Spec(document = "XEP-0313", section = "4.3.2", quote = "If the UID contained within an <after> or <before> element "
            + "is not present in the archive, the server MUST return an item-not-found error in response to the query.")
    void unknownAfterIdIsItemNotFound_xep0313_4_3_2() {
        // Given
        XMPPTCPConnection juliet = accounts.loggedIn("juliet");

        // When / Then
        assertThatThrownBy(() -> MamManager.getInstanceFor(juliet).queryArchive(
                MamQueryArgs.builder().afterUid("09af3-cc343-b409f").build()))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }
}
