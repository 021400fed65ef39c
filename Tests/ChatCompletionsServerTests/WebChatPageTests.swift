import ChatCompletionsAPI
import ChatCompletionsServer
import TestSupport
import Testing

@Suite("Web chat page")
struct WebChatPageTests {
    @Test("GET / serves the page as HTML without a key while the API needs one; /index.html too")
    func servedWithoutKey() async throws {
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: .init(apiKeys: ["page-key"]))
        defer { Task { await server.stop() } }
        for path in ["/", "/index.html"] {
            let page = try await TestHTTP.get("\(server.baseURL)\(path)")
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-security-policy"]?.contains("connect-src 'self'") == true)
            #expect(page.text.hasPrefix("<!doctype html>"))
            #expect(page.text.contains("/v1/chat/completions"))
        }
        try expectError(try await TestHTTP.get("\(server.baseURL)/v1/models"), status: 401, code: "missing_api_key")
    }

    @Test("with the page turned off, / is a 404 in OpenAI's shape")
    func turnedOff() async throws {
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: .init(webUI: false))
        defer { Task { await server.stop() } }
        let result = try await TestHTTP.get("\(server.baseURL)/")
        #expect(result.status == 404)
        #expect(!(try ErrorResponse(jsonBytes: result.body).error.message.isEmpty))
        #expect(try await TestHTTP.get("\(server.baseURL)/index.html").status == 404)
    }
}
