/** XEP-0352: Client State Indication — an inactive client is spared presence chatter, never messages. */
package im.parley.conformance.xep0352;
