/**
 * The module SPI: how a XEP or a Parley extension plugs into the server. A module declares everything
 * it contributes in {@link im.parley.module.XmppModule#register}; nothing is looked up globally.
 */
package im.parley.module;
