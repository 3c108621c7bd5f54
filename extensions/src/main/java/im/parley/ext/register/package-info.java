/**
 * XEP-0077: In-Band Registration. Before authentication a client on a secured stream may create an account
 * (§3.1, rate-limited per remote address); once logged in it may read its registration, change its password (§3.3)
 * or remove its account (§3.2). Passwords are turned into SCRAM credentials by a function passed in: this package
 * never stores or logs a password.
 */
package im.parley.ext.register;
