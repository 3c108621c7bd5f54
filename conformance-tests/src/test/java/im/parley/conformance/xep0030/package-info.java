/** XEP-0030 (Service Discovery) of the server: its identity and the features its modules advertise. */
package im.parley.conformance.xep0030;
