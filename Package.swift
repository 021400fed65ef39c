// swift-tools-version:6.1
// The OpenAI-compatible Chat Completions system: one typed contract, a llama.cpp server, a client.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // An import is internal unless written `public import`: what a module's public API exposes of
    // another module is stated where it happens.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Test code is compiled without optimisation even in release builds (tests run on optimised
// libraries): faster to build, and clear of an optimiser crash (LLVM coroutine splitting) that
// Swift 6.3 hits on some async test functions.
let tests = strict + [.unsafeFlags(["-Onone"])]

let package = Package(
    name: "swift-chat-completions",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "JSONCore", targets: ["JSONCore"]),
        .library(name: "ChatCompletionsAPI", targets: ["ChatCompletionsAPI"]),
        .library(name: "ChatCompletionsClient", targets: ["ChatCompletionsClient"]),
        .library(name: "AnthropicMessagesAPI", targets: ["AnthropicMessagesAPI"]),
        .library(name: "ResponsesAPI", targets: ["ResponsesAPI"]),
        .library(name: "ChatInference", targets: ["ChatInference"]),
        .library(name: "LlamaInference", targets: ["LlamaInference"]),
        .library(name: "ChatCompletionsServer", targets: ["ChatCompletionsServer"]),
        .executable(name: "chat-server", targets: ["chat-server"]),
        .executable(name: "chat", targets: ["chat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Stored responses (`POST /v1/responses` with `store`): SQLite.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // ... or PostgreSQL, shared by replicas (`--responses-store postgres://...`); NIOSSL for its sslmode.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        // `swift package generate-documentation`: the DocC catalogs of the libraries people import,
        // built by `make test` with warnings as errors.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        // The Model Context Protocol, for `chat --mcp` only.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        // JSON values and their coding, server-sent events, the table of JSON Schema keywords: what
        // every module that reads JSON shares. No dependencies at all.
        .target(name: "JSONCore", swiftSettings: strict),
        // The wire contract: types and validation (re-exports JSONCore). Foundation only.
        .target(name: "ChatCompletionsAPI", dependencies: ["JSONCore"], swiftSettings: strict),
        // Anthropic's Messages API: its requests, responses, stream events and errors, on the JSON core.
        .target(name: "AnthropicMessagesAPI", dependencies: ["ChatCompletionsAPI"], swiftSettings: strict),
        // OpenAI's Responses API: its requests, items and response objects, on the JSON core.
        .target(name: "ResponsesAPI", dependencies: ["ChatCompletionsAPI"], swiftSettings: strict),
        // JSON Schema -> GBNF grammar, for structured outputs and tool calls.
        .target(name: "JSONSchemaGrammar", dependencies: ["JSONCore"], swiftSettings: strict),
        // A JSON Schema validator (used by the tests to check what the grammars produce).
        .target(name: "JSONSchemaValidation", dependencies: ["JSONCore"], swiftSettings: strict),
        // A Jinja renderer for the chat templates that GGUF models carry.
        .target(name: "ChatTemplates", dependencies: ["JSONCore"], swiftSettings: strict),
        // The engine-facing model: what a generation request is, what comes back.
        .target(name: "ChatInference", dependencies: ["JSONCore", "ChatCompletionsAPI"], swiftSettings: strict),
        .systemLibrary(name: "CLlama", pkgConfig: "llama"),
        .target(
            name: "LlamaInference",
            dependencies: [
                "JSONCore", "ChatCompletionsAPI", "ChatInference", "CLlama", "ChatTemplates", "JSONSchemaGrammar",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ChatCompletionsServer",
            dependencies: [
                "ChatCompletionsAPI", "AnthropicMessagesAPI", "ResponsesAPI", "ChatInference", "JSONSchemaValidation",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web chat page and the OpenAPI document, compiled into the binary (nothing is read
            // beside the executable).
            resources: [.embedInCode("Documents/web-chat.html"), .embedInCode("Documents/openapi.json")],
            swiftSettings: strict
        ),
        .target(
            name: "ChatCompletionsClient",
            dependencies: [
                "ChatCompletionsAPI", "ResponsesAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "chat-server",
            dependencies: [
                "ChatCompletionsServer", "ChatInference", "LlamaInference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "chat",
            dependencies: [
                "ChatCompletionsAPI", "ChatCompletionsClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "chat-bench",
            dependencies: [
                "LlamaInference", "ChatInference", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The README's Swift examples, built with the tests (ChatCompletionsClientTests checks that every
        // example in README.md is here, word for word) so that they cannot go stale.
        .target(
            name: "ReadmeExamples", dependencies: ["ChatCompletionsAPI", "ChatCompletionsClient", "ResponsesAPI"],
            path: "Examples/ReadmeExamples", swiftSettings: strict
        ),
        // Shared test helpers: fixtures, a running server, a scripted HTTP peer.
        .target(
            name: "TestSupport",
            dependencies: [
                "ChatCompletionsAPI", "ChatCompletionsServer", "ChatInference", "LlamaInference",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: tests
        ),
        .testTarget(
            name: "ChatCompletionsAPITests", dependencies: ["ChatCompletionsAPI", "TestSupport"],
            resources: [.copy("Fixtures")], swiftSettings: tests
        ),
        .testTarget(
            name: "JSONSchemaGrammarTests",
            dependencies: ["JSONCore", "JSONSchemaGrammar", "JSONSchemaValidation", "TestSupport"],
            swiftSettings: tests
        ),
        .testTarget(
            name: "JSONSchemaValidationTests", dependencies: ["JSONCore", "JSONSchemaValidation"],
            swiftSettings: tests
        ),
        .testTarget(
            name: "ChatTemplatesTests", dependencies: ["JSONCore", "ChatTemplates"],
            resources: [.copy("Fixtures")],
            swiftSettings: tests
        ),
        .testTarget(
            name: "LlamaInferenceTests",
            dependencies: ["ChatCompletionsAPI", "ChatInference", "ChatTemplates", "LlamaInference", "TestSupport"],
            swiftSettings: tests
        ),
        .testTarget(
            name: "ChatCompletionsServerTests",
            dependencies: [
                "ChatCompletionsAPI", "ChatCompletionsServer", "ChatInference", "LlamaInference",
                "ChatCompletionsClient", "JSONSchemaValidation", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: tests
        ),
        // The HTTP contract with a stand-in engine: no llama.cpp, no model.
        .testTarget(
            name: "ChatCompletionsServerContractTests",
            dependencies: [
                "ChatCompletionsServer", "ChatInference", "ChatCompletionsAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: tests
        ),
        .testTarget(
            name: "ChatCompletionsClientTests",
            dependencies: [
                "ChatCompletionsAPI", "ChatCompletionsClient", "ResponsesAPI", "ReadmeExamples", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: tests
        ),
    ]
)
