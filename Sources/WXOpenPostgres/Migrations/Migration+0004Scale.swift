extension Migration {
    /// The console at scale (issues 16 and 17): the name order, ref filtering, searching refs, the
    /// events page's time range, and the hourly counts behind the refresh chart.
    ///
    /// `sort_name` and the new `search_text` (which now includes the ref) are computed by wxopen's
    /// own case folding, so rows written before this migration get them from the store at open
    /// (`search_version` < 1: see `PostgresStore+SearchBackfill.swift`), not from SQL here.
    static let scale = Migration(version: 4, name: "scale", sql: """
        ALTER TABLE authorizers ADD COLUMN sort_name text COLLATE "C" NOT NULL DEFAULT '';
        ALTER TABLE authorizers ADD COLUMN search_version integer NOT NULL DEFAULT 0;
        COMMENT ON COLUMN authorizers.sort_name IS 'wxopen: the nickname, case-folded as search_text is; what the name order sorts by';
        COMMENT ON COLUMN authorizers.search_version IS 'wxopen: how search_text and sort_name were computed; older rows are recomputed at open';
        CREATE INDEX authorizers_by_ref ON authorizers (ref);
        CREATE INDEX authorizers_by_sort_name ON authorizers (sort_name, app_id);
        CREATE INDEX authorizers_by_authorized_at ON authorizers (authorized_at, app_id);
        CREATE INDEX authorizers_by_search_version ON authorizers (search_version);
        CREATE INDEX events_by_at ON events (at);

        CREATE TABLE event_hours (
            hour bigint NOT NULL,
            kind text COLLATE "C" NOT NULL,
            outcome text COLLATE "C" NOT NULL,
            count bigint NOT NULL,
            PRIMARY KEY (hour, kind, outcome)
        );
        COMMENT ON TABLE event_hours IS 'wxopen: events appended per hour (hours since 1970) by kind and outcome, for the console chart';
        """)
}
