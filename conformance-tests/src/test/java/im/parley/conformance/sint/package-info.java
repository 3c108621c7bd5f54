/**
 * A second, third-party opinion: Ignite Realtime's Smack Integration Test Framework (SINT) run against the target, its
 * per-test outcomes folded into the conformance report. SINT lives on its own class path (docs/adr/006-sint-isolation.md).
 */
package im.parley.conformance.sint;
