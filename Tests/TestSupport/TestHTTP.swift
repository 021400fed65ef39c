public import AsyncHTTPClient
public import ChatCompletionsAPI
import Foundation
public import NIOCore
public import NIOHTTP1

/// A response as tests look at it.
public struct HTTPResult: Sendable {
    /// Status code.
    public var status: Int
    /// Response headers (names lowercased).
    public var headers: [String: String]
    /// Raw body.
    public var body: [UInt8]

    /// The body parsed as JSON (fails the test with the body's text when it is not JSON).
    public var json: JSONValue {
        get throws { try JSONValue(parsing: body) }
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The server-sent events of a streamed body.
    public var events: [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        return decoder.feed(body) + decoder.finish()
    }
}

/// Small HTTP helpers over one AsyncHTTPClient with room for every test's requests at once (the
/// shared client's pool would make parallel tests wait for connections and time out).
public enum TestHTTP {
    /// The client the helpers use; never shut down (it lives as long as the test process).
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        configuration.timeout = .init(connect: .seconds(30), read: .seconds(1500))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Sends a request and reads the whole response.
    public static func send(
        _ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(1500)
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                request.headers.add(name: "content-type", value: "application/json")
            }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: timeout)
        var collected = try await response.body.collect(upTo: 64 << 20)
        var names: [String: String] = [:]
        for header in response.headers { names[header.name.lowercased()] = header.value }
        return HTTPResult(
            status: Int(response.status.code), headers: names,
            body: collected.readBytes(length: collected.readableBytes) ?? [])
    }

    /// POSTs a JSON value.
    public static func post(
        _ url: String, json: JSONValue, headers: [(String, String)] = []
    ) async throws -> HTTPResult {
        try await send(.POST, url, body: json.serialized(), headers: headers)
    }

    /// GETs a URL.
    public static func get(_ url: String, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await send(.GET, url, headers: headers)
    }
}
