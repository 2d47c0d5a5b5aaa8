/// A decoded line made ready for the index: secrets in the stored form for the current key,
/// an authorizer packed with its search text. Pure, so loading runs it on every core; only
/// applying to the index is sequential.
struct ChangePreparer: Sendable {
    /// What a line says about an account's raw info.
    enum RawInfo: Sendable {
        /// Nothing: what is stored stays (or, for a record without `info`, goes).
        case keep
        /// Where it now is.
        case at(RawInfoLocation)
        /// Inside the line, as snapshots and journals before format 2 kept it: loading moves it
        /// to the raw-info file.
        case inline(String)
    }

    struct Prepared: Sendable {
        /// Stored form; an authorizer without its raw info.
        let change: StoreChange
        let authorizer: StoreIndex.PreparedAuthorizer?
        let rawInfo: RawInfo
        /// A snapshot's `eventHead` for the account.
        let eventHead: Int64?
    }

    let secrets: StoreSecrets

    func prepare(_ change: StoreChange, rawInfo location: RawInfoLocation? = nil, eventHead: Int64? = nil) throws(StoreError) -> Prepared {
        let stored = try secrets.storedForm(change)
        guard case .authorizer(var record) = stored else {
            return Prepared(change: stored, authorizer: nil, rawInfo: .keep, eventHead: nil)
        }
        var rawInfo = location.map(RawInfo.at) ?? .keep
        if let raw = record.info?.rawJSON {
            record.info?.rawJSON = nil
            if location == nil { rawInfo = .inline(raw) }
        }
        return Prepared(change: .authorizer(record), authorizer: StoreIndex.PreparedAuthorizer(record), rawInfo: rawInfo,
                        eventHead: eventHead)
    }
}
