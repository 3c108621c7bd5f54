-- E2EE key material per device (XEP-0384 bundles): long-lived keys and one-time pre-keys, each handed out once.
CREATE TABLE e2ee_device (
    username         VARCHAR(1023) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    device_id        BIGINT        NOT NULL,
    identity_key     BYTEA         NOT NULL,
    signed_pre_key_id INTEGER      NOT NULL,
    signed_pre_key   BYTEA         NOT NULL,
    signature        BYTEA         NOT NULL,
    PRIMARY KEY (username, device_id)
);

CREATE TABLE e2ee_pre_key (
    username   VARCHAR(1023) NOT NULL,
    device_id  BIGINT        NOT NULL,
    key_id     INTEGER       NOT NULL,
    public_key BYTEA         NOT NULL,
    PRIMARY KEY (username, device_id, key_id),
    FOREIGN KEY (username, device_id) REFERENCES e2ee_device (username, device_id) ON DELETE CASCADE
);
