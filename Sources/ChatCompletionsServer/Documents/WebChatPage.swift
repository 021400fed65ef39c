import HTTPTypes
import Hummingbird

/// The web chat page served at `GET /`: one HTML document with its styles and script inline
/// (`Documents/web-chat.html`), compiled into the binary by SwiftPM, so the server reads nothing
/// beside its executable and the browser fetches nothing but this page and the API.
enum WebChatPage {
    /// The page's bytes, as embedded at build time.
    static let bytes: [UInt8] = PackageResources.web_chat_html

    /// The policy the browser enforces on the page: its own inline script and styles, requests to
    /// this server only, no plugins, frames, forms or remote images. A second fence behind the
    /// page's rule of never turning model output into markup.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
        + "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// A 200 response carrying the page.
    static func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
