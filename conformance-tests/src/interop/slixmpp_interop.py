"""Interop check with a non-Java client: slixmpp (Debian's python3-slixmpp) against any XMPP server (issue 7).

    /usr/bin/python3 slixmpp_interop.py HOST PORT DOMAIN [--accounts user1:pw1,user2:pw2]

Registers two accounts in-band (XEP-0077) unless --accounts names existing ones, logs both in over STARTTLS with SCRAM,
then checks roster (RFC 6121 §2), subscription (§3), presence (§4), message (§5), offline message (XEP-0160) and ping
(XEP-0199). Prints one line per step, "RESULT<TAB>step<TAB>PASS|FAIL|SKIP<TAB>detail", and exits 1 if any step failed.
It accepts any certificate: for test servers on loopback only.
"""
import asyncio
import logging
import secrets
import ssl
import sys

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

STEP_TIMEOUT = 15
failed = False


def result(step, outcome, detail=''):
    global failed
    failed = failed or outcome == 'FAIL'
    print('RESULT\t%s\t%s\t%s' % (step, outcome, ' '.join(str(detail).split())), flush=True)


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password)
        # Test servers on loopback use self-signed certificates.
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.register_plugin('xep_0199')  # XEP-0199 ping
        self.messages = asyncio.Queue()
        self.presences = asyncio.Queue()
        self.add_event_handler('message', lambda m: self.messages.put_nowait(m))
        self.add_event_handler('presence_available', lambda p: self.presences.put_nowait(p))
        # Approve every subscription request: the other side asks, we say yes (RFC 6121 §3.1.4).
        self.auto_authorize = True
        self.auto_subscribe = False


class Registrar(slixmpp.ClientXMPP):
    """XEP-0077 §3.1: registers its JID before logging in."""

    def __init__(self, jid, password):
        super().__init__(jid, password)
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.register_plugin('xep_0077')
        self['xep_0077'].force_registration = True
        self._always_send_everything = True  # slixmpp 1.8.3 holds back stanzas sent before login
        self.outcome = asyncio.get_event_loop().create_future()
        self.add_event_handler('register', self.on_register)
        self.add_event_handler('failed_auth', lambda _: None)

    async def on_register(self, _):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['register']['username'] = self.boundjid.user
        iq['register']['password'] = self.password
        try:
            await iq.send(timeout=STEP_TIMEOUT)
            self.outcome.set_result(None)
        except IqError as e:
            self.outcome.set_exception(RuntimeError('registration refused: ' + e.iq['error']['condition']))
        except IqTimeout:
            self.outcome.set_exception(RuntimeError('no answer to the registration request'))
        self.disconnect()


async def register(address, jid, password):
    registrar = Registrar(jid, password)
    registrar.connect(address=address)
    await asyncio.wait_for(registrar.outcome, STEP_TIMEOUT)
    await asyncio.wait_for(registrar.disconnected, STEP_TIMEOUT)


async def login(address, jid, password, resource='interop'):
    client = Client(jid + '/' + resource, password)
    started = asyncio.get_event_loop().create_future()
    client.add_event_handler('session_start', lambda _: started.done() or started.set_result(None))
    # 'failed_auth' fires for each refused mechanism (slixmpp tries SCRAM-*-PLUS with tls-unique first, which TLS 1.3
    # cannot offer, then plain SCRAM); 'no_auth' means every mechanism failed.
    client.add_event_handler('no_auth', lambda _: started.done() or started.set_exception(RuntimeError('SASL failed')))
    client.connect(address=address)
    await asyncio.wait_for(started, STEP_TIMEOUT)
    return client


