/** XEP-0280 (Message Carbons): enabling, sent and received copies between a user's resources, the private opt-out. */
package im.parley.conformance.xep0280;
