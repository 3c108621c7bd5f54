package im.parley.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas and nonzas for round-trip and robustness tests: examples from RFC 6120/6121 and the XEPs (each cited by
 * document and section; base64 placeholders of the XEPs are replaced by real base64 so that the packed forms are
 * exercised), then edge cases of our own. Pretty-printed examples keep their white space between children, which the
 * codec must carry (mixed content).
 */
final class StanzaCorpus {
    /** One example: where it comes from, and its XML. */
    record Example(String source, String xml) {
        @Override
        public String toString() {
            return source;
        }
    }

    private StanzaCorpus() {}

    static List<Example> all() {
        List<Example> examples = new ArrayList<>(specExamples());
        examples.addAll(edgeCases());
        return examples;
    }

    static List<Example> specExamples() {
        return List.of(
                new Example("RFC 6120 §9.1.4 message", """
                        <message from='juliet@im.example.com/balcony' id='ju2ba41c' to='romeo@example.net' type='chat'
                                 xml:lang='en'>
                          <body>Art thou not Romeo, and a Montague?</body>
                        </message>"""),
                new Example("RFC 6120 §9.1.4 reply", """
                        <message from='romeo@example.net/orchard' id='sl3nx51f' to='juliet@im.example.com/balcony'
                                 type='chat' xml:lang='en'><body>Neither, fair saint, if either thee dislike.</body></message>"""),
                new Example("RFC 6120 §7.6.1 bind request", """
                        <iq id='tn281v37' type='set'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"""),
                new Example("RFC 6120 §7.6.1 bind result", """
                        <iq id='tn281v37' type='result'>
                          <bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>
                            <jid>juliet@im.example.com/4db06f06-1ea4-11dc-aca3-000bcd821bfb</jid>
                          </bind>
                        </iq>"""),
                new Example("RFC 6120 §7.7.2.2 bind with a client-chosen resource", """
                        <iq id='wy2xa82b4' type='set'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource></bind></iq>"""),
                new Example("RFC 6120 §8.3.2 stanza error", """
                        <iq from='im.example.com' id='z94nb37h' to='romeo@example.net/orchard' type='error'>
                          <error type='cancel'>
                            <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                new Example("RFC 6120 §8.3.3.6 gone with redirect and text", """
                        <message from='romeo@example.net/foo' id='b4vs9km4' to='juliet@im.example.com/balcony' type='error'>
                          <error by='example.net' type='cancel'>
                            <gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:romeo@afterwards.example.net</gone>
                            <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Romeo has moved on.</text>
                          </error>
                        </message>"""),
                new Example("RFC 6120 §4.9.3.12 stream error not-well-formed", """
                        <stream:error xmlns:stream='http://etherx.jabber.org/streams'><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"""),
                new Example("RFC 6120 §4.9.3.19 stream error see-other-host", """
                        <stream:error xmlns:stream='http://etherx.jabber.org/streams'>
                          <see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>[2001:41D0:1:A49b::1]:9222</see-other-host>
                          <text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>Please reconnect elsewhere.</text>
                        </stream:error>"""),
                new Example("RFC 6121 §2.1.3 roster get", """
                        <iq from='juliet@example.com/balcony' id='bv1bs71f' type='get'><query xmlns='jabber:iq:roster'/></iq>"""),
                new Example("RFC 6121 §2.1.4 roster result", """
                        <iq id='bv1bs71f' to='juliet@example.com/chamber' type='result'>
                          <query xmlns='jabber:iq:roster' ver='ver11'>
                            <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>
                            <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>
                            <item jid='benvolio@example.net' name='Benvolio' subscription='both'/>
                          </query>
                        </iq>"""),
                new Example("RFC 6121 §2.1.6 roster push", """
                        <iq id='a78b4q6ha463' to='juliet@example.com/chamber' type='set'><query xmlns='jabber:iq:roster'><item jid='nurse@example.com'/></query></iq>"""),
                new Example("RFC 6121 §3.1.1 subscription request", """
                        <presence id='xk3h1v69' to='juliet@example.com' type='subscribe'/>"""),
                new Example("RFC 6121 §4.2.1 initial presence", "<presence/>"),
                new Example("RFC 6121 §4.7.2 presence with show, status and priority", """
                        <presence from='romeo@example.net/orchard' xml:lang='en'>
                          <show>dnd</show>
                          <status>Wooing Juliet</status>
                          <status xml:lang='cs'>Dvořím se Julii</status>
                          <priority>1</priority>
                        </presence>"""),
                new Example("RFC 6121 §4.5.1 unavailable presence", """
                        <presence type='unavailable'><status>Disconnected</status></presence>"""),
                new Example("RFC 6121 §5.2.5 message with subject and thread", """
                        <message from='juliet@example.com/balcony' id='z94nb37h' to='romeo@example.net' type='chat'
                                 xml:lang='en'><subject>I implore you!</subject><body>Wherefore art thou, Romeo?</body><thread parent='e0ffe42b28561960c6b12b944a092794b9683a38'>0e3141cd80894871a68e6fe6b1ec56fa</thread></message>"""),
                new Example("XEP-0184 §5 receipt request", """
                        <message from='northumberland@shakespeare.lit/westminster' id='richard2-4.1.247'
                                 to='kingrichard@royalty.england.lit/throne'>
                          <body>My lord, dispatch; read o'er these articles.</body>
                          <request xmlns='urn:xmpp:receipts'/>
                        </message>"""),
                new Example("XEP-0184 §5 receipt", """
                        <message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v'
                                 to='northumberland@shakespeare.lit/westminster'><received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/></message>"""),
                new Example("XEP-0333 §4 markable message", """
                        <message from='northumberland@shakespeare.lit/westminster' id='message-1' to='ingrichard@royalty.england.lit/throne'>
                          <thread>sleeping</thread>
                          <body>My lord, dispatch; read o'er these articles.</body>
                          <markable xmlns='urn:xmpp:chat-markers:0'/>
                        </message>"""),
                new Example("XEP-0333 §4 displayed marker", """
                        <message from='kingrichard@royalty.england.lit/throne' id='message-2' to='northumberland@shakespeare.lit/westminster'>
                          <thread>sleeping</thread>
                          <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>
                        </message>"""),
                new Example("XEP-0359 §3 stanza-id and origin-id", """
                        <message to='juliet@capulet.lit/balcony' from='romeo@montague.lit/orchard' type='chat'
                                 id='de305d54-75b4-431b-adb2-eb6b9e546013'>
                          <body>Art thou not Romeo, and a Montague?</body>
                          <stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad' by='juliet@capulet.lit'/>
                          <origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/>
                        </message>"""),
                new Example("XEP-0198 §3 enable", "<enable xmlns='urn:xmpp:sm:3' resume='true'/>"),
                new Example("XEP-0198 §3 enabled", "<enabled xmlns='urn:xmpp:sm:3' id='some-long-sm-id' resume='true'/>"),
                new Example("XEP-0198 §4 request", "<r xmlns='urn:xmpp:sm:3'/>"),
                new Example("XEP-0198 §4 answer", "<a xmlns='urn:xmpp:sm:3' h='1'/>"),
                new Example("XEP-0198 §5 resume", "<resume xmlns='urn:xmpp:sm:3' h='7' previd='some-long-sm-id'/>"),
                new Example("XEP-0198 §5 failed", """
                        <failed xmlns='urn:xmpp:sm:3' h='another-sequence-number'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>"""),
                new Example("XEP-0115 §4 presence with caps", """
                        <presence from='romeo@montague.lit/orchard'>
                          <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://code.google.com/p/exodus'
                             ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>
                        </presence>"""),
                new Example("XEP-0313 §4.1.2 archived message", """
                        <message id='aeb213' to='juliet@capulet.lit/chamber'>
                          <result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'>
                            <forwarded xmlns='urn:xmpp:forward:0'>
                              <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
                              <message xmlns='jabber:client' from='witch@shakespeare.lit' to='macbeth@shakespeare.lit'>
                                <body>Hail to thee</body>
                              </message>
                            </forwarded>
                          </result>
                        </message>"""),
                new Example("XEP-0313 §4.3 fin with result set", """
                        <iq type='result' id='juliet1'>
                          <fin xmlns='urn:xmpp:mam:2'>
                            <set xmlns='http://jabber.org/protocol/rsm'>
                              <first index='0'>28482-98726-73623</first>
                              <last>09af3-cc343-b409f</last>
                            </set>
                          </fin>
                        </iq>"""),
                new Example("XEP-0313 §4.1.1 query with a data form", """
                        <iq type='set' id='juliet1'>
                          <query xmlns='urn:xmpp:mam:2' queryid='f27'>
                            <x xmlns='jabber:x:data' type='submit'>
                              <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
                              <field var='with'><value>juliet@capulet.lit</value></field>
                              <field var='start'><value>2010-06-07T00:00:00Z</value></field>
                            </x>
                            <set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set>
                          </query>
                        </iq>"""),
                new Example("XEP-0280 §4 enable carbons", """
                        <iq xmlns='jabber:client' from='romeo@montague.example/garden' id='enable1' type='set'><enable xmlns='urn:xmpp:carbons:2'/></iq>"""),
                new Example("XEP-0280 §6 received carbon", """
                        <message xmlns='jabber:client' from='romeo@montague.example' to='romeo@montague.example/home' type='chat'>
                          <received xmlns='urn:xmpp:carbons:2'>
                            <forwarded xmlns='urn:xmpp:forward:0'>
                              <message xmlns='jabber:client' from='juliet@capulet.example/balcony'
                                       to='romeo@montague.example/garden' type='chat'>
                                <body>What man art thou that, thus bescreen'd in night, so stumblest on my counsel?</body>
                                <thread>0e3141cd80894871a68e6fe6b1ec56fa</thread>
                              </message>
                            </forwarded>
                          </received>
                        </message>"""),
                new Example("XEP-0030 §3.1 disco#info result", """
                        <iq type='result' from='plays.shakespeare.lit' to='romeo@montague.net/orchard' id='info1'>
                          <query xmlns='http://jabber.org/protocol/disco#info'>
                            <identity category='conference' type='text' name='Play-Specific Chatrooms'/>
                            <identity category='directory' type='chatroom' name='Play-Specific Chatrooms'/>
                            <feature var='http://jabber.org/protocol/disco#info'/>
                            <feature var='http://jabber.org/protocol/disco#items'/>
                            <feature var='http://jabber.org/protocol/muc'/>
                            <feature var='jabber:iq:register'/>
                            <feature var='jabber:iq:search'/>
                            <feature var='jabber:iq:time'/>
                            <feature var='jabber:iq:version'/>
                          </query>
                        </iq>"""),
                new Example("XEP-0030 §4.2 disco#items result", """
                        <iq type='result' from='shakespeare.lit' to='romeo@montague.net/orchard' id='items1'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='people.shakespeare.lit' name='Directory of Characters'/><item jid='plays.shakespeare.lit' name='Play-Specific Chatrooms'/><item jid='mim.shakespeare.lit' name='Gateway to Marlowe IM'/></query></iq>"""),
                new Example("XEP-0163 §4 PEP publish (XEP-0118 tune)", """
                        <iq from='juliet@capulet.lit/balcony' type='set' id='pub1'>
                          <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                            <publish node='http://jabber.org/protocol/tune'>
                              <item>
                                <tune xmlns='http://jabber.org/protocol/tune'>
                                  <artist>Gerald Finzi</artist>
                                  <length>255</length>
                                  <source>Music for "Love's Labors Lost" (Suite for small orchestra)</source>
                                  <title>Introduction (Allegro vigoroso)</title>
                                  <track>1</track>
                                </tune>
                              </item>
                            </publish>
                          </pubsub>
                        </iq>"""),
                new Example("XEP-0163 §4.3 PEP event notification", """
                        <message from='juliet@capulet.lit' to='romeo@montague.lit/orchard' type='headline' id='tuneupdate1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='http://jabber.org/protocol/tune'><item id='bffe6584-0f9c-11dc-84ba-001143d5d5db'><tune xmlns='http://jabber.org/protocol/tune'><artist>Gerald Finzi</artist><length>255</length><track>1</track></tune></item></items></event></message>"""),
                new Example("XEP-0060 §7.2.2.1 retract notification", """
                        <message from='pubsub.shakespeare.lit' to='francisco@denmark.lit' id='bar'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='princely_musings'><retract id='ae890ac52d0df67ed7cfdf51b644e901'/></items></event></message>"""),
                new Example("XEP-0384 §5.3.1 OMEMO 2 device list", """
                        <iq from='juliet@capulet.lit' type='set' id='announce1'>
                          <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                            <publish node='urn:xmpp:omemo:2:devices'>
                              <item id='current'>
                                <devices xmlns='urn:xmpp:omemo:2'>
                                  <device id='12345'/>
                                  <device id='4223' label='Gajim on Ubuntu Linux'/>
                                </devices>
                              </item>
                            </publish>
                          </pubsub>
                        </iq>"""),
                new Example("XEP-0384 §5.3.2 OMEMO 2 bundle with publish-options", """
                        <iq from='juliet@capulet.lit' type='set' id='annouce2'>
                          <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                            <publish node='urn:xmpp:omemo:2:bundles'>
                              <item id='31415'>
                                <bundle xmlns='urn:xmpp:omemo:2'>
                                  <spk id='0'>BYhjgE3vAJJs2oqwkXSzH3qP9Wz/ih8Tnl42b+E6fAQ=</spk>
                                  <spks>2BK3p3l/hb4D8SvEv9VVt6Q2HRCcyHKdlvYkzb2s0Nab7x7wyuEUuBCAtQIhkLyUVlDfZ5kCtNIIjGCYRC5wDg==</spks>
                                  <ik>BbTOwXvvOUUCi4a9tjUH6fjmBtlfDyxHWo3V5pHk1CM=</ik>
                                  <prekeys>
                                    <pk id='0'>BQAZj5qz3H4RtNUBgKBRu+4o4ay9u5r07DMUpBk1LsNr</pk>
                                    <pk id='1'>BVnDwNmXQ2udGL8XN7mxOKf/lOhNgtJNqyPYL8m8Ye0e</pk>
                                  </prekeys>
                                </bundle>
                              </item>
                            </publish>
                            <publish-options>
                              <x xmlns='jabber:x:data' type='submit'>
                                <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>
                                <field var='pubsub#max_items'><value>max</value></field>
                                <field var='pubsub#access_model'><value>open</value></field>
                              </x>
                            </publish-options>
                          </pubsub>
                        </iq>"""),
                new Example("XEP-0384 §6.1 OMEMO 2 message", """
                        <message to='juliet@capulet.lit' from='romeo@montague.lit' id='send1'>
                          <encrypted xmlns='urn:xmpp:omemo:2'>
                            <header sid='27183'>
                              <keys jid='juliet@capulet.lit'>
                                <key rid='31415'>ATOpAQkKwYNp4SzdUoI4gd2zV9l6WBvShtq8Em4LHHCbYKSSoA==</key>
                              </keys>
                              <keys jid='romeo@montague.lit'>
                                <key rid='1337' kex='true'>MwohBcJzhALU5ZiBSn8RqMR6SJNe2TB3i9IGypFm/yhmZztlEAAYACIw</key>
                                <key rid='12321'>MwohBbc/bwY05SahQEFV51nDVn5KH8SzeWF8uMefcyA0OjoVEAAYACIw</key>
                              </keys>
                            </header>
                            <payload>SGVsbG8gV29ybGQgdGhpcyBpcyBhbiBPTUVNTyBwYXlsb2Fk</payload>
                          </encrypted>
                          <store xmlns='urn:xmpp:hints'/>
                        </message>"""),
                new Example("XEP-0384 (0.3) legacy OMEMO message as sent by Conversations", """
                        <message to='juliet@capulet.lit' id='8f7b2d3c-51a2-4c6e-9d1e-0a3b4c5d6e7f' type='chat'><encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='1797815022'><key rid='697255201'>MwohBcJzhALU5ZiBSn8RqMR6SJNe2TB3i9IGypFm/yhmZztlEAAYACIwScgGuN2u1xeY19JZA3DLoLWlyAj8LyTMRk1uO6IEcUkMoCmpR2H6e83SK62b0dj0Rj1u/AZoWNY=</key><key prekey='true' rid='1451281432'>MwohBWXZ6a9C2m8+Bgz4t27F9Ii0wR0ND5lHhGgnV8s/8IZ1EAEYACIw</key><iv>8/pXK3Y8y8gKu0y7</iv></header><payload>pEfdHCmUgnJWFK8=</payload></encrypted><request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/><origin-id xmlns='urn:xmpp:sid:0' id='8f7b2d3c-51a2-4c6e-9d1e-0a3b4c5d6e7f'/><encryption xmlns='urn:xmpp:eme:0' name='OMEMO' namespace='eu.siacs.conversations.axolotl'/><body>I sent you an OMEMO encrypted message but your client doesn’t seem to support that. Find more information on https://conversations.im/omemo</body><store xmlns='urn:xmpp:hints'/></message>"""),
                new Example("XEP-0045 §7.2.3 occupant presence with status codes", """
                        <presence from='coven@chat.shakespeare.lit/thirdwitch'
                                  id='27C55F89-1C6A-459A-9EB5-77690145D624' to='hag66@shakespeare.lit/pda'>
                          <x xmlns='http://jabber.org/protocol/muc#user'>
                            <item affiliation='member' role='participant'/>
                            <status code='100'/>
                            <status code='110'/>
                            <status code='210'/>
                          </x>
                        </presence>"""),
                new Example("XEP-0045 §7.2.1 join", """
                        <presence from='hag66@shakespeare.lit/pda' id='n13mt3l' to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='20'/></x></presence>"""),
                new Example("XEP-0045 §7.4 groupchat message", """
                        <message from='coven@chat.shakespeare.lit/thirdwitch' id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2'
                                 to='crone1@shakespeare.lit/desktop' type='groupchat'><body>Harpier cries: 'tis time, 'tis time.</body></message>"""),
                new Example("XEP-0191 §3.3 block", """
                        <iq from='juliet@capulet.com/chamber' id='block1' type='set'><block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block></iq>"""),
                new Example("XEP-0191 §3.2 blocklist result", """
                        <iq type='result' id='blocklist1'>
                          <blocklist xmlns='urn:xmpp:blocking'>
                            <item jid='romeo@montague.net'/>
                            <item jid='iago@shakespeare.lit'/>
                          </blocklist>
                        </iq>"""),
                new Example("XEP-0203 §3 delayed message", """
                        <message from='romeo@montague.net/orchard' to='juliet@capulet.com' type='chat'>
                          <body>O blessed, blessed night! I am afeard.</body>
                          <delay xmlns='urn:xmpp:delay' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>
                        </message>"""),
                new Example("XEP-0085 §5.1 composing", """
                        <message from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>"""),
                new Example("XEP-0085 §5.1 active with body", """
                        <message from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' type='chat'><body>Who's there?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>"""),
                new Example("XEP-0054 §3.1 vCard result", """
                        <iq from='jer@jabber.org' to='stpeter@jabber.org/roundabout' type='result' id='v1'>
                          <vCard xmlns='vcard-temp'>
                            <FN>Peter Saint-Andre</FN>
                            <N><FAMILY>Saint-Andre</FAMILY><GIVEN>Peter</GIVEN><MIDDLE/></N>
                            <NICKNAME>stpeter</NICKNAME>
                            <URL>http://www.xmpp.org/xsf/people/stpeter.shtml</URL>
                            <BDAY>1966-08-06</BDAY>
                            <EMAIL><INTERNET/><PREF/><USERID>stpeter@jabber.org</USERID></EMAIL>
                          </vCard>
                        </iq>"""),
                new Example("XEP-0199 §4.2 ping", """
                        <iq from='capulet.lit' to='juliet@capulet.lit/balcony' id='s2c1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>"""),
                new Example("XEP-0199 §4.2 pong", """
                        <iq from='juliet@capulet.lit/balcony' to='capulet.lit' id='s2c1' type='result'/>"""),
                new Example("XEP-0352 §3 inactive", "<inactive xmlns='urn:xmpp:csi:0'/>"),
                new Example("XEP-0363 §4 slot request", """
                        <iq from='romeo@montague.tld/garden' id='step_03' to='upload.montague.tld' type='get'>
                          <request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23456' content-type='image/jpeg'/>
                        </iq>"""),
                new Example("XEP-0363 §4 slot", """
                        <iq from='upload.montague.tld' id='step_03' to='romeo@montague.tld/garden' type='result'>
                          <slot xmlns='urn:xmpp:http:upload:0'>
                            <put url='https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg'>
                              <header name='Authorization'>Basic Base64String==</header>
                              <header name='Cookie'>foo=bar; user=romeo</header>
                            </put>
                            <get url='https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg'/>
                          </slot>
                        </iq>"""),
                new Example("XEP-0066 §3 out-of-band URL", """
                        <message from='stpeter@jabber.org/work' to='MaineBoy@jabber.org/home'><body>Yeah, but do you have a license to Jabber?</body><x xmlns='jabber:x:oob'><url>http://www.jabber.org/images/psa-license.jpg</url></x></message>"""),
                new Example("XEP-0308 §3 correction", """
                        <message to='juliet@capulet.net/balcony' id='good1'><body>But soft, what light through yonder window breaks?</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>"""),
                new Example("XEP-0444 §3 reactions", """
                        <message to='romeo@capulet.net/orchard' id='96d73204-a57a-11e9-88b8-4889e7820c76' type='chat'>
                          <reactions id='744f6e18-a57a-11e9-a656-4889e7820c76' xmlns='urn:xmpp:reactions:0'>
                            <reaction>👋</reaction>
                            <reaction>🐢</reaction>
                          </reactions>
                          <store xmlns='urn:xmpp:hints'/>
                        </message>"""),
                new Example("XEP-0461 §3 reply with XEP-0428 fallback", """
                        <message to='romeo@montague.lit' id='message-id3' type='chat'><body>&gt; Anna wrote:
                        &gt; We should bake a cake
                        Great idea!</body><reply to='anna@example.com/laptop' id='message-id1' xmlns='urn:xmpp:reply:0'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='36'/></fallback></message>"""),
                new Example("XEP-0424 §4 retraction", """
                        <message type='chat' to='lord@capulet.example' id='retract-message-1'><retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/><body>This person attempted to retract a previous message, but it's unsupported by your client.</body><store xmlns='urn:xmpp:hints'/></message>"""),
                new Example("XEP-0012 §4 last activity result", """
                        <iq from='romeo@montague.net' id='last1' to='juliet@capulet.com/balcony' type='result'><query xmlns='jabber:iq:last' seconds='903'/></iq>"""),
                new Example("XEP-0092 §3 software version result", """
                        <iq from='capulet.lit' id='version_1' to='romeo@montague.lit/garden' type='result'><query xmlns='jabber:iq:version'><name>Parley</name><version>0.1.0</version><os>Linux</os></query></iq>"""),
                new Example("XEP-0202 §4 entity time result", """
                        <iq type='result' from='juliet@capulet.com/balcony' to='romeo@montague.net/orchard' id='time_1'><time xmlns='urn:xmpp:time'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time></iq>"""),
                new Example("XEP-0319 §3 idle presence", """
                        <presence from='juliet@capulet.com/balcony'><show>away</show><idle xmlns='urn:xmpp:idle:1' since='1969-07-21T02:56:15Z'/></presence>"""),
                new Example("XEP-0334 §4 no-store hint", """
                        <message from='romeo@montague.lit/laptop' to='juliet@capulet.lit/laptop'><thread>68fdaf7e-27ac-4fc9-ad2f-2a2ff2a49cce</thread><no-store xmlns='urn:xmpp:hints'/></message>"""),
                new Example("XEP-0357 §5 enable push", """
                        <iq type='set' id='x42'>
                          <enable xmlns='urn:xmpp:push:0' jid='push-5.client.example' node='yxs32uqsflafdk3iuqo'>
                            <x xmlns='jabber:x:data' type='submit'>
                              <field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>
                              <field var='secret'><value>eruio234vzxc2kla-91</value></field>
                            </x>
                          </enable>
                        </iq>"""),
                new Example("XEP-0084 §4.2 avatar metadata notification", """
                        <message to='juliet@capulet.lit' from='romeo@montague.lit'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='111f4b3c50d7b0df729d299bc6f8e9ef9066971f'><metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='12345' height='64' id='111f4b3c50d7b0df729d299bc6f8e9ef9066971f' type='image/png' width='64'/></metadata></item></items></event></message>"""),
                new Example("XEP-0172 §4.1 nickname in a subscription request", """
                        <presence from='narrator@coreybrand.lit' to='ishmael@pequod.lit' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Ishmael</nick></presence>"""),
                new Example("XEP-0071 §7 XHTML-IM (mixed content, unknown namespaces)", """
                        <message><body>Wow, I'm green with envy!</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p style='font-size:large'><em>Wow</em>, I&apos;m <span style='color:green'>green</span> with <strong>envy</strong>!</p></body></html></message>"""),
                new Example("XEP-0153 §3.1 presence with avatar hash", """
                        <presence><x xmlns='vcard-temp:x:update'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x></presence>"""));
    }

    static List<Example> edgeCases() {
        StringBuilder deep = new StringBuilder("<iq type='set' id='deep'><query xmlns='urn:example:deep'>");
        for (int i = 0; i < 30; i++) {
            deep.append("<n level='").append(i).append("'>");
        }
        deep.append("leaf");
        for (int i = 0; i < 30; i++) {
            deep.append("</n>");
        }
        deep.append("</query></iq>");
        return List.of(
                new Example("edge: characters outside ASCII, CR and tab kept", """
                        <message to='ромео@montague.lit' type='chat' xml:lang='ja'><body>日本語のテキスト — émoji 😀 &#13; tab&#9;end</body><subject>Ünïcödé ✓</subject></message>"""),
                new Example("edge: unknown namespace, unknown names", """
                        <iq type='get' id='u1'><frobnicate xmlns='urn:example:frob:1' level='11'><widget colour='blue'/><widget/></frobnicate></iq>"""),
                new Example("edge: deep nesting", deep.toString()),
                new Example("edge: mixed content and whitespace between children", """
                        <message id='m1'>
                           <body>  spaced  </body>   <x xmlns='urn:example:mixed'>before<b>bold</b>after<i/>  </x>
                        </message>"""),
                new Example("edge: namespaced attributes", """
                        <iq type='set' id='ns1'><x xmlns='urn:example:a' xmlns:p='urn:example:p' xmlns:q='urn:example:q' p:k='v' q:k='w' xml:space='preserve'/></iq>"""),
                new Example("edge: values that look packed but are not canonical", """
                        <message id='000123' to='a@b/'>
                          <x xmlns='urn:example:values' n='000123' u='DE305D54-75B4-431B-ADB2-EB6B9E546013' e='1e3' b64='QUJD&#10;REVG' big='9223372036854775808' max='9223372036854775807' neg='-5' stamp='2002-09-10T23:08:25+00:00'
                             leap='2016-12-31T23:59:60Z' feb='2023-02-29T00:00:00Z' ms='2002-09-10T23:08:25.123Z'
                             hexodd='abc' hexbig='0123456789abcdefABCDEF' b64bits='QR==' jid='@capulet.lit' jid2='a@capulet.lit/'/>
                          <body>QUJD
                        REVG</body>
                        </message>"""),
                new Example("edge: values that are canonical", """
                        <message id='de305d54-75b4-431b-adb2-eb6b9e546013'><x xmlns='urn:example:values' n='1337' zero='0' hex='0123456789abcdef0123456789abcdef' hexodd='deadbeefc' b64='SGVsbG8gV29ybGQhIQ==' b64one='SGVsbG8gV29ybGQh' ms='2002-09-10T23:08:25.123Z' s='1970-01-01T00:00:00Z' end='9999-12-31T23:59:59Z' same='de305d54-75b4-431b-adb2-eb6b9e546013' jid='romeo@capulet.lit/orchard' d='capulet.lit' long='""" + "x".repeat(300) + """
                        '/></message>"""),
                new Example("edge: empty attribute values and empty elements", """
                        <message id='' to='' type=''><body></body><thread/><x xmlns='urn:example:empty' a='' b=''/></message>"""),
                new Example("edge: top-level element in no namespace", """
                        <presence xmlns='' to='romeo@montague.lit'><status>unqualified</status></presence>"""),
                new Example("edge: same-as-id before the id is known stays literal", """
                        <message from='de305d54-75b4-431b-adb2-eb6b9e546013' id='de305d54-75b4-431b-adb2-eb6b9e546013'><origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/></message>"""),
                new Example("edge: a long text over 127 bytes", "<message><body>" + "Lorem ipsum dolor sit amet. ".repeat(20)
                        + "</body></message>"));
    }
}
