/**
 * The server's configuration as immutable records. Every option has a default ({@code defaults()}); values are
 * validated when constructed, with the message naming the configuration key.
 */
package im.parley.config;