async def subscription_of(client, jid, wanted):
    """The roster item's subscription once it is one of `wanted` (or the last seen value after STEP_TIMEOUT).

    The roster push (RFC 6121 §3.1.6) may be applied by slixmpp after the presence that follows it has been handled;
    asking the server again does not help, as a roster get with an unchanged version is answered empty (§2.6.3).
    """
    deadline = asyncio.get_event_loop().time() + STEP_TIMEOUT
    while True:
        sub = client.client_roster[jid]['subscription']
        remaining = deadline - asyncio.get_event_loop().time()
        if sub in wanted or remaining <= 0:
            return sub
        try:
            await client.wait_until('roster_update', timeout=min(1.0, remaining))
        except asyncio.TimeoutError:
            pass  # re-check: the push may have been applied without this waiter seeing it


async def next_matching(queue, predicate):
    while True:
        item = await queue.get()
        if predicate(item):
            return item


async def main(host, port, domain, accounts):
    address = (host, port)
    if accounts:
        (a_user, a_pw), (b_user, b_pw) = accounts[0], accounts[1]
        result('register', 'SKIP', 'existing accounts given')
    else:
        suffix = secrets.token_hex(4)
        a_user, a_pw, b_user, b_pw = 'alice-' + suffix, secrets.token_hex(8), 'bob-' + suffix, secrets.token_hex(8)
        try:
            await register(address, '%s@%s' % (a_user, domain), a_pw)
            await register(address, '%s@%s' % (b_user, domain), b_pw)
            result('register', 'PASS', 'XEP-0077 in-band registration of %s and %s' % (a_user, b_user))
        except (Exception, asyncio.TimeoutError) as e:
            result('register', 'FAIL', repr(e))
            return
    alice_jid, bob_jid = '%s@%s' % (a_user, domain), '%s@%s' % (b_user, domain)

    try:
        alice = await login(address, alice_jid, a_pw)
        bob = await login(address, bob_jid, b_pw)
        tls = alice.transport.get_extra_info('ssl_object')
        mech = alice['feature_mechanisms'].mech.name if alice['feature_mechanisms'].mech else '?'
        if tls is None or not mech.startswith('SCRAM-'):
            result('login', 'FAIL', 'TLS %s, SASL mechanism %s' % (tls and tls.version(), mech))
        else:
            result('login', 'PASS', 'STARTTLS (%s) then SASL %s, bound %s' % (tls.version(), mech, alice.boundjid.full))
    except (Exception, asyncio.TimeoutError) as e:
        result('login', 'FAIL', repr(e))
        return

    # RFC 6121 §2.3: roster set, then §2.2 roster get shows the item.
    try:
        await alice.update_roster(bob_jid, name='Bob', groups=['Interop'], timeout=STEP_TIMEOUT)
        # The roster get may legitimately come back empty when the client's version is current (RFC 6121 §2.6.3),
        # the item then arriving as a push; slixmpp's roster holds whichever came.
        await alice.get_roster(timeout=STEP_TIMEOUT)
        await subscription_of(alice, bob_jid, ('none', 'to', 'from', 'both'))
        items = alice.client_roster
        if bob_jid in items and items[bob_jid]['name'] == 'Bob':
            result('roster', 'PASS', 'roster set and get (RFC 6121 §2)')
            roster_ok = True
        else:
            result('roster', 'FAIL', 'roster lacks the item just set: %s' % list(items.keys()))
            roster_ok = False
    except IqError as e:
        condition = e.iq['error']['condition']
        roster_ok = False
        result('roster', 'SKIP' if condition in ('service-unavailable', 'feature-not-implemented') else 'FAIL',
               'roster set answered %s' % condition)
    except (Exception, asyncio.TimeoutError) as e:
        roster_ok = False
        result('roster', 'FAIL', repr(e))

    # RFC 6121 §3.1: alice subscribes, bob (auto_authorize) approves; §4.3.2 bob's presence then reaches alice.
    if roster_ok:
        try:
            bob.send_presence()
            alice.send_presence()
            alice.send_presence_subscription(pto=bob_jid, ptype='subscribe')
            presence = await asyncio.wait_for(next_matching(alice.presences,
                                                            lambda p: p['from'].bare == bob_jid), STEP_TIMEOUT)
            sub = await subscription_of(alice, bob_jid, ('to', 'both'))
            result('subscription', 'PASS' if sub in ('to', 'both') else 'FAIL',
                   'alice sees subscription=%s' % sub)
            result('presence', 'PASS', 'bob\'s available presence reached alice from %s' % presence['from'])
        except (Exception, asyncio.TimeoutError) as e:
            result('subscription', 'FAIL', 'no approved subscription / presence from bob: %r' % e)
            result('presence', 'SKIP', 'depends on the subscription')
    else:
        result('subscription', 'SKIP', 'no roster')
        # Directed presence (RFC 6121 §4.6) needs no roster.
        try:
            bob.send_presence(pto=alice_jid)
            await asyncio.wait_for(next_matching(alice.presences, lambda p: p['from'].bare == bob_jid), STEP_TIMEOUT)
            result('presence', 'PASS', 'directed presence from bob reached alice')
        except (Exception, asyncio.TimeoutError) as e:
            result('presence', 'FAIL', 'directed presence lost: %r' % e)

    # RFC 6121 §5: a chat message to the bare JID reaches the connected resource.
    body = 'hello ' + secrets.token_hex(4)
    try:
        alice.send_message(mto=bob_jid, mbody=body, mtype='chat')
        await asyncio.wait_for(next_matching(bob.messages, lambda m: m['body'] == body), STEP_TIMEOUT)
        result('message', 'PASS', 'chat message alice -> bob')
    except (Exception, asyncio.TimeoutError) as e:
        result('message', 'FAIL', 'message not delivered: %r' % e)

    # XEP-0199 §4: client-to-server ping.
    try:
        rtt = await alice['xep_0199'].ping(jid=domain, timeout=STEP_TIMEOUT)
        result('ping', 'PASS', 'server answered in %.0f ms' % (rtt * 1000))
    except (Exception, asyncio.TimeoutError) as e:
        result('ping', 'FAIL', repr(e))

    # XEP-0160 §3 / RFC 6121 §8.5.2.2.1: a message to an offline user is stored and delivered at its next login.
    try:
        bob.disconnect()
        await asyncio.wait_for(bob.disconnected, STEP_TIMEOUT)
        offline_body = 'while you were away ' + secrets.token_hex(4)
        alice.send_message(mto=bob_jid, mbody=offline_body, mtype='chat')
        # Round-trip to the server so the message has been processed before bob returns.
        await alice['xep_0199'].ping(jid=domain, timeout=STEP_TIMEOUT)
        bob = await login(address, bob_jid, b_pw, 'back')
        bob.send_presence()  # offline messages flow on initial presence (XEP-0160 §3)
        await asyncio.wait_for(next_matching(bob.messages, lambda m: m['body'] == offline_body), STEP_TIMEOUT)
        result('offline-message', 'PASS', 'stored while bob was offline, delivered at his next login')
    except (Exception, asyncio.TimeoutError) as e:
        result('offline-message', 'FAIL', 'offline message not delivered: %r' % e)

    for client in (alice, bob):
        client.disconnect()
    await asyncio.wait([asyncio.ensure_future(c.disconnected) for c in (alice, bob)], timeout=5)


if __name__ == '__main__':
    debug = '--debug' in sys.argv
    if debug:
        sys.argv.remove('--debug')
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR, format='%(levelname)s %(name)s: %(message)s')
    # slixmpp leaves its filter tasks pending at exit; asyncio's complaint about them is noise.
    logging.getLogger('asyncio').setLevel(logging.CRITICAL)
    host, port, domain = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    given = []
    if len(sys.argv) > 5 and sys.argv[4] == '--accounts' and sys.argv[5]:
        given = [tuple(a.split(':', 1)) for a in sys.argv[5].split(',')][:2]
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(main(host, port, domain, given), 120))
    sys.exit(1 if failed else 0)
