/** XEP-0012 (Last Activity): the server's uptime and an offline contact's last logout, for subscribers only. */
package im.parley.conformance.xep0012;
