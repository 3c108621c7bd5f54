/**
 * Parley's XEPs and extensions, one package per feature, each an {@link im.parley.module.XmppModule}
 * switched on in exactly one place: {@link im.parley.ext.StandardExtensions}. The table in {@code docs/xeps.md}
 * maps each XEP to its package and conformance tests.
 */
package im.parley.ext;
