/// The message of a completion's choice: what the model answered. A missing `role` decodes as
/// `assistant`.
public struct ChatCompletionMessage: Sendable, Hashable {
    /// Who wrote it; `assistant`.
    public var role: Role
    /// The answer's text; `nil` when the model only called tools or refused.
    public var content: String?
    /// The model's refusal, instead of an answer.
    public var refusal: String?
    /// The tools the model called.
    public var toolCalls: [ToolCall]?
    /// Citations for web search results used in the answer.
    public var annotations: [Annotation]?
    /// The spoken answer, when audio output was requested.
    public var audio: Audio?
    /// The model's thinking before its answer (`reasoning_content`, the convention of DeepSeek,
    /// vLLM and llama.cpp; `reasoning` is read as the same field); `nil` for models that do not think.
    public var reasoningContent: String?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// A response message.
    public init(
        role: Role = .assistant, content: String? = nil, refusal: String? = nil, toolCalls: [ToolCall]? = nil,
        annotations: [Annotation]? = nil, audio: Audio? = nil, reasoningContent: String? = nil,
        additionalFields: JSONObject = [:]
    ) {
        self.role = role
        self.content = content
        self.refusal = refusal
        self.toolCalls = toolCalls
        self.annotations = annotations
        self.audio = audio
        self.reasoningContent = reasoningContent
        self.additionalFields = additionalFields
    }

    /// The spoken answer.
    public struct Audio: Sendable, Hashable {
        /// The audio's id, to refer to it in a later request.
        public var id: String
        /// When the audio stops being available for later requests, in seconds since 1970.
        public var expiresAt: Int
        /// The audio bytes, base64-encoded, in the requested format.
        public var data: String
        /// What was said.
        public var transcript: String

        /// A spoken answer.
        public init(id: String, expiresAt: Int, data: String, transcript: String) {
            self.id = id
            self.expiresAt = expiresAt
            self.data = data
            self.transcript = transcript
        }
    }
}

/// A note on a stretch of the answer; today, a citation of a web page.
public struct Annotation: Sendable, Hashable {
    /// The kind of annotation, e.g. `url_citation`.
    public var type: String
    /// The cited page, for `url_citation`.
    public var urlCitation: URLCitation?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// An annotation.
    public init(type: String = "url_citation", urlCitation: URLCitation? = nil, additionalFields: JSONObject = [:]) {
        self.type = type
        self.urlCitation = urlCitation
        self.additionalFields = additionalFields
    }

    /// A web page cited by a stretch of the answer.
    public struct URLCitation: Sendable, Hashable {
        /// Where the cited stretch starts in the content.
        public var startIndex: Int
        /// Where the cited stretch ends in the content.
        public var endIndex: Int
        /// The page's URL.
        public var url: String
        /// The page's title.
        public var title: String

        /// A citation.
        public init(startIndex: Int, endIndex: Int, url: String, title: String) {
            self.startIndex = startIndex
            self.endIndex = endIndex
            self.url = url
            self.title = title
        }
    }
}

extension ChatCompletionMessage: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, refusal
        case toolCalls = "tool_calls"
        case annotations, audio
        case reasoningContent = "reasoning_content"
        case reasoning
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var extra = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        reasoningContent =
            try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            ?? container.decodeIfPresent(String.self, forKey: .reasoning)
        role = try container.decode(Role.self, forKey: .role, default: .assistant)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        annotations = try container.decodeTolerantly([Annotation].self, forKey: .annotations, keepingIn: &extra)
        audio = try container.decodeTolerantly(Audio.self, forKey: .audio, keepingIn: &extra)
        additionalFields = extra
    }

    /// Writes `content` and `refusal` always (`null` when unset), as the contract requires.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encodeOrNull(content, forKey: .content)
        try container.encodeOrNull(refusal, forKey: .refusal)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(annotations, forKey: .annotations)
        try container.encodeIfPresent(audio, forKey: .audio)
        try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("role", true), ("content", true), ("refusal", true), ("tool_calls", toolCalls != nil),
                ("annotations", annotations != nil), ("audio", audio != nil),
                ("reasoning_content", reasoningContent != nil),
            ]))
    }
}

extension ChatCompletionMessage.Audio: Codable {
    private enum CodingKeys: String, CodingKey {
        case id
        case expiresAt = "expires_at"
        case data, transcript
    }
}

extension Annotation: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case urlCitation = "url_citation"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var extra = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        type = try container.decode(String.self, forKey: .type)
        urlCitation = try container.decodeTolerantly(URLCitation.self, forKey: .urlCitation, keepingIn: &extra)
        additionalFields = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(urlCitation, forKey: .urlCitation)
        try encoder.encodeAdditional(
            additionalFields, skipping: presentNames([("type", true), ("url_citation", urlCitation != nil)]))
    }
}

extension Annotation.URLCitation: Codable {
    private enum CodingKeys: String, CodingKey {
        case startIndex = "start_index"
        case endIndex = "end_index"
        case url, title
    }
}
