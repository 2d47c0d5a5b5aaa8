// The OpenAPI description of the web-login API (`WebLoginRoutes`, `WebLoginUserRoutes`; see
// `OpenAPIDocument`). The browser's side, `/weblogin/{appid}/start` and `/callback`, is pages, not API.
extension WebLoginRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/web-login/redeem": {
          "post": {
            "tags": ["web-login"], "operationId": "redeemWebLoginTicket",
            "summary": "Who logged in: redeems the `wxopen_ticket` the browser brought back",
            "description": "A ticket works once, for 5 minutes. The user's WeChat tokens never leave wxopen.",
            "requestBody": {"required": true, "content": {"application/json": {
              "schema": {"type": "object", "required": ["ticket"], "properties": {"ticket": {"type": "string", "minLength": 1}}},
              "example": {"ticket": "Jq2yX0uKc3lWm9V1b7dT4nRr"}
            }}},
            "responses": {
              "200": {"description": "The identity.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebLoginIdentity"}}}},
              "404": {"description": "`ticket_not_found`, or `web_login_disabled` (no `webLogin.returnURLPrefixes` configured).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
                        "example": {"error": {"code": "ticket_not_found", "message": "no such ticket"}}}}},
              "410": {"description": "`ticket_expired` or `ticket_used`.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
                        "example": {"error": {"code": "ticket_used", "message": "the ticket was already redeemed (a ticket works once)"}}}}}
            }
          }
        },
        "/api/v1/web-login/users/{openid}": {
          "parameters": [
            {"name": "openid", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}, "example": "oX1a2B3c4D5e6F7g8H9i0J"},
            {"name": "authorizer_appid", "in": "query", "required": true, "description": "The official account the user logged in to.",
             "schema": {"type": "string", "minLength": 1}, "example": "wx8f3c2a1b5d6e7f90"}
          ],
          "get": {
            "tags": ["web-login"], "operationId": "getWebLoginUser",
            "summary": "A kept user's current profile (with `webLogin.keepUserTokens`)",
            "description": "Refreshes the user's token first when it expired or WeChat rejects it (once, one call per user). With `check=1`: whether the user's token is still valid (`sns/auth`) instead.",
            "parameters": [{"name": "check", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}],
            "responses": {
              "200": {"description": "The profile, or with `check=1` the validity.", "content": {"application/json": {
                "schema": {"anyOf": [{"$ref": "#/components/schemas/WebLoginIdentity"}, {"$ref": "#/components/schemas/WebLoginUserCheck"}]}}}},
              "404": {"description": "`user_not_found` (never logged in, or logged in before tokens were kept), or `user_tokens_not_kept`.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "409": {"description": "`no_userinfo_scope`: the user logged in with snsapi_base, which has no profile.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "410": {"description": "`login_required`: the user's refresh token expired (30 days) or was refused; send them through web login again.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          },
          "delete": {
            "tags": ["web-login"], "operationId": "forgetWebLoginUser", "summary": "Forgets a user's kept tokens",
            "responses": {
              "200": {"description": "Forgotten.", "content": {"application/json": {"schema": {"type": "object",
                "required": ["authorizer_appid", "openid", "forgotten"], "additionalProperties": false,
                "properties": {"authorizer_appid": {"type": "string"}, "openid": {"type": "string"}, "forgotten": {"type": "boolean"}}}}}},
              "404": {"description": "`user_not_found` or `user_tokens_not_kept`.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
      },
      "components": {
        "schemas": {
          "WebLoginUserCheck": {"type": "object", "required": ["authorizer_appid", "openid", "valid"], "additionalProperties": false,
            "properties": {"authorizer_appid": {"type": "string"}, "openid": {"type": "string"}, "valid": {"type": "boolean"}}}
        }
      }
    }
    """#
}
