// The OpenAPI description of the operations routes (`HealthRoutes`, `OperationsRoutes`) and of
// the document itself (`OpenAPIRoutes`); see `OpenAPIDocument`.
extension OperationsRoutes {
    static let openAPI = #"""
    {
      "paths": {
        "/healthz": {
          "get": {
            "tags": ["operations"], "operationId": "health", "summary": "The process serves", "security": [],
            "responses": {"200": {"description": "Always, while it serves.", "content": {"text/plain": {"schema": {"type": "string", "enum": ["ok"]}}}}}
          }
        },
        "/readyz": {
          "get": {
            "tags": ["operations"], "operationId": "readiness", "security": [],
            "summary": "Ready: the store answers, a ticket younger than 12 h is stored, and the component token can be obtained",
            "responses": {
              "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"},
                                                                                 "example": {"ready": true, "ticket_age_seconds": 312}}}},
              "503": {"description": "Not ready; `reason` says why.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"},
                      "example": {"ready": false, "reason": "waiting for component_verify_ticket (none received yet)"}}}}
            }
          }
        },
        "/metrics": {
          "get": {
            "tags": ["operations"], "operationId": "metrics", "summary": "Prometheus metrics (text format 0.0.4)",
            "responses": {
              "200": {"description": "Upstream calls, token refreshes and failures, token reads by key, requests, latency, ticket and token ages.",
                      "content": {"text/plain": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "tags": ["operations"], "operationId": "openAPIDocument", "summary": "This document", "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"]}}}}}
          }
        }
      },
      "components": {
        "schemas": {
          "Readiness": {"type": "object", "required": ["ready"], "additionalProperties": false,
            "properties": {"ready": {"type": "boolean"}, "reason": {"type": "string"}, "ticket_age_seconds": {"type": "integer"}}}
        }
      }
    }
    """#
}
