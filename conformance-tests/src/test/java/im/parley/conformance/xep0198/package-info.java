/** XEP-0198: Stream Management — acknowledgements and resumption, as a mobile client on a flaky network needs them. */
package im.parley.conformance.xep0198;
