/**
 * The conformance suite's test harness: which server is under test ({@link im.parley.conformance.support.Target}:
 * an in-process Parley or an external host), accounts and Smack sessions on it, a raw-socket client for
 * stream-level abuse, the {@link im.parley.conformance.support.Spec} annotation and the Markdown report.
 */
package im.parley.conformance.support;
