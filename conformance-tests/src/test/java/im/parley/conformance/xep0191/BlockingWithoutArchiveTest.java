package im.parley.conformance.xep0191;

import im.parley.conformance.support.Accounts;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.ServerCustomizer;

/**
 * {@link BlockingTest} again, against a server without the message archive: there messages between online resources
 * are handled on the event loops (ADR 015), and the suite's storage trap checks that none of them touches the database
 * there.
 */
@ParleyServer(config = ServerCustomizer.WithoutArchive.class)
class BlockingWithoutArchiveTest extends BlockingTest {
    BlockingWithoutArchiveTest(Accounts accounts) {
        super(accounts);
    }
}
