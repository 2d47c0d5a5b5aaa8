// The OpenAPI description of `MiniProgramRoutes` (see `OpenAPIDocument`).
extension MiniProgramRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/authorizers/{appid}/mini-program/sessions": {
          "parameters": [{"$ref": "#/components/parameters/MiniProgramAppID"}],
          "post": {
            "tags": ["mini-programs"], "operationId": "startMiniProgramSession",
            "summary": "Logs a user in on the mini program's behalf (jscode2session)",
            "description": "The `session_key` stays in wxopen, sealed with the session (3 days by default); each login starts a new session.",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["js_code"], "properties": {"js_code": {"type": "string", "minLength": 1, "description": "From `wx.login`."}}},
              "example": {"js_code": "0a3Xk1Ga1uSjXF0Jx9Ia1lWm1r3Xk1Gp"}
            }}},
            "responses": {
              "201": {"description": "The session.", "content": {"application/json": {
                "schema": {"type": "object", "required": ["openid", "session", "expires_at"], "additionalProperties": false,
                           "properties": {"openid": {"type": "string"}, "unionid": {"type": "string"}, "session": {"type": "string"},
                                          "expires_at": {"$ref": "#/components/schemas/Timestamp"}}},
                "example": {"openid": "oMp1a2B3c4D5e6F7g8H9i0J", "session": "m3Jc0T1…", "expires_at": "2026-01-04T10:00:00Z"}
              }}},
              "400": {"description": "A malformed body (`bad_request`), or a bad or used code (`code_invalid`, with `wechat_errcode` 40029 or 40163).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
                        "example": {"error": {"code": "code_invalid", "message": "the js_code is invalid or was already used", "wechat_errcode": 40029}}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/mini-program/decrypt": {
          "parameters": [{"$ref": "#/components/parameters/MiniProgramAppID"}],
          "post": {
            "tags": ["mini-programs"], "operationId": "decryptMiniProgramData",
            "summary": "Opens the encrypted data a mini program got for the session's user",
            "description": "`wx.getUserInfo`, `getPhoneNumber`, … The data is returned once its `watermark.appid` is this mini program.",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["session", "encrypted_data", "iv"],
                         "properties": {"session": {"type": "string", "minLength": 1}, "encrypted_data": {"type": "string", "minLength": 1},
                                        "iv": {"type": "string", "minLength": 1}}},
              "example": {"session": "m3Jc0T1…", "encrypted_data": "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM…", "iv": "r7BXXKkLb8qrSNn05n0qiA=="}
            }}},
            "responses": {
              "200": {"description": "The decrypted JSON, as WeChat sealed it.", "content": {"application/json": {
                "schema": {"type": "object"},
                "example": {"phoneNumber": "13580006666", "purePhoneNumber": "13580006666", "countryCode": "86",
                            "watermark": {"appid": "wx9b3d5f7a2c4e6b18", "timestamp": 1767261600}}
              }}},
              "404": {"description": "An unknown or expired session, or another account's (`session_not_found`).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "422": {"description": "`undecryptable`: it does not open with the session's key; `watermark_mismatch`: it is another mini program's.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
      }
    }
    """#
}
