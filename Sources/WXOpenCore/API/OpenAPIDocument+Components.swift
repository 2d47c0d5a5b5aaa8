// The schemas and responses several routes share: the one error shape, tokens, accounts.
extension OpenAPIDocument {
    static let schemas = #"""
    {
      "components": {
        "schemas": {
          "Error": {
            "type": "object",
            "description": "The one error shape of the API.",
            "required": ["error"],
            "additionalProperties": false,
            "properties": {
              "error": {
                "type": "object",
                "required": ["code", "message"],
                "additionalProperties": false,
                "properties": {
                  "code": {"type": "string", "description": "Stable, for programs: `not_found`, `bad_request`, `unauthorized`, `wechat_error`, …"},
                  "message": {"type": "string", "description": "For people; never holds a secret."},
                  "wechat_errcode": {"type": "integer", "description": "WeChat's errcode, when WeChat refused."}
                }
              }
            },
            "example": {"error": {"code": "not_found", "message": "wx8f3c2a1b5d6e7f90 has not authorized this platform"}}
          },
          "Timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339, UTC.",
            "example": "2026-01-01T10:00:00Z"
          },
          "AuthorizerToken": {
            "type": "object",
            "required": ["authorizer_appid", "access_token", "expires_at", "expires_in"],
            "additionalProperties": false,
            "properties": {
              "authorizer_appid": {"type": "string"},
              "access_token": {"type": "string"},
              "expires_at": {"$ref": "#/components/schemas/Timestamp"},
              "expires_in": {"type": "integer", "description": "Seconds left; at least the refresh margin (15 minutes by default)."}
            },
            "example": {"authorizer_appid": "wx8f3c2a1b5d6e7f90", "access_token": "82_Yl3mFQ…", "expires_at": "2026-01-01T12:00:00Z", "expires_in": 7080}
          },
          "ComponentToken": {
            "type": "object",
            "required": ["component_appid", "access_token", "expires_at", "expires_in"],
            "additionalProperties": false,
            "properties": {
              "component_appid": {"type": "string"},
              "access_token": {"type": "string"},
              "expires_at": {"$ref": "#/components/schemas/Timestamp"},
              "expires_in": {"type": "integer"}
            },
            "example": {"component_appid": "wx3f5c1a2b9d8e7f60", "access_token": "82_cmpT0k…", "expires_at": "2026-01-01T12:00:00Z", "expires_in": 7080}
          },
          "RefreshRequest": {
            "type": "object",
            "description": "Exactly one of the two. `invalid_token`: WeChat answered 40001 for this token; it is refreshed only if it is still the current one, otherwise the current one is returned (this is what stops refresh storms). `force`: refresh now whatever the current token is, at most once a minute per account (429 otherwise).",
            "properties": {
              "invalid_token": {"type": "string", "minLength": 1},
              "force": {"type": "boolean", "enum": [true]}
            },
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false,
            "example": {"invalid_token": "82_Yl3mFQ…"}
          },
          "Authorizer": {
            "type": "object",
            "description": "An authorized account, without its secrets. Fields WeChat did not provide are absent.",
            "required": ["authorizer_appid", "status", "type", "verified", "func_info", "permissions", "updated_at", "has_refresh_token"],
            "additionalProperties": false,
            "properties": {
              "authorizer_appid": {"type": "string"},
              "status": {"type": "string", "enum": ["authorized", "revoked", "needs-reauthorization"]},
              "status_reason": {"type": "string"},
              "type": {"type": "string", "enum": ["official_account", "mini_program", "unknown"]},
              "nick_name": {"type": "string"},
              "head_img": {"type": "string"},
              "user_name": {"type": "string"},
              "alias": {"type": "string"},
              "principal_name": {"type": "string"},
              "signature": {"type": "string"},
              "qrcode_url": {"type": "string"},
              "service_type": {"type": "integer"},
              "verify_type": {"type": "integer"},
              "verified": {"type": "boolean"},
              "func_info": {"type": "array", "items": {"type": "integer"}, "description": "The permission sets (权限集) granted."},
              "permissions": {"type": "array", "items": {"type": "string"}, "description": "Their names."},
              "ref": {"type": "string", "description": "The platform's own reference, from the authorize link's `ref`."},
              "authorized_at": {"$ref": "#/components/schemas/Timestamp"},
              "updated_at": {"$ref": "#/components/schemas/Timestamp"},
              "revoked_at": {"$ref": "#/components/schemas/Timestamp"},
              "access_token_expires_at": {"$ref": "#/components/schemas/Timestamp"},
              "has_refresh_token": {"type": "boolean"},
              "last_refresh_at": {"$ref": "#/components/schemas/Timestamp"},
              "last_refresh_error": {"type": "string"}
            },
            "example": {
              "authorizer_appid": "wx8f3c2a1b5d6e7f90", "status": "authorized", "type": "official_account", "nick_name": "星河咖啡",
              "user_name": "gh_5a1c7e9d2b34", "principal_name": "上海星河餐饮管理有限公司", "service_type": 2, "verify_type": 0, "verified": true,
              "func_info": [1, 4], "permissions": ["message management", "web service"], "ref": "crm-1042",
              "authorized_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z", "access_token_expires_at": "2026-01-01T11:00:00Z",
              "has_refresh_token": true, "last_refresh_at": "2026-01-01T09:00:00Z"
            }
          },
          "WebLoginIdentity": {
            "type": "object",
            "required": ["authorizer_appid", "openid", "scope"],
            "additionalProperties": false,
            "properties": {
              "authorizer_appid": {"type": "string"},
              "openid": {"type": "string"},
              "unionid": {"type": "string", "description": "When WeChat returned one."},
              "scope": {"type": "string", "enum": ["snsapi_base", "snsapi_userinfo"]},
              "user": {
                "type": "object",
                "description": "The profile, for snsapi_userinfo.",
                "required": ["nickname", "sex", "province", "city", "country", "headimgurl", "privilege"],
                "additionalProperties": false,
                "properties": {
                  "nickname": {"type": "string"},
                  "sex": {"type": "integer", "description": "1 male, 2 female, 0 unknown (WeChat sends 0 since 2021)."},
                  "province": {"type": "string"},
                  "city": {"type": "string"},
                  "country": {"type": "string"},
                  "headimgurl": {"type": "string"},
                  "privilege": {"type": "array", "items": {"type": "string"}},
                  "unionid": {"type": "string"}
                }
              }
            },
            "example": {
              "authorizer_appid": "wx8f3c2a1b5d6e7f90", "openid": "oX1a2B3c4D5e6F7g8H9i0J", "scope": "snsapi_userinfo",
              "user": {"nickname": "张三", "sex": 0, "province": "", "city": "", "country": "", "headimgurl": "https://thirdwx.qlogo.cn/…", "privilege": []}
            }
          }
        }
      }
    }
    """#

    /// The error answers, each in the one error shape.
    static let responses = #"""
    {
      "components": {
        "responses": {
          "BodyTooLarge": {
            "description": "The body is larger than the endpoint takes (a few KB; 64 KB for mini program data); refused before it is read.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "body_too_large", "message": "the body is larger than this endpoint takes"}}}}
          },
          "BadRequest": {
            "description": "The request is malformed or misses something; the message says what to send. Also `ambiguous_authorization` for two credentials.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "bad_request", "message": "limit must be between 1 and 500"}}}}
          },
          "Unauthorized": {
            "description": "No key, an unknown key, or an expired one.",
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "example": "Bearer realm=\"wxopen\""}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "unauthorized", "message": "send Authorization: Bearer KEY"}}}}
          },
          "NotFound": {
            "description": "No such account (`not_found`), or nothing of that name here.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "not_found", "message": "wx8f3c2a1b5d6e7f90 has not authorized this platform"}}}}
          },
          "Conflict": {
            "description": "The account cannot serve this now: `authorizer_revoked`, `needs_reauthorization` (no refresh token, or WeChat refused it), or the wrong kind of account (`not_official_account`, `not_mini_program`).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "authorizer_revoked", "message": "wx8f3c2a1b5d6e7f90 is revoked"}}}}
          },
          "Gone": {
            "description": "It existed, and is no longer usable.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "ticket_used", "message": "the ticket was already redeemed (a ticket works once)"}}}}
          },
          "TooManyRequests": {
            "description": "A forced refresh was done less than a minute ago for this account.",
            "headers": {"Retry-After": {"required": true, "schema": {"type": "string"}, "description": "Seconds.", "example": "42"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "rate_limited", "message": "a forced refresh was done less than 60 s ago; retry after 42 s"}}}}
          },
          "BadGateway": {
            "description": "WeChat refused (`wechat_errcode` says how) or could not be reached.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "wechat_error", "message": "WeChat api_authorizer_token failed: 61004 …", "wechat_errcode": 61004}}}}
          },
          "ServiceUnavailable": {
            "description": "No `component_verify_ticket` yet (`waiting_for_ticket`): WeChat pushes one every 10 minutes. Or the store (a PostgreSQL database) cannot be reached and the answer needs it (`store_unavailable`, with `Retry-After`): retry in a few seconds.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
              "example": {"error": {"code": "waiting_for_ticket", "message": "waiting for component_verify_ticket for wx3f5c1a2b9d8e7f60"}}}}
          }
        }
      }
    }
    """#
}
