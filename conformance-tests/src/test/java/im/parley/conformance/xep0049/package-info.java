/** XEP-0049 (Private XML Storage): a user's own fragments, by element name and namespace. */
package im.parley.conformance.xep0049;
