-- XEP-0012 last activity, XEP-0191 block lists, XEP-0054 vCards, XEP-0049 private XML.
CREATE TABLE last_activity (
    username VARCHAR(1023)            NOT NULL PRIMARY KEY REFERENCES users (username) ON DELETE CASCADE,
    seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status   VARCHAR(4000)            NOT NULL
);

CREATE TABLE block_list (
    username VARCHAR(1023) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    jid      VARCHAR(3071) NOT NULL,
    PRIMARY KEY (username, jid)
);

CREATE TABLE vcard (
    username VARCHAR(1023) NOT NULL PRIMARY KEY REFERENCES users (username) ON DELETE CASCADE,
    vcard    VARCHAR       NOT NULL
);

CREATE TABLE private_xml (
    username  VARCHAR(1023) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    element   VARCHAR(255)  NOT NULL,
    namespace VARCHAR(1023) NOT NULL,
    xml       VARCHAR       NOT NULL,
    PRIMARY KEY (username, element, namespace)
);
