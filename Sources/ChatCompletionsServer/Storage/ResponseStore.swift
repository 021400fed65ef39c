public import ChatCompletionsAPI
import Foundation
import GRDB

/// A stored response: the response object as it was answered, the input items of its request
/// (with their ids), and the response it continued, so that a conversation can be rebuilt by
/// following `previous_response_id` back.
public struct StoredResponse: Sendable, Hashable {
    public var id: String
    /// Seconds since 1970.
    public var createdAt: Int
    public var previousResponseID: String?
    /// The response object.
    public var body: JSONValue
    public var inputItems: [JSONValue]

    public init(id: String, createdAt: Int, previousResponseID: String?, body: JSONValue, inputItems: [JSONValue]) {
        self.id = id
        self.createdAt = createdAt
        self.previousResponseID = previousResponseID
        self.body = body
        self.inputItems = inputItems
    }
}

/// How long stored responses are kept: the newest `maxCount`, none older than `maxAge`.
public struct ResponseRetention: Sendable, Hashable {
    public var maxCount: Int
    public var maxAge: Duration

    public init(maxCount: Int = 10_000, maxAge: Duration = .seconds(30 * 24 * 3600)) {
        self.maxCount = maxCount
        self.maxAge = maxAge
    }

    /// Reads `COUNT`, `AGE` or `COUNT,AGE` where an age is a number with `s`, `m`, `h` or `d`
    /// (`5000`, `7d`, `5000,12h`).
    public init?(parsing text: String) {
        self.init()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let count = Int(part), count > 0 {
                maxCount = count
            } else if let unit = part.last, let value = Double(part.dropLast()), value > 0 {
                let scale: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86400][unit]
                guard let scale else { return nil }
                maxAge = .seconds(value * scale)
            } else {
                return nil
            }
        }
    }

    /// The oldest creation time kept at `now` (seconds since 1970).
    func cutoff(now: Int) -> Int { now - Int(maxAge.components.seconds) }
}

/// Where responses are kept. Writes replace a response with the same id (a background response
/// is saved queued, then finished).
public protocol ResponseStore: Sendable {
    func save(_ response: StoredResponse) async throws
    func load(_ id: String) async throws -> StoredResponse?
    /// Whether there was one to delete.
    func delete(_ id: String) async throws -> Bool
}

/// Responses in SQLite (through GRDB): a file in the cache directory by default, so that they
/// survive a restart, or memory (tests). Every save applies the retention.
public final class SQLiteResponseStore: ResponseStore {
    private let database: any DatabaseWriter
    let retention: ResponseRetention
    /// Where the file is (nil: in memory).
    public let path: String?

    /// A store in the file at `path` (created with its folder when missing), or in memory.
    public init(path: String?, retention: ResponseRetention = ResponseRetention()) throws {
        self.path = path
        self.retention = retention
        if let path {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Several servers may share the file (replicas on one host, tests): a writer waits for
            // another's transaction instead of failing at once.
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabasePool(path: path, configuration: configuration)
        } else {
            database = try DatabaseQueue()
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("responses-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE responses (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at INTEGER NOT NULL,
                        previous_response_id TEXT,
                        body TEXT NOT NULL,
                        input_items TEXT NOT NULL
                    );
                    CREATE INDEX responses_by_creation ON responses(created_at);
                    """)
        }
        try migrator.migrate(database)
    }

    public func save(_ response: StoredResponse) async throws {
        let cutoff = retention.cutoff(now: Int(Date().timeIntervalSince1970))
        let keep = retention.maxCount
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO responses (id, created_at, previous_response_id, body, input_items)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET body = excluded.body, input_items = excluded.input_items
                    """,
                arguments: [
                    response.id, response.createdAt, response.previousResponseID, response.body.jsonString(),
                    JSONValue.array(response.inputItems).jsonString(),
                ])
            try db.execute(sql: "DELETE FROM responses WHERE created_at < ?", arguments: [cutoff])
            try db.execute(
                sql: """
                    DELETE FROM responses WHERE id NOT IN
                    (SELECT id FROM responses ORDER BY created_at DESC, rowid DESC LIMIT ?)
                    """,
                arguments: [keep])
        }
    }

    public func load(_ id: String) async throws -> StoredResponse? {
        let row = try await database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, created_at, previous_response_id, body, input_items FROM responses WHERE id = ?",
                arguments: [id])
        }
        guard let row else { return nil }
        let body: String = row["body"]
        let items: String = row["input_items"]
        return StoredResponse(
            id: row["id"], createdAt: row["created_at"], previousResponseID: row["previous_response_id"],
            body: try JSONValue(parsing: Array(body.utf8)),
            inputItems: try JSONValue(parsing: Array(items.utf8)).arrayValue ?? [])
    }

    public func delete(_ id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM responses WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
