-- Accounts and their SCRAM credentials (RFC 5802 §3: salted keys only, never the password).
-- Every per-user table below references users with ON DELETE CASCADE: deleting an account removes all it owns.
CREATE TABLE users (
    username       VARCHAR(1023) NOT NULL PRIMARY KEY,
    created_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    roster_version BIGINT DEFAULT 0 NOT NULL
);

CREATE TABLE scram_credential (
    username   VARCHAR(1023) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    hash       VARCHAR(16)   NOT NULL,
    salt       BYTEA         NOT NULL,
    iterations INTEGER       NOT NULL,
    stored_key BYTEA         NOT NULL,
    server_key BYTEA         NOT NULL,
    PRIMARY KEY (username, hash)
);
