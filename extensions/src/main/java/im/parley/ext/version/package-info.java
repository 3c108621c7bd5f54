/**
 * XEP-0092: Software Version, the server's name and version; its operating system only when an administrator
 * chose to reveal it (§5).
 */
package im.parley.ext.version;
