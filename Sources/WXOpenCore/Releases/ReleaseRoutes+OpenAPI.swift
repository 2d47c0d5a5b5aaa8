// The OpenAPI description of `ReleaseRoutes` (see `OpenAPIDocument`).
extension ReleaseRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/mini-program/templates": {
          "get": {
            "tags": ["releases"], "operationId": "listCodeTemplates", "summary": "The platform's code template library (wxa/gettemplatelist)",
            "parameters": [{"name": "template_type", "in": "query", "description": "`0` ordinary, `1` standard; absent: both.",
                            "schema": {"type": "string", "enum": ["0", "1"]}}],
            "responses": {
              "200": {"description": "The templates.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["templates"], "additionalProperties": false,
                "properties": {"templates": {"type": "array", "items": {"$ref": "#/components/schemas/CodeTemplate"}}}}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "post": {
            "tags": ["releases"], "operationId": "addCodeTemplate", "summary": "Adds a draft to the template library (wxa/addtotemplate)",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["draft_id"], "additionalProperties": false,
                         "properties": {"draft_id": {"type": "integer", "minimum": 0, "maximum": 999999999999, "description": "From `GET /api/v1/mini-program/templates/drafts`."},
                                        "template_type": {"type": "integer", "enum": [0, 1], "description": "`0` ordinary (default), `1` standard."}}},
              "example": {"draft_id": 3, "template_type": 0}
            }}},
            "responses": {
              "201": {"description": "Added.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["draft_id", "template_type"], "additionalProperties": false,
                "properties": {"draft_id": {"type": "integer"}, "template_type": {"type": "integer"}}}}}},
              "404": {"description": "`draft_not_found`: WeChat has no such draft (85064).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/mini-program/templates/drafts": {
          "get": {
            "tags": ["releases"], "operationId": "listCodeDrafts", "summary": "The draft box: code uploaded with the developer tools (wxa/gettemplatedraftlist)",
            "responses": {
              "200": {"description": "The drafts.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["drafts"], "additionalProperties": false,
                "properties": {"drafts": {"type": "array", "items": {
                  "type": "object", "required": ["draft_id", "user_version", "user_desc", "created_at"], "additionalProperties": false,
                  "properties": {"draft_id": {"type": "integer"}, "user_version": {"type": "string"}, "user_desc": {"type": "string"},
                                 "created_at": {"$ref": "#/components/schemas/Timestamp"}}}}}}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/mini-program/templates/{id}": {
          "parameters": [{"name": "id", "in": "path", "required": true, "description": "The template's `template_id`.",
                          "schema": {"type": "string", "pattern": "^[0-9]+$"}}],
          "delete": {
            "tags": ["releases"], "operationId": "deleteCodeTemplate", "summary": "Removes a template from the library (wxa/deletetemplate)",
            "responses": {
              "200": {"description": "Removed.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["template_id", "deleted"], "additionalProperties": false,
                "properties": {"template_id": {"type": "integer"}, "deleted": {"type": "integer", "enum": [1]}}}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/mini-program/releases": {
          "post": {
            "tags": ["releases"], "operationId": "startRollout",
            "summary": "Commits a template to many mini programs, submits each for review and releases it",
            "description": "In every string of `ext_json`, `{{authorizer_appid}}`, `{{ref}}` and `{{nick_name}}` are replaced per account; `extAppid` must come out as the account's appid (added as `{{authorizer_appid}}` when left out). Only mini programs take code: `\"all\"` leaves official accounts out (and counts them), a list naming one that cannot be released to is refused whole (422 `accounts_refused`).",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["template_id", "user_version", "ext_json", "authorizers"], "additionalProperties": false,
                         "properties": {
                           "template_id": {"type": "integer", "minimum": 0, "maximum": 999999999999},
                           "user_version": {"type": "string", "minLength": 1, "maxLength": 64},
                           "user_desc": {"type": "string", "maxLength": 1024},
                           "ext_json": {"type": "object", "description": "The object ext.json holds, placeholders unreplaced; at most 64 KB."},
                           "authorizers": {"oneOf": [{"type": "string", "enum": ["all"]},
                                                     {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"type": "string", "pattern": "^wx[0-9a-f]{16}$"}}]},
                           "auto_release": {"type": "boolean", "description": "Release each account once approved (default false: wait for `…/release`)."},
                           "domains": {"type": "object", "additionalProperties": false,
                                       "properties": {"requestdomain": {"$ref": "#/components/schemas/DomainList"}, "wsrequestdomain": {"$ref": "#/components/schemas/DomainList"},
                                                      "uploaddomain": {"$ref": "#/components/schemas/DomainList"}, "downloaddomain": {"$ref": "#/components/schemas/DomainList"},
                                                      "udpdomain": {"$ref": "#/components/schemas/DomainList"}, "tcpdomain": {"$ref": "#/components/schemas/DomainList"}},
                                       "description": "Server domains to set before the commit (wxa/modify_domain `set`), lists by kind: `requestdomain`, `wsrequestdomain`, `uploaddomain`, `downloaddomain`, `udpdomain`, `tcpdomain`."},
                           "webview_domains": {"type": "array", "items": {"$ref": "#/components/schemas/Domain"}, "description": "Web-view domains to set before the commit (wxa/setwebviewdomain)."},
                           "audit": {"type": "object", "description": "wxa/submit_audit's members (`item_list`, `version_desc`, `privacy_api_not_use`, …), sent as given."}
                         }},
              "example": {"template_id": 12, "user_version": "2.4.0", "user_desc": "spring menu",
                          "ext_json": {"extAppid": "{{authorizer_appid}}", "ext": {"merchant": "{{ref}}"}}, "authorizers": "all", "auto_release": true}
            }}},
            "responses": {
              "202": {"description": "Stored; the runner takes it from here.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["id", "state", "accounts", "skipped_official_accounts", "skipped_unknown_kind"], "additionalProperties": false,
                "properties": {"id": {"type": "string"}, "state": {"type": "string", "enum": ["running"]}, "accounts": {"type": "integer"},
                               "skipped_official_accounts": {"type": "integer"}, "skipped_unknown_kind": {"type": "integer"}}},
                "example": {"id": "rel_019b7a1c2e00a1b2c3d4", "state": "running", "accounts": 1200, "skipped_official_accounts": 35, "skipped_unknown_kind": 0}}}},
              "422": {"description": "`template_not_found` (not in the library), `accounts_refused` (each account named with why), `no_mini_programs`.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "get": {
            "tags": ["releases"], "operationId": "listRollouts", "summary": "The rollouts, newest first",
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}],
            "responses": {
              "200": {"description": "Their summaries.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["releases"], "additionalProperties": false,
                "properties": {"releases": {"type": "array", "items": {"$ref": "#/components/schemas/RolloutSummary"}}}}}}}
            }
          }
        },
        "/api/v1/mini-program/releases/{id}": {
          "parameters": [{"$ref": "#/components/parameters/RolloutID"}],
          "get": {
            "tags": ["releases"], "operationId": "getRollout", "summary": "One rollout: its summary, ext_json and every account",
            "responses": {
              "200": {"description": "The rollout.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RolloutDetail"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/mini-program/releases/{id}/pause": {
          "parameters": [{"$ref": "#/components/parameters/RolloutID"}],
          "post": {
            "tags": ["releases"], "operationId": "pauseRollout", "summary": "Sends nothing new to WeChat; reviews under way are still followed",
            "responses": {
              "200": {"description": "Paused.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RolloutSummary"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/mini-program/releases/{id}/resume": {
          "parameters": [{"$ref": "#/components/parameters/RolloutID"}],
          "post": {
            "tags": ["releases"], "operationId": "resumeRollout", "summary": "Goes on with a paused rollout",
            "responses": {
              "200": {"description": "Running.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RolloutSummary"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/mini-program/releases/{id}/release": {
          "parameters": [{"$ref": "#/components/parameters/RolloutID"}],
          "post": {
            "tags": ["releases"], "operationId": "releaseApproved", "summary": "Releases the approved accounts now (for `auto_release: false`)",
            "responses": {
              "200": {"description": "How many are now to be released.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["id", "releasing"], "additionalProperties": false,
                "properties": {"id": {"type": "string"}, "releasing": {"type": "integer"}}}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/mini-program/releases/{id}/accounts/{appid}/retry": {
          "parameters": [{"$ref": "#/components/parameters/RolloutID"},
                         {"name": "appid", "in": "path", "required": true, "description": "A mini program of the rollout.", "schema": {"type": "string"}}],
          "post": {
            "tags": ["releases"], "operationId": "retryRolloutAccount",
            "summary": "A failed account goes back to the step that failed; a rejected one starts again with a new commit",
            "responses": {
              "200": {"description": "The account.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RolloutAccount"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"description": "`not_failed`: only `audit_failed` and `failed` accounts are retried.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
      },
      "components": {
        "parameters": {
          "RolloutID": {"name": "id", "in": "path", "required": true, "description": "The rollout's id (`rel_…`).", "schema": {"type": "string"}}
        },
        "schemas": {
          "Domain": {"type": "string", "minLength": 1, "maxLength": 256, "description": "A domain as WeChat takes it (`https://shop.example.com`)."},
          "DomainList": {"type": "array", "items": {"$ref": "#/components/schemas/Domain"}},
          "CodeTemplate": {
            "type": "object", "required": ["template_id", "user_version", "user_desc", "template_type", "created_at"], "additionalProperties": false,
            "properties": {"template_id": {"type": "integer"}, "draft_id": {"type": "integer"}, "user_version": {"type": "string"},
                           "user_desc": {"type": "string"}, "template_type": {"type": "integer", "enum": [0, 1]},
                           "created_at": {"$ref": "#/components/schemas/Timestamp"}},
            "example": {"template_id": 12, "draft_id": 3, "user_version": "2.4.0", "user_desc": "spring menu", "template_type": 0, "created_at": "2026-01-01T10:00:00Z"}
          },
          "RolloutCounts": {
            "type": "object", "additionalProperties": false,
            "required": ["pending", "committed", "auditing", "audit_delayed", "approved", "audit_failed", "released", "failed"],
            "properties": {"pending": {"type": "integer"}, "committed": {"type": "integer"}, "auditing": {"type": "integer"},
                           "audit_delayed": {"type": "integer"}, "approved": {"type": "integer"}, "audit_failed": {"type": "integer"},
                           "released": {"type": "integer"}, "failed": {"type": "integer"}}
          },
          "RolloutSummary": {
            "type": "object", "additionalProperties": false,
            "required": [\#(summaryRequired)],
            "properties": {
              \#(summaryProperties)
            }
          },
          "RolloutAccount": {
            "type": "object", "additionalProperties": false,
            "required": ["authorizer_appid", "state", "auditid", "reason", "screenshots", "error", "updated_at"],
            "properties": {
              "authorizer_appid": {"type": "string"},
              "state": {"type": "string", "enum": ["pending", "committed", "auditing", "audit_delayed", "approved", "audit_failed", "released", "failed"]},
              "auditid": {"type": ["integer", "null"], "description": "null until submitted."},
              "reason": {"type": ["string", "null"], "description": "WeChat's rejection or delay reason; may hold markup: escape it."},
              "screenshots": {"type": "array", "items": {"type": "string"}, "description": "Media ids of the rejection's screenshots."},
              "error": {"type": ["string", "null"], "description": "Why a step failed."},
              "wechat_errcode": {"type": "integer"},
              "updated_at": {"$ref": "#/components/schemas/Timestamp"}
            }
          },
          "RolloutDetail": {
            "type": "object", "additionalProperties": false,
            "required": [\#(summaryRequired), "ext_json", "accounts"],
            "properties": {
              \#(summaryProperties),
              "ext_json": {"type": ["object", "null"], "description": "As the request gave it, placeholders unreplaced."},
              "accounts": {"type": "array", "items": {"$ref": "#/components/schemas/RolloutAccount"}}
            }
          }
        }
      }
    }
    """#

    /// A rollout's summary members, shared by `RolloutSummary` and `RolloutDetail` (the schema
    /// subset the tests check has no `allOf`).
    private static let summaryRequired = #""id", "state", "template_id", "user_version", "user_desc", "auto_release", "total", "counts", "skipped_official_accounts", "created_by", "created_at", "updated_at""#
    private static let summaryProperties = #"""
    "id": {"type": "string"},
                  "state": {"type": "string", "enum": ["running", "paused", "finished"]},
                  "template_id": {"type": "integer"}, "user_version": {"type": "string"}, "user_desc": {"type": "string"},
                  "auto_release": {"type": "boolean"}, "total": {"type": "integer"},
                  "counts": {"$ref": "#/components/schemas/RolloutCounts"},
                  "skipped_official_accounts": {"type": "integer"},
                  "pause_reason": {"type": "string", "description": "Who paused it, or WeChat's answer (85085: the review quota is used up)."},
                  "created_by": {"type": "string"},
                  "created_at": {"$ref": "#/components/schemas/Timestamp"},
                  "updated_at": {"$ref": "#/components/schemas/Timestamp"},
                  "finished_at": {"$ref": "#/components/schemas/Timestamp"}
    """#
}
