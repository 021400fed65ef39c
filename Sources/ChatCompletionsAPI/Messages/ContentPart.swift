/// One part of a message whose content is a list: text, an image, audio, a file or a refusal.
///
/// Which parts a message may carry depends on its role: system, developer and tool messages take
/// text only, user messages text, images, audio and files, assistant messages text and refusals.
/// Decoding accepts every known part anywhere; ``ChatCompletionRequest/validate(limits:)`` enforces
/// the rule. Decoding accepts and drops OpenAI's per-part `prompt_cache_breakpoint` hint.
public enum ContentPart: Sendable, Hashable {
    /// Text (`{"type": "text", "text": …}`).
    case text(String)
    /// An image given by URL or data URL (`{"type": "image_url", "image_url": {…}}`).
    case imageURL(ImageURL)
    /// Base64 audio (`{"type": "input_audio", "input_audio": {…}}`).
    case inputAudio(InputAudio)
    /// A file by upload id or inline base64 data (`{"type": "file", "file": {…}}`).
    case file(FileInput)
    /// A refusal written by the assistant (`{"type": "refusal", "refusal": …}`).
    case refusal(String)

    /// The part's `type` on the wire.
    public var type: String {
        switch self {
        case .text: return "text"
        case .imageURL: return "image_url"
        case .inputAudio: return "input_audio"
        case .file: return "file"
        case .refusal: return "refusal"
        }
    }

    /// The text, if this is a text part.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// Every part type this contract knows, in wire spelling.
    public static let knownTypes = ["text", "image_url", "input_audio", "file", "refusal"]
}

extension ContentPart: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
        case inputAudio = "input_audio"
        case file, refusal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let payload: CodingKeys
        switch type {
        case "text": payload = .text
        case "image_url": payload = .imageURL
        case "input_audio": payload = .inputAudio
        case "file": payload = .file
        case "refusal": payload = .refusal
        default:
            let path = decoder.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': '\(type)' is not a content part type; expected one of "
                    + ContentPart.knownTypes.joined(separator: ", ") + ".",
                code: "invalid_value", at: path)
        }
        try decoder.rejectUnknownMembers(known: ["type", payload.rawValue], ignored: ["prompt_cache_breakpoint"])
        switch payload {
        case .text: self = .text(try container.decode(String.self, forKey: .text))
        case .imageURL: self = .imageURL(try container.decode(ImageURL.self, forKey: .imageURL))
        case .inputAudio: self = .inputAudio(try container.decode(InputAudio.self, forKey: .inputAudio))
        case .file: self = .file(try container.decode(FileInput.self, forKey: .file))
        default: self = .refusal(try container.decode(String.self, forKey: .refusal))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .text(let text): try container.encode(text, forKey: .text)
        case .imageURL(let image): try container.encode(image, forKey: .imageURL)
        case .inputAudio(let audio): try container.encode(audio, forKey: .inputAudio)
        case .file(let file): try container.encode(file, forKey: .file)
        case .refusal(let refusal): try container.encode(refusal, forKey: .refusal)
        }
    }
}
