/**
 * XEP-0115: Entity Capabilities. {@link im.parley.ext.caps.CapsModule} advertises the server's own {@code ver} in
 * the stream features (§6.3) and learns what clients support: an unknown {@code ver} in a client's presence is looked
 * up once with disco#info to that client, verified (§5.4) and kept in {@link im.parley.ext.caps.CapsCache}, where
 * the PEP module finds the {@code +notify} features of each resource.
 */
package im.parley.ext.caps;
