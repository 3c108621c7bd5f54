/**
 * Test fixtures for module unit tests, exported in the xmpp-core test-jar: {@link im.parley.testing.ModuleHarness}
 * collects what an {@link im.parley.module.XmppModule} registers and dispatches IQs the way the server does,
 * {@link im.parley.testing.Stanzas} turns a XEP's example XML into Tinder packets, and
 * {@link im.parley.testing.RecordingServices} records what a module asks of the server.
 */
package im.parley.testing;
