/// A query's result, copied out of libpq's `PGresult` (which is freed at once): column names and
/// each row's values as text, nil for SQL NULL.
package struct PostgresRows: Sendable, RandomAccessCollection {
    package let columns: [String]
    package let values: [[String?]]
    /// Rows a command touched (`INSERT`, `UPDATE`, `DELETE`), from `PQcmdTuples`; 0 otherwise.
    package let affected: Int

    package init(columns: [String], values: [[String?]], affected: Int) {
        self.columns = columns
        self.values = values
        self.affected = affected
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { values.count }
    package subscript(position: Int) -> PostgresRow { PostgresRow(columns: columns, values: values[position]) }
}

/// One row, read by column name with the type the caller expects:
///
///     let id = try row.decode("id", as: Int64.self)
///     let reason = try row.decode("status_reason", as: String?.self)
package struct PostgresRow: Sendable {
    package let columns: [String]
    package let values: [String?]

    /// Throws `PostgresError.unexpectedResult` naming the column when it is missing, NULL for a
    /// non-optional type, or not text of that type.
    package func decode<Value: PostgresValue>(_ column: String, as type: Value.Type = Value.self) throws(PostgresError) -> Value {
        guard let index = columns.firstIndex(of: column) else {
            throw .unexpectedResult("no column \"\(column)\" in the result (columns: \(columns.joined(separator: ", ")))")
        }
        guard let value = Value(postgresText: values[index]) else {
            let found = values[index] == nil ? "NULL" : "a value that is not \(Value.self)"
            throw .unexpectedResult("column \"\(column)\" holds \(found)")
        }
        return value
    }
}
