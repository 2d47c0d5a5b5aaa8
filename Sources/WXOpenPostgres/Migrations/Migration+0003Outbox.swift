extension Migration {
    /// The outbox (`OutboxDelivery`): messages and events on their way to the platform's
    /// services. Each account's deliveries go out in `sequence` order (the index); a claim is a
    /// lease (`lease_owner` until `lease_expires_at`), taken `FOR UPDATE SKIP LOCKED` so that
    /// instances share the work. Times are seconds since 2001, as in the other tables.
    static let outbox = Migration(version: 3, name: "outbox", sql: """
        CREATE TABLE outbox (
            id text COLLATE "C" PRIMARY KEY,
            sequence bigint NOT NULL UNIQUE,
            account_key text COLLATE "C" NOT NULL,
            type text NOT NULL,
            payload text NOT NULL,
            created_at double precision NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at double precision NOT NULL,
            last_attempt_at double precision,
            last_error text,
            lease_owner text,
            lease_expires_at double precision
        );
        CREATE INDEX outbox_by_account ON outbox (account_key, sequence);
        CREATE SEQUENCE outbox_sequence;
        COMMENT ON COLUMN outbox.payload IS 'wxopen: users'' messages, sealed with the store key (enc:v1:…) when a key is set';
        """)
}
