// The OpenAPI description of `JSSDKRoutes` (see `OpenAPIDocument`).
extension JSSDKRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/authorizers/{appid}/jsapi-config": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "get": {
            "tags": ["js-sdk"], "operationId": "getJSAPIConfig", "summary": "The fields of `wx.config` for one page",
            "description": "Official accounts only. The part of the URL from `#` on is not signed (WeChat's rule).",
            "parameters": [{"name": "url", "in": "query", "required": true,
                            "description": "The page's full http or https URL as `location.href` has it: printable ASCII (anything else percent-encoded), at most 2048 bytes.",
                            "schema": {"type": "string", "format": "uri", "minLength": 1, "maxLength": 2048, "pattern": "^[!-~]+$"},
                            "example": "https://app.example.com/menu?table=4"}],
            "responses": {
              "200": {"description": "Pass these to `wx.config` with your `jsApiList`.", "content": {"application/json": {
                "schema": {"type": "object", "required": ["appId", "timestamp", "nonceStr", "signature"], "additionalProperties": false,
                           "properties": {"appId": {"type": "string"}, "timestamp": {"type": "integer"}, "nonceStr": {"type": "string"},
                                          "signature": {"type": "string", "description": "SHA-1, lowercase hex."}}},
                "example": {"appId": "wx8f3c2a1b5d6e7f90", "timestamp": 1767261600, "nonceStr": "Wm3WZYTPz0wzccnW", "signature": "0f9de62fce790f9a083d5c99e95740ceb90c27ed"}
              }}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/jsapi-ticket": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "get": {
            "tags": ["js-sdk"], "operationId": "getJSAPITicket", "summary": "The jsapi_ticket (or the card API's ticket) itself",
            "parameters": [{"name": "type", "in": "query", "schema": {"type": "string", "enum": ["jsapi", "wx_card"], "default": "jsapi"}}],
            "responses": {
              "200": {"description": "The ticket, with at least the refresh margin left.", "content": {"application/json": {
                "schema": {"type": "object", "required": ["authorizer_appid", "type", "ticket", "expires_at", "expires_in"], "additionalProperties": false,
                           "properties": {"authorizer_appid": {"type": "string"}, "type": {"type": "string", "enum": ["jsapi", "wx_card"]},
                                          "ticket": {"type": "string"}, "expires_at": {"$ref": "#/components/schemas/Timestamp"},
                                          "expires_in": {"type": "integer"}}},
                "example": {"authorizer_appid": "wx8f3c2a1b5d6e7f90", "type": "jsapi", "ticket": "bxLdikRXVbTPdHSM05e5u5…",
                            "expires_at": "2026-01-01T12:00:00Z", "expires_in": 7080}
              }}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        }
      }
    }
    """#
}
