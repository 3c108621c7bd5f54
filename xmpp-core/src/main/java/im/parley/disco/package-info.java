/** XEP-0030: Service Discovery of the server itself, answered from what the modules registered. */
package im.parley.disco;
