// The OpenAPI description of `InternalAPIRoutes` (see `OpenAPIDocument`).
extension InternalAPIRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/authorizers": {
          "get": {
            "tags": ["accounts"], "operationId": "listAuthorizers",
            "summary": "Authorized accounts, a page at a time, without secrets",
            "parameters": [
              {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["authorized", "revoked", "needs-reauthorization"]}},
              {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["official_account", "mini_program"]}},
              {"name": "q", "in": "query", "description": "Search in appid, names and ref.", "schema": {"type": "string"}, "example": "咖啡"},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
              {"name": "cursor", "in": "query", "description": "`next_cursor` of the previous page.", "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {
                "description": "One page, in appid order.",
                "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/AuthorizerPage"},
                  "example": {"authorizers": [], "next_cursor": null, "total": 0}
                }}
              }
            }
          }
        },
        "/api/v1/authorizers/{appid}": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "get": {
            "tags": ["accounts"], "operationId": "getAuthorizer", "summary": "One account, without secrets",
            "responses": {
              "200": {"description": "The account.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Authorizer"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/access-token": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "get": {
            "tags": ["tokens"], "operationId": "getAuthorizerAccessToken",
            "summary": "The account's access token, with at least the refresh margin left",
            "description": "Refreshed once, ahead of expiry, however many callers ask. After WeChat answers 40001 for it, call `POST …/access-token/refresh` with `{\"invalid_token\": …}`.",
            "responses": {
              "200": {"description": "The token.", "headers": {"Cache-Control": {"schema": {"type": "string", "enum": ["no-store"]}}},
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerToken"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/access-token/refresh": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "post": {
            "tags": ["tokens"], "operationId": "refreshAuthorizerAccessToken",
            "summary": "A new token after WeChat rejected one (or a forced refresh)",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefreshRequest"}}}},
            "responses": {
              "200": {"description": "The current token: new if the rejected one was still current.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerToken"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/component/access-token": {
          "get": {
            "tags": ["tokens"], "operationId": "getComponentAccessToken", "summary": "The platform's component_access_token",
            "responses": {
              "200": {"description": "The token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentToken"}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/component/access-token/refresh": {
          "post": {
            "tags": ["tokens"], "operationId": "refreshComponentAccessToken", "summary": "A new component token, by the same rules",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefreshRequest"}}}},
            "responses": {
              "200": {"description": "The current token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentToken"}}}},
              "429": {"$ref": "#/components/responses/TooManyRequests"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/options/{name}": {
          "parameters": [
            {"$ref": "#/components/parameters/AppID"},
            {"name": "name", "in": "path", "required": true, "schema": {"type": "string", "enum": ["location_report", "voice_recognize", "customer_service"]}}
          ],
          "get": {
            "tags": ["accounts"], "operationId": "getAuthorizerOption", "summary": "An account option, as WeChat holds it",
            "responses": {
              "200": {"description": "The value.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerOption"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "put": {
            "tags": ["accounts"], "operationId": "setAuthorizerOption", "summary": "Sets an account option",
            "description": "`location_report` takes 0, 1 or 2; the others 0 or 1.",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["option_value"],
                         "properties": {"option_value": {"type": ["string", "integer"], "enum": ["0", "1", "2", 0, 1, 2]}}},
              "example": {"option_value": "1"}
            }}},
            "responses": {
              "200": {"description": "The value now set.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerOption"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/sync": {
          "get": {
            "tags": ["accounts"], "operationId": "getSyncStatus", "summary": "The authorizer-list sync's progress",
            "responses": {
              "200": {"description": "The current (or last) run.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncStatus"}}}}
            }
          }
        },
        "/api/v1/authorizers/sync": {
          "post": {
            "tags": ["accounts"], "operationId": "startSync",
            "summary": "Reconciles the store with WeChat's authorizer list (or joins the running run)",
            "parameters": [{"name": "stream", "in": "query", "description": "`1`: NDJSON progress, a line every half second until the run ends; `0` (or absent): answer at once.",
                            "schema": {"type": "string", "enum": ["0", "1"]}}],
            "responses": {
              "202": {"description": "Started (or already running).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncStatus"}}}},
              "200": {"description": "With `stream=1`: one `SyncStatus` per line.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}
            }
          }
        }
      },
      "components": {
        "schemas": {
          "AuthorizerPage": {
            "type": "object",
            "required": ["authorizers", "next_cursor", "total"],
            "additionalProperties": false,
            "properties": {
              "authorizers": {"type": "array", "items": {"$ref": "#/components/schemas/Authorizer"}},
              "next_cursor": {"type": ["string", "null"], "description": "null on the last page."},
              "total": {"type": "integer", "description": "Accounts matching the filters, on every page."}
            }
          },
          "AuthorizerOption": {
            "type": "object",
            "required": ["authorizer_appid", "option_name", "option_value"],
            "additionalProperties": false,
            "properties": {
              "authorizer_appid": {"type": "string"},
              "option_name": {"type": "string", "enum": ["location_report", "voice_recognize", "customer_service"]},
              "option_value": {"type": "string"}
            },
            "example": {"authorizer_appid": "wx8f3c2a1b5d6e7f90", "option_name": "voice_recognize", "option_value": "1"}
          },
          "SyncStatus": {
            "type": "object",
            "required": ["state", "done", "total", "added", "recovered", "flagged", "failed"],
            "additionalProperties": false,
            "properties": {
              "state": {"type": "string", "enum": ["idle", "running", "done", "failed"]},
              "started_at": {"$ref": "#/components/schemas/Timestamp"},
              "finished_at": {"$ref": "#/components/schemas/Timestamp"},
              "done": {"type": "integer"},
              "total": {"type": "integer"},
              "added": {"type": "integer"},
              "recovered": {"type": "integer"},
              "flagged": {"type": "integer"},
              "failed": {"type": "integer"},
              "error": {"type": "string"}
            },
            "example": {"state": "done", "started_at": "2026-01-01T10:00:00Z", "finished_at": "2026-01-01T10:00:04Z",
                        "done": 31, "total": 31, "added": 30, "recovered": 0, "flagged": 0, "failed": 0}
          }
        }
      }
    }
    """#
}
