import Foundation
#if canImport(Glibc)
import Glibc
#endif
import WXOpenSupport

/// Which component a file store belongs to: `component.json` (`{"component_appid": "wx…"}`)
/// in the store's directory. Its ticket, tokens and accounts are that component's: opened with
/// another component's configuration, the store would hand out one platform's tokens as the
/// other's, so that is refused (`StoreError.otherComponent`). Written when a store is first
/// opened for a component; a store from before this file adopts the configured appid once.
struct StoreOwner {
    let directory: StoreDirectory

    var path: String { directory.path + "/component.json" }
    private var temporaryPath: String { path + ".tmp" }

    /// The recorded component appid, or nil when there is none yet.
    func recorded() throws(StoreError) -> String? {
        guard let file = try directory.openIfExists(path, flags: O_RDONLY) else { return nil }
        defer { file.close() }
        let bytes = try file.readAll()
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let appID = object["component_appid"] as? String, !appID.isEmpty else {
            throw .corrupt(path: path, detail: #"it must hold {"component_appid": "wx…"}"#)
        }
        return appID
    }

    /// Records `componentAppID` durably: a temporary file, fsynced, renamed into place.
    func record(_ componentAppID: String) throws(StoreError) {
        var bytes = Array(#"{"component_appid":"#.utf8)
        JSONString.append(componentAppID, to: &bytes)
        bytes.append(contentsOf: Array("}\n".utf8))
        let file = try directory.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try file.writeAll(bytes)
            try file.sync()
            file.close()
        } catch {
            file.close()
            throw error
        }
        try directory.rename(temporaryPath, to: path)
        try directory.syncDirectory()
    }
}
