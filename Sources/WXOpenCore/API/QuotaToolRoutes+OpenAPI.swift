// The OpenAPI description of `QuotaToolRoutes` (see `OpenAPIDocument`): the same three tools
// for an account (`/authorizers/{appid}/…`) and for the platform (`/component/…`).
extension QuotaToolRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/api/v1/authorizers/{appid}/quota": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}, {"$ref": "#/components/parameters/CGIPath"}],
          "get": {
            "tags": ["quota"], "operationId": "getAuthorizerQuota", "summary": "An API's daily quota for the account (openapi/quota/get)",
            "responses": {
              "200": {"description": "Today's numbers.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerQuota"}}}},
              "403": {"$ref": "#/components/responses/CGIPathNotPermitted"},
              "404": {"description": "No such account (`not_found`), or WeChat has no API at that path (`unknown_cgi_path`, 76021).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/component/quota": {
          "parameters": [{"$ref": "#/components/parameters/CGIPath"}],
          "get": {
            "tags": ["quota"], "operationId": "getComponentQuota", "summary": "An API's daily quota for the platform",
            "responses": {
              "200": {"description": "Today's numbers.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentQuota"}}}},
              "403": {"$ref": "#/components/responses/CGIPathNotPermitted"},
              "404": {"description": "WeChat has no API at that path (`unknown_cgi_path`, 76021).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/rid/{rid}": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}, {"$ref": "#/components/parameters/Rid"}],
          "get": {
            "tags": ["quota"], "operationId": "getAuthorizerRid", "summary": "What WeChat logged about the account's failed call (openapi/rid/get, 7 days)",
            "responses": {
              "200": {"description": "The call; tokens are cut to their first characters.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorizerRid"}}}},
              "404": {"$ref": "#/components/responses/RidNotFound"}, "409": {"$ref": "#/components/responses/Conflict"},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/component/rid/{rid}": {
          "parameters": [{"$ref": "#/components/parameters/Rid"}],
          "get": {
            "tags": ["quota"], "operationId": "getComponentRid", "summary": "What WeChat logged about the platform's failed call",
            "responses": {
              "200": {"description": "The call.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentRid"}}}},
              "404": {"$ref": "#/components/responses/RidNotFound"},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/authorizers/{appid}/quota/clear": {
          "parameters": [{"$ref": "#/components/parameters/AppID"}],
          "post": {
            "tags": ["quota"], "operationId": "clearAuthorizerQuota", "summary": "Resets the account's daily API quota (clear_quota/v2)",
            "description": "WeChat allows 10 a month per account (48006 after), so the body must repeat the appid. Logged and recorded with the key's name.",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuotaClearRequest"},
                                                                               "example": {"confirm": "wx8f3c2a1b5d6e7f90"}}}},
            "responses": {
              "200": {"description": "Reset.", "content": {"application/json": {"schema": {"type": "object", "required": ["authorizer_appid", "cleared"],
                "additionalProperties": false, "properties": {"authorizer_appid": {"type": "string"}, "cleared": {"type": "boolean"}}}}}},
              "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"},
              "429": {"$ref": "#/components/responses/ClearLimitReached"},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        },
        "/api/v1/component/quota/clear": {
          "post": {
            "tags": ["quota"], "operationId": "clearComponentQuota", "summary": "Resets the platform's daily API quota",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuotaClearRequest"},
                                                                               "example": {"confirm": "wx3f5c1a2b9d8e7f60"}}}},
            "responses": {
              "200": {"description": "Reset.", "content": {"application/json": {"schema": {"type": "object", "required": ["component_appid", "cleared"],
                "additionalProperties": false, "properties": {"component_appid": {"type": "string"}, "cleared": {"type": "boolean"}}}}}},
              "429": {"$ref": "#/components/responses/ClearLimitReached"},
              "502": {"$ref": "#/components/responses/BadGateway"}, "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        }
      },
      "components": {
        "responses": {
          "CGIPathNotPermitted": {"description": "`cgi_path_not_permitted` (76022): WeChat does not count that API's quota for this caller (an account's API asked as the platform, or the other way round).",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "RidNotFound": {"description": "`rid_not_found` (76001, or 76003 for another account's call), or no such account (`not_found`).",
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "ClearLimitReached": {"description": "`clear_limit_reached` (48006): the 10 resets WeChat allows a month are used up.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "parameters": {
          "CGIPath": {"name": "cgi_path", "in": "query", "required": true, "description": "An API path on WeChat's host, without the host.",
                      "schema": {"type": "string", "pattern": "^/[!-~]{0,255}$"}, "example": "/cgi-bin/message/custom/send"},
          "Rid": {"name": "rid", "in": "path", "required": true, "description": "The end of WeChat's errmsg, `rid: …`.",
                  "schema": {"type": "string", "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}$"}, "example": "61725984-6126f6f9-040f19c4"}
        },
        "schemas": {
          "QuotaClearRequest": {"type": "object", "required": ["confirm"], "properties": {"confirm": {"type": "string", "description": "The appid being reset."}}},
          "RateLimit": {"type": "object", "required": ["call_count", "refresh_second"], "additionalProperties": false,
                        "properties": {"call_count": {"type": "integer"}, "refresh_second": {"type": "integer"}}},
          "AuthorizerQuota": {"type": "object", "required": ["authorizer_appid", "cgi_path", "daily_limit", "used", "remain"], "additionalProperties": false,
            "properties": {"authorizer_appid": {"type": "string"}, "cgi_path": {"type": "string"}, "daily_limit": {"type": "integer"},
                           "used": {"type": "integer"}, "remain": {"type": "integer"}, "rate_limit": {"$ref": "#/components/schemas/RateLimit"},
                           "component_rate_limit": {"$ref": "#/components/schemas/RateLimit"}},
            "example": {"authorizer_appid": "wx8f3c2a1b5d6e7f90", "cgi_path": "/cgi-bin/message/custom/send", "daily_limit": 500000, "used": 12, "remain": 499988}},
          "ComponentQuota": {"type": "object", "required": ["component_appid", "cgi_path", "daily_limit", "used", "remain"], "additionalProperties": false,
            "properties": {"component_appid": {"type": "string"}, "cgi_path": {"type": "string"}, "daily_limit": {"type": "integer"},
                           "used": {"type": "integer"}, "remain": {"type": "integer"}, "rate_limit": {"$ref": "#/components/schemas/RateLimit"},
                           "component_rate_limit": {"$ref": "#/components/schemas/RateLimit"}}},
          "AuthorizerRid": {"type": "object", "additionalProperties": false,
            "required": ["authorizer_appid", "rid", "invoke_time", "cost_in_ms", "request_url", "request_body", "response_body", "client_ip"],
            "properties": {"authorizer_appid": {"type": "string"}, "rid": {"type": "string"}, "invoke_time": {"$ref": "#/components/schemas/Timestamp"},
                           "cost_in_ms": {"type": "integer"}, "request_url": {"type": "string"}, "request_body": {"type": "string"},
                           "response_body": {"type": "string"}, "client_ip": {"type": "string"}}},
          "ComponentRid": {"type": "object", "additionalProperties": false,
            "required": ["component_appid", "rid", "invoke_time", "cost_in_ms", "request_url", "request_body", "response_body", "client_ip"],
            "properties": {"component_appid": {"type": "string"}, "rid": {"type": "string"}, "invoke_time": {"$ref": "#/components/schemas/Timestamp"},
                           "cost_in_ms": {"type": "integer"}, "request_url": {"type": "string"}, "request_body": {"type": "string"},
                           "response_body": {"type": "string"}, "client_ip": {"type": "string"}}}
        }
      }
    }
    """#
}
