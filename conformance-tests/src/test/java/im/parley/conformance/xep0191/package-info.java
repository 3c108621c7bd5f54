/** XEP-0191 (Blocking Command): the block list, its pushes, and blocking in both directions. */
package im.parley.conformance.xep0191;
