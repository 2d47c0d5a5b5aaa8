extension Migration {
    /// Short-lived entries by namespace and key (`StoredEntry`): the push replay window, and what
    /// later features keep until it expires. Versions come from a sequence: increasing across
    /// every instance and never given twice, even after a delete.
    static let entries = Migration(version: 2, name: "entries", sql: """
        CREATE TABLE entries (
            namespace text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            value text NOT NULL,
            secret boolean NOT NULL,
            expires_at double precision NOT NULL,
            version bigint NOT NULL,
            written_at double precision NOT NULL,
            PRIMARY KEY (namespace, key)
        );
        CREATE INDEX entries_by_expiry ON entries (expires_at);
        CREATE SEQUENCE entry_versions;
        COMMENT ON COLUMN entries.value IS 'wxopen: sealed with the store key (enc:v1:…) when secret and a key is set';
        """)
}
