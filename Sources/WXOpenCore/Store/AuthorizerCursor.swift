import Foundation

/// The opaque cursor of an authorizer page: base64url (RFC 4648 §5, unpadded) of the last appid
/// returned. Paging resumes after that appid, so records added or changed between pages never
/// shift the pages that follow.
package enum AuthorizerCursor {
    package static func cursor(after appID: String) -> String {
        Data(appID.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func appID(from cursor: String) throws(StoreError) -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let isURLSafe = !cursor.contains("+") && !cursor.contains("/") && !cursor.contains("=")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard isURLSafe, !cursor.isEmpty, let data = Data(base64Encoded: base64),
              let appID = String(data: data, encoding: .utf8), !appID.isEmpty
        else {
            // Not repeated: the cursor came from the request, and this message goes back to it.
            throw .invalidRequest("the cursor is not one this store issued; start again without a cursor")
        }
        return appID
    }
}
