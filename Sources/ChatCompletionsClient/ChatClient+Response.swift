public import NIOHTTP1

extension ChatClient {
    /// A decoded answer with what came with it.
    public struct Response<Value: Sendable>: Sendable {
        /// The decoded body.
        public var value: Value
        /// The HTTP status.
        public var status: Int
        /// The response headers.
        public var headers: HTTPHeaders
        /// The provider's id of the request (`x-request-id`), if it sent one.
        public var requestID: String?
        /// The body exactly as it came.
        public var body: [UInt8]

        /// A response.
        public init(value: Value, status: Int, headers: HTTPHeaders, requestID: String?, body: [UInt8]) {
            self.value = value
            self.status = status
            self.headers = headers
            self.requestID = requestID
            self.body = body
        }
    }
}
