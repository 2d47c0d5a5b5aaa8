import Foundation

/// The OpenAPI 3.1 description of the internal API, served at `GET /api/v1/openapi.json`.
///
/// The one source of truth is the JSON text in this file and in each feature's
/// `…Routes+OpenAPI.swift`, next to the routes it describes: every part is a JSON object, and
/// the document is their deep merge. `OpenAPIDocumentTests` fails when the router has an
/// `/api/v1` route the document lacks (or the other way round), and checks real answers against
/// the schemas; CI validates the served document and fuzzes the server with it.
enum OpenAPIDocument {
    /// Every part, in merge order. A key that two parts both set to something other than an
    /// object is a mistake, and stops the merge.
    static let parts: [(name: String, json: String)] = [
        ("base", base),
        ("schemas", schemas),
        ("responses", responses),
        ("internal API", InternalAPIRoutes.openAPI),
        ("JS-SDK", JSSDKRoutes.openAPI),
        ("quota tools", QuotaToolRoutes.openAPI),
        ("mini programs", MiniProgramRoutes.openAPI),
        ("releases", ReleaseRoutes.openAPI),
        ("web login", WebLoginRoutes.openAPI),
        ("operations", OperationsRoutes.openAPI),
    ]

    enum BuildError: Error, CustomStringConvertible {
        case invalidPart(String, String)
        case conflict(String)

        var description: String {
            switch self {
            case .invalidPart(let name, let detail): "the \(name) part of the OpenAPI document is not a JSON object: \(detail)"
            case .conflict(let path): "two parts of the OpenAPI document both set \(path)"
            }
        }
    }

    /// The merged document, with `info.version` set to this build's version.
    static func build(parts: [(name: String, json: String)] = parts, version: String = WXOpenVersion.string) throws -> [String: Any] {
        var document: [String: Any] = [:]
        for part in parts {
            let object: [String: Any]
            do {
                guard let parsed = try JSONSerialization.jsonObject(with: Data(part.json.utf8)) as? [String: Any] else {
                    throw BuildError.invalidPart(part.name, "not an object")
                }
                object = parsed
            } catch let error as BuildError {
                throw error
            } catch {
                throw BuildError.invalidPart(part.name, "\(error)")
            }
            document = try merge(document, object, at: "")
        }
        if var info = document["info"] as? [String: Any] {
            info["version"] = version
            document["info"] = info
        }
        return withSharedAnswers(document)
    }

    /// Answers every operation of a kind gets from the layers in front of its handler, stated
    /// once here rather than in every operation: behind the API key (no `"security": []`), 401
    /// and 400 (`ambiguous_authorization`); with a body, 413 from its body limit, sent before the
    /// body is read. An operation that documents one of these itself keeps its own.
    private static func withSharedAnswers(_ document: [String: Any]) -> [String: Any] {
        guard var paths = document["paths"] as? [String: Any] else { return document }
        for (path, item) in paths {
            guard var operations = item as? [String: Any] else { continue }
            for (method, operation) in operations {
                guard var operation = operation as? [String: Any], var responses = operation["responses"] as? [String: Any] else {
                    continue
                }
                var shared: [(String, String)] = []
                if (operation["security"] as? [Any])?.isEmpty != true { shared += [("400", "BadRequest"), ("401", "Unauthorized")] }
                if operation["requestBody"] != nil { shared.append(("413", "BodyTooLarge")) }
                for (status, name) in shared where responses[status] == nil {
                    responses[status] = ["$ref": "#/components/responses/" + name]
                }
                operation["responses"] = responses
                operations[method] = operation
            }
            paths[path] = operations
        }
        var document = document
        document["paths"] = paths
        return document
    }

    private static func merge(_ base: [String: Any], _ addition: [String: Any], at path: String) throws -> [String: Any] {
        var merged = base
        for (key, value) in addition {
            let here = path + "/" + key
            guard let existing = merged[key] else {
                merged[key] = value
                continue
            }
            guard let existingObject = existing as? [String: Any], let valueObject = value as? [String: Any] else {
                throw BuildError.conflict(here)
            }
            merged[key] = try merge(existingObject, valueObject, at: here)
        }
        return merged
    }

    /// The document as served: built once, keys sorted so the bytes are stable.
    static let data: Data = {
        do {
            return try JSONSerialization.data(withJSONObject: try build(), options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            // `OpenAPIDocumentTests` builds the document: a broken part never reaches a release.
            preconditionFailure("\(error)")
        }
    }()

    static let base = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "wxopen internal API",
        "version": "set when served",
        "summary": "Tokens, accounts and tools of a WeChat Open Platform third-party platform, for the company's own services.",
        "description": "The central token server WeChat recommends: services never refresh WeChat tokens themselves, they ask wxopen, which refreshes each token once, ahead of expiry. Every call needs `Authorization: Bearer KEY` (keys come from `wxopen apikey new`). Errors always have one shape, `{\"error\": {\"code\", \"message\", \"wechat_errcode\"?}}`. Messages never repeat what the request sent, except an appid of WeChat's shape. After WeChat answers 40001 (invalid credential) for a token you got here, ask for a new one with `POST …/access-token/refresh {\"invalid_token\": \"<that token>\"}`: it is refreshed only if it is still the current one, so a crowd of callers causes one refresh."
      },
      "security": [{"bearer": []}],
      "tags": [
        {"name": "tokens", "description": "Access tokens of authorized accounts and of the platform."},
        {"name": "accounts", "description": "Authorized accounts, their options, and the sync with WeChat's list."},
        {"name": "js-sdk", "description": "wx.config signatures and tickets for official accounts' pages."},
        {"name": "quota", "description": "API quotas, rid look-ups and quota resets."},
        {"name": "mini-programs", "description": "Mini program login and data decryption on the program's behalf."},
        {"name": "releases", "description": "Mini program code: the template library, and rollouts of a template to many mini programs."},
        {"name": "web-login", "description": "Web login for the company's apps on behalf of official accounts."},
        {"name": "operations", "description": "Health, readiness, metrics and this document."}
      ],
      "components": {
        "securitySchemes": {
          "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from `wxopen apikey new NAME` (the configuration keeps only its SHA-256). Send exactly one `Authorization` field with one key."
          }
        },
        "parameters": {
          "AppID": {
            "name": "appid", "in": "path", "required": true,
            "description": "The authorized account's appid.",
            "schema": {"type": "string", "minLength": 1},
            "example": "wx8f3c2a1b5d6e7f90"
          },
          "MiniProgramAppID": {
            "name": "appid", "in": "path", "required": true,
            "description": "The authorized mini program's appid.",
            "schema": {"type": "string", "minLength": 1},
            "example": "wx9b3d5f7a2c4e6b18"
          }
        }
      }
    }
    """#
}
