/**
 * XEP-0479 (XMPP Compliance Suites 2023): what the Core, IM and Mobile suites require of an Advanced Server, whether
 * the target advertises each provider, and whether this suite's tests for it pass.
 */
package im.parley.conformance.xep0479;
