"""Try Parley with slixmpp (Debian: apt-get install python3-slixmpp).

    /usr/bin/python3 slixmpp-hello.py register alice@localhost alice-password      # create the account in-band
    /usr/bin/python3 slixmpp-hello.py chat bob@localhost bob-password               # log in, print what arrives
    /usr/bin/python3 slixmpp-hello.py chat alice@localhost alice-password 5222 bob@localhost   # say hello to bob
"""
import ssl
import sys

import slixmpp


class Hello(slixmpp.ClientXMPP):
    def __init__(self, jid, password, register, to):
        super().__init__(jid, password)
        self.to = to
        # Parley creates a self-signed certificate on first start: accept it (fine on localhost, not elsewhere).
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        if register:
            self.register_plugin('xep_0077')              # XEP-0077 in-band registration
            self['xep_0077'].force_registration = True
            self._always_send_everything = True            # slixmpp 1.8.3 holds back stanzas sent before login
            self.add_event_handler('register', self.on_register)
        else:
            self.add_event_handler('session_start', self.on_start)
            self.add_event_handler('message', self.on_message)

    async def on_register(self, _):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['register']['username'] = self.boundjid.user
        iq['register']['password'] = self.password
        try:
            await iq.send()
            print('registered', self.boundjid.bare)
        except slixmpp.exceptions.IqError as e:
            print('not registered:', e.iq['error']['condition'])
        self.disconnect()

    async def on_start(self, _):
        self.send_presence()
        print('logged in as', self.boundjid.full)
        if self.to:
            self.send_message(mto=self.to, mbody='Hello from slixmpp', mtype='chat')
            print('sent a message to', self.to)
            self.disconnect()

    def on_message(self, msg):
        print('%s says: %s' % (msg['from'], msg['body']))
        self.disconnect()


if __name__ == '__main__':
    action, jid, password = sys.argv[1:4]
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 5222
    to = sys.argv[5] if len(sys.argv) > 5 else None
    client = Hello(jid, password, action == 'register', to)
    client.connect(address=('localhost', port))
    client.process(forever=False)
