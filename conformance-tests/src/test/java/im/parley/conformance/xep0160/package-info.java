/** XEP-0160 (Best Practices for Handling Offline Messages) with XEP-0203 delay stamps: the transient service. */
package im.parley.conformance.xep0160;
