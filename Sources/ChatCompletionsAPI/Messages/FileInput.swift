/// A file for the model to read: an uploaded file's id, or the file itself inline.
public struct FileInput: Sendable, Hashable {
    /// The file's name, used when the data is given inline.
    public var filename: String?
    /// The file's bytes, base64-encoded (often as a `data:` URL).
    public var fileData: String?
    /// The id of a file uploaded beforehand.
    public var fileID: String?

    /// A file part's payload; give `fileID` or `fileData`.
    public init(filename: String? = nil, fileData: String? = nil, fileID: String? = nil) {
        self.filename = filename
        self.fileData = fileData
        self.fileID = fileID
    }
}

extension FileInput: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case filename
        case fileData = "file_data"
        case fileID = "file_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        fileData = try container.decodeIfPresent(String.self, forKey: .fileData)
        fileID = try container.decodeIfPresent(String.self, forKey: .fileID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(filename, forKey: .filename)
        try container.encodeIfPresent(fileData, forKey: .fileData)
        try container.encodeIfPresent(fileID, forKey: .fileID)
    }
}
