-- RFC 6121 §2: roster items; the roster version lives in users.roster_version.
CREATE TABLE roster_item (
    username     VARCHAR(1023) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    contact      VARCHAR(2047) NOT NULL,
    name         VARCHAR(1023),
    subscription VARCHAR(8)    NOT NULL,
    pending_out  BOOLEAN       NOT NULL,
    pending_in   BOOLEAN       NOT NULL,
    approved     BOOLEAN       NOT NULL,
    PRIMARY KEY (username, contact)
);

CREATE TABLE roster_group (
    username   VARCHAR(1023) NOT NULL,
    contact    VARCHAR(2047) NOT NULL,
    group_name VARCHAR(1023) NOT NULL,
    PRIMARY KEY (username, contact, group_name),
    FOREIGN KEY (username, contact) REFERENCES roster_item (username, contact) ON DELETE CASCADE
);
