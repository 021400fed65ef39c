import ChatCompletionsAPI
import ChatCompletionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// How the server reads requests and answers what it refuses, before any engine work: bodies,
/// content types, parameters, methods, keys, request ids and the web page. Moved here from the
/// live-server suites, which started a model-loading server for several of them.
@Suite("Request handling, with a stand-in engine")
struct RequestHandlingTests {
    typealias Contract = ContractTests

    @Test("an empty body, a JSON array and malformed JSON are 400s")
    func unreadableBodies() async throws {
        for body in [[], Array("[1,2]".utf8), Array(#"{"model": "x", "messages": [}"#.utf8)] as [[UInt8]] {
            try await Contract.send(body: body) { response in
                let error = try Contract.expectError(response, .badRequest, code: nil)
                #expect(error.code != nil, "\(error)")
            }
        }
    }

    @Test("a body that says it is not JSON is a 415 on every JSON route; JSON types, curl's default and none are read")
    func contentTypes() async throws {
        for type in ["text/plain", "application/xml", "multipart/form-data; boundary=x"] {
            try await Contract.send(body: Contract.chat(), headers: [.contentType: type]) { response in
                try Contract.expectError(response, .unsupportedMediaType, code: "unsupported_media_type")
            }
        }
        for type in ["application/json; charset=utf-8", "application/x-www-form-urlencoded", "Application/JSON"] {
            try await Contract.send(body: Contract.chat(), headers: [.contentType: type]) { response in
                #expect(response.status == .ok, "\(type)")
            }
        }
        try await Contract.send(body: Contract.chat(), headers: [:]) { response in
            #expect(response.status == .ok)
        }
        try await Contract.send(
            .post, "/tokenize", body: Array(#"{"content": "x"}"#.utf8), headers: [.contentType: "text/plain"]
        ) {
            response in
            try Contract.expectError(response, .unsupportedMediaType, code: "unsupported_media_type")
        }
    }

    @Test("unknown parameters, unknown roles and the deprecated functions are 400s naming them")
    func unknownFields() async throws {
        try await Contract.send(body: Contract.chat(["temprature": 1])) { response in
            try Contract.expectError(response, .badRequest, code: "unknown_parameter", param: "temprature")
        }
        let badRole = JSONValue.object(["model": "stand-in", "messages": [["role": "robot", "content": "hi"]]])
        try await Contract.send(body: badRole.serialized()) { response in
            let error = try Contract.expectError(response, .badRequest, code: nil)
            #expect(error.param?.hasPrefix("messages[0].role") == true, "\(error)")
        }
        try await Contract.send(body: Contract.chat(["functions": [["name": "f"]]])) { response in
            let error = try Contract.expectError(response, .badRequest, code: nil, param: "functions")
            #expect(error.message.contains("tools"))
        }
    }

    @Test("each validation rule is a 400 naming its parameter")
    func validationRules() async throws {
        let cases: [(JSONObject, String)] = [
            (["temperature": 2.5], "temperature"), (["top_p": 1.5], "top_p"), (["n": 0], "n"),
            (["max_tokens": 0], "max_tokens"), (["presence_penalty": -3], "presence_penalty"),
            (["top_logprobs": 3], "top_logprobs"), (["logprobs": true, "top_logprobs": 21], "top_logprobs"),
            (["stop": ["a", "b", "c", "d", "e"]], "stop"), (["logit_bias": ["abc": 1]], "logit_bias"),
            (["logit_bias": ["5": 101]], "logit_bias"), (["stream_options": ["include_usage": true]], "stream_options"),
            (["min_p": 1.5], "min_p"), (["top_k": -1], "top_k"), (["repetition_penalty": 0], "repetition_penalty"),
            (["messages": []], "messages"),
        ]
        for (extra, param) in cases {
            try await Contract.send(body: Contract.chat(extra)) { response in
                let error = try Contract.expectError(response, .badRequest, code: nil)
                #expect(error.param?.hasPrefix(param) == true, "\(extra) → \(error)")
            }
        }
    }

    @Test("undeclared methods on known routes are 405s with Allow; unknown paths stay 404s")
    func methods() async throws {
        let cases: [(HTTPRequest.Method, String, String)] = [
            (.get, "/v1/chat/completions", "POST"), (.put, "/v1/models", "GET"), (.delete, "/v1/models/abc", "GET"),
            (.get, "/tokenize", "POST"), (.post, "/health", "GET"), (.post, "/metrics", "GET"),
            (.patch, "/openapi.json", "GET"), (.get, "/chat/completions", "POST"),
            (.post, "/v1/responses/abc", "DELETE, GET"),
        ]
        for (method, path, allowed) in cases {
            try await Contract.send(method, path, headers: [:]) { response in
                try Contract.expectError(response, .methodNotAllowed, code: "method_not_allowed")
                #expect(response.headers[.allow] == allowed, "\(method) \(path)")
            }
        }
        for (method, path) in [(HTTPRequest.Method.get, "/v2/nothing"), (.put, "/v1/models/a/b")] {
            try await Contract.send(method, path, headers: [:]) { response in
                try Contract.expectError(response, .notFound, code: "unknown_url")
            }
        }
    }

    @Test("x-request-id: the client's on answers, streams, errors and 404s; a fresh req_ id when absent or unusable")
    func requestIDs() async throws {
        let name = HTTPField.Name("x-request-id")!
        let given: [(JSONObject?, String, String)] = [
            ([:], "/v1/chat/completions", "trace-42"), (["stream": true], "/v1/chat/completions", "trace-43"),
            (["temperature": 7], "/v1/chat/completions", "trace-44"), (nil, "/nowhere", "trace-45"),
        ]
        for (extra, path, id) in given {
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[name] = id
            try await Contract.send(
                extra == nil ? .get : .post, path, body: extra.map { Contract.chat($0) }, headers: headers
            ) { response in
                #expect(response.headers[name] == id)
            }
        }
        var seen: Set<String> = []
        for id in [nil, String(repeating: "x", count: 200), "has space"] {
            var headers: HTTPFields = [:]
            headers[name] = id
            let answered = try await Contract.send(.get, "/health", headers: headers) { response in
                response.headers[name]
            }
            let fresh = try #require(answered)
            #expect(fresh.hasPrefix("req_") && fresh.count == 28, "\(fresh)")
            seen.insert(fresh)
        }
        #expect(seen.count == 3)
    }

    @Test("with several keys, each opens the API; none or a wrong one is a 401 on every route but /health and the page")
    func keys() async throws {
        let configuration = ServerConfiguration(apiKeys: ["key-one", "key-two"])
        for key in ["key-one", "key-two"] {
            let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(key)"]
            try await Contract.send(body: Contract.chat(), headers: headers, configuration: configuration) { response in
                #expect(response.status == .ok)
            }
        }
        try await Contract.send(.get, "/v1/models", headers: [:], configuration: configuration) { response in
            try Contract.expectError(response, .unauthorized, code: "missing_api_key")
        }
        for path in ["/", "/index.html"] {
            try await Contract.send(.get, path, headers: [:], configuration: configuration) { response in
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("connect-src 'self'") == true)
                let page = String(buffer: response.body)
                #expect(page.hasPrefix("<!doctype html>"))
                #expect(page.contains("/v1/chat/completions"))
            }
        }
    }

    @Test("with the page turned off, / and /index.html are 404s in OpenAI's shape")
    func pageOff() async throws {
        for path in ["/", "/index.html"] {
            try await Contract.send(.get, path, headers: [:], configuration: ServerConfiguration(webUI: false)) {
                response in
                try Contract.expectError(response, .notFound, code: "unknown_url")
            }
        }
    }
}
