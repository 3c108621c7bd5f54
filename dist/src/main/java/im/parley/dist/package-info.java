/**
 * The runnable server: the YAML configuration file read into the configuration records, and the wiring of
 * storage, modules and the XMPP server behind {@code bin/parley} (RFC 6120 client listeners on 5222/5223).
 */
package im.parley.dist;
