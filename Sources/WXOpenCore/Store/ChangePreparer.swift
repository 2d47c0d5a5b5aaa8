/// A decoded change made ready for the index: secrets in the stored form for the current key,
/// search text built. Pure, so loading runs it on every core; only applying to the index is
/// sequential.
struct ChangePreparer: Sendable {
    struct Prepared: Sendable {
        let change: StoreChange
        /// For an authorizer, `StoreIndex.haystack(for:)` of it.
        let haystack: [UInt8]?
    }

    let secrets: StoreSecrets

    func prepare(_ change: StoreChange) throws(StoreError) -> Prepared {
        let stored = try secrets.storedForm(change)
        if case .authorizer(let record) = stored {
            return Prepared(change: stored, haystack: StoreIndex.haystack(for: record))
        }
        return Prepared(change: stored, haystack: nil)
    }
}

extension StoreIndex {
    mutating func apply(_ prepared: ChangePreparer.Prepared) {
        apply(prepared.change, haystack: prepared.haystack)
    }
}
