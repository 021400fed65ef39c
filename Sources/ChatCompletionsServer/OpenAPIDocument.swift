import ChatCompletionsAPI

/// The OpenAPI description of exactly what this server serves.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.0.3",
        "info": ["title": "chat-server", "version": "1.0.0"],
        "paths": [:],
    ]
}
