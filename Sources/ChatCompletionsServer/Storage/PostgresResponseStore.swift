import ChatCompletionsAPI
import Foundation
public import Logging
import NIOCore
import NIOSSL
import PostgresNIO
public import ServiceLifecycle

/// Responses in PostgreSQL, so that replicas behind a gateway share conversations: a response
/// created on one replica is read, listed and continued (`previous_response_id`) on any other.
/// The table has the SQLite store's columns (the JSON kept as `json`, which keeps its text as
/// written, member order included) and one more, `seq`, the order of insertion, which breaks
/// ties between responses created in the same second as SQLite's `rowid` does.
///
/// Its lifecycle has two steps:
/// - ``prepare()`` connects once, directly, and creates the table when missing. It fails within
///   the connect timeout with the server's own reason (refused, unknown database, bad password),
///   so a replica that cannot reach its store stops at start instead of waiting on a pool that
///   keeps retrying. Replicas that start at once serialise the creation on an advisory lock
///   (`CREATE TABLE IF NOT EXISTS` alone can fail when two sessions race).
/// - ``run()`` runs the connection pool (`PostgresClient`) that every save, load and delete
///   uses. The store is a `Service`: chat-server puts it first in its `ServiceGroup`, so that it
///   stops last, after running responses have been drained and saved. Nothing is answered
///   until it runs; whoever shares one store among several servers runs it once.
///
/// Every save applies the retention, as in SQLite. Several replicas pruning at once would wait on
/// each other's row locks, so a replica skips pruning while another holds the pruning lock: the
/// count may then pass its limit by the few responses saved meanwhile, until the next save.
public final class PostgresResponseStore: ResponseStore, Service {
    /// Where the server is and how to log in: parsed from a `postgres://` URL.
    public let location: Location
    /// The table the responses are in.
    public let table: String
    let retention: ResponseRetention
    private let client: PostgresClient
    private let logger: Logger

    /// A store at `url` (`postgres://` or `postgresql://`, see ``Location``) in `table`. No
    /// connection is made until ``prepare()`` and ``run()``.
    public convenience init(
        url: String, table: String = "responses", retention: ResponseRetention = ResponseRetention(),
        logger: Logger = Logger(label: "responses-store")
    ) throws {
        try self.init(location: Location(parsing: url), table: table, retention: retention, logger: logger)
    }

    public init(
        location: Location, table: String = "responses", retention: ResponseRetention = ResponseRetention(),
        logger: Logger = Logger(label: "responses-store")
    ) throws {
        guard table.count <= 48, table.first.map({ $0 == "_" || $0.isLetter }) == true,
            table.allSatisfy({ $0.isASCII && ($0 == "_" || $0.isLetter || $0.isNumber) })
        else {
            throw PostgresStoreError("the table name '\(table)' is not a plain SQL identifier (letters, digits, _)")
        }
        self.location = location
        self.table = table
        self.retention = retention
        self.logger = logger
        var configuration = location.clientConfiguration()
        // Each replica keeps a few connections at most: the server's default limit is 100 in all.
        configuration.options.maximumConnections = 8
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// The table's name quoted for SQL (it is checked to be a plain identifier).
    private var quoted: String { "\"\(table)\"" }

    /// Connects once and creates the table and its index when they are missing, then checks that
    /// the table has the columns this store uses. Throws a ``PostgresStoreError`` that says why.
    public func prepare() async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw PostgresStoreError("cannot connect to \(location): \(Self.reason(error))")
        }
        do {
            try await connection.withTransaction(logger: logger) { connection in
                _ = try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(lockKey("create")))", logger: logger
                ).collect()
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS \(unescaped: quoted) (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at BIGINT NOT NULL,
                        previous_response_id TEXT,
                        body JSON NOT NULL,
                        input_items JSON NOT NULL,
                        seq BIGINT GENERATED ALWAYS AS IDENTITY
                    )
                    """, logger: logger)
                try await connection.query(
                    """
                    CREATE INDEX IF NOT EXISTS \(unescaped: "\"\(table)_by_creation\"")
                    ON \(unescaped: quoted) (created_at, seq)
                    """, logger: logger)
            }
            _ = try await connection.query(
                "SELECT id, created_at, previous_response_id, body, input_items, seq FROM \(unescaped: quoted) LIMIT 0",
                logger: logger
            ).collect()
        } catch {
            try? await connection.close()
            throw PostgresStoreError("cannot use the table \(table) in \(location): \(Self.reason(error))")
        }
        try? await connection.close()
    }

    /// Runs the connection pool until the service group shuts down (or the task is cancelled).
    public func run() async throws {
        await client.run()
    }

    public func save(_ response: StoredResponse) async throws {
        let body = response.body.jsonString()
        let items = JSONValue.array(response.inputItems).jsonString()
        try await client.query(
            """
            INSERT INTO \(unescaped: quoted) (id, created_at, previous_response_id, body, input_items)
            VALUES (\(response.id), \(response.createdAt), \(response.previousResponseID), \(body)::json, \(items)::json)
            ON CONFLICT (id) DO UPDATE SET body = excluded.body, input_items = excluded.input_items
            """, logger: logger)
        do {
            try await prune()
        } catch {
            // The response is stored; the next save prunes again.
            logger.warning("pruning stored responses failed: \(Self.reason(error))")
        }
    }

    /// Deletes the responses older than the retention's age and those beyond its count (the
    /// newest kept), unless another replica is doing it right now.
    private func prune() async throws {
        let cutoff = retention.cutoff(now: Int(Date().timeIntervalSince1970))
        let keep = retention.maxCount
        try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(\(lockKey("prune")))", logger: logger
            ).collect()
            guard try rows.first?.decode(Bool.self) == true else { return }
            try await connection.query(
                "DELETE FROM \(unescaped: quoted) WHERE created_at < \(cutoff)", logger: logger)
            try await connection.query(
                """
                DELETE FROM \(unescaped: quoted) WHERE (created_at, seq) <= (
                    SELECT created_at, seq FROM \(unescaped: quoted)
                    ORDER BY created_at DESC, seq DESC OFFSET \(keep) LIMIT 1)
                """, logger: logger)
        }
    }

    public func load(_ id: String) async throws -> StoredResponse? {
        let rows = try await client.query(
            """
            SELECT id, created_at, previous_response_id, body::text, input_items::text
            FROM \(unescaped: quoted) WHERE id = \(id)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (found, createdAt, previous, body, items) = try row.decode((String, Int, String?, String, String).self)
        return StoredResponse(
            id: found, createdAt: createdAt, previousResponseID: previous,
            body: try JSONValue(parsing: Array(body.utf8)),
            inputItems: try JSONValue(parsing: Array(items.utf8)).arrayValue ?? [])
    }

    public func delete(_ id: String) async throws -> Bool {
        let rows = try await client.query(
            "DELETE FROM \(unescaped: quoted) WHERE id = \(id) RETURNING id", logger: logger)
        return try await rows.collect().count > 0
    }

    /// Drops the table (tests clean up after themselves). Needs ``run()``.
    package func dropTable() async throws {
        try await client.query("DROP TABLE IF EXISTS \(unescaped: quoted)", logger: logger)
    }

    /// A key for a transaction-scoped advisory lock, the same in every replica using this table
    /// (FNV-1a of the table's name and the purpose).
    private func lockKey(_ purpose: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "chat-server \(table) \(purpose)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// What went wrong, in the server's words where it gave some. (A `PSQLError` describes itself
    /// in general terms only, so as never to leak a query's values into a log.)
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return reason(inner) }
            return "the transaction failed"
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                let detail = error.serverInfo?[.detail].map { ": \($0)" } ?? ""
                return message + detail + state
            }
            if let underlying = error.underlying { return reason(underlying) }
            switch error.code {
            case .serverClosedConnection: return "the server closed the connection without answering"
            case .sslUnsupported: return "the server does not offer TLS (see sslmode)"
            case .authMechanismRequiresPassword: return "the server asks for a password, and the URL has none"
            case .unsupportedAuthMechanism: return "the server asks for a way of logging in this client lacks"
            default: return "\(error.code)"
            }
        case let error as NIOConnectionError:
            return error.connectionErrors.first.map { reason($0.error) } ?? "\(error)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            if case .connectTimeout(let limit) = error {
                return "no answer within \(limit.nanoseconds / 1_000_000_000) s"
            }
            return "\(error)"
        default:
            return "\(error)"
        }
    }
}

/// Why the PostgreSQL store could not be used.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension PostgresResponseStore {
    /// A PostgreSQL server, database and login, from a URL in libpq's form:
    ///
    ///     postgres://user[:password]@host[:port]/database[?sslmode=MODE&sslrootcert=FILE]
    ///     postgresql://user@[::1]:5433/database
    ///     postgres://user@/database?host=/var/run/postgresql&port=5433    (a Unix socket's directory)
    ///
    /// The scheme may be `postgres` or `postgresql`; the user and password are percent-decoded;
    /// the port is 5432 unless given. A host that is a path (in `?host=`, or percent-encoded in
    /// the host's place) is the directory of the server's Unix socket, `.s.PGSQL.<port>`.
    /// `sslmode` is libpq's: `disable`, `prefer` (the default: TLS when the server offers it,
    /// its certificate not checked), `require` (TLS, not checked), `verify-ca` (checked against
    /// `sslrootcert` or the system's roots) or `verify-full` (and the host name too).
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        public enum Endpoint: Sendable, Hashable {
            case tcp(host: String, port: Int)
            /// The socket file itself.
            case socket(path: String)
        }

        public enum SSLMode: String, Sendable, Hashable, CaseIterable {
            case disable, prefer, require
            case verifyCA = "verify-ca"
            case verifyFull = "verify-full"
        }

        public var endpoint: Endpoint
        public var username: String
        public var password: String?
        public var database: String
        public var sslMode: SSLMode
        /// PEM file of the certificates trusted for `verify-ca` and `verify-full`.
        public var sslRootCertificate: String?

        /// Whether `text` names a PostgreSQL server (its scheme is `postgres` or `postgresql`).
        public static func isURL(_ text: String) -> Bool {
            let lowered = text.lowercased()
            return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
        }

        public init(parsing text: String) throws {
            func fail(_ why: String) -> PostgresStoreError {
                PostgresStoreError(
                    "\(why) in the PostgreSQL URL; the form is postgres://user[:password]@host[:port]/database")
            }
            guard Self.isURL(text), let components = URLComponents(string: text) else {
                throw fail("a malformed URL")
            }
            guard let user = components.user, !user.isEmpty else { throw fail("no user") }
            username = user
            password = components.password.flatMap { $0.isEmpty ? nil : $0 }
            let name = String(components.path.drop { $0 == "/" })
            guard !name.isEmpty, !name.contains("/") else { throw fail("no database") }
            database = name
            var port = components.port ?? 5432
            var host = components.host ?? ""
            sslMode = .prefer
            for item in components.queryItems ?? [] {
                let value = item.value ?? ""
                switch item.name {
                case "host": host = value
                case "port": port = Int(value) ?? 0
                case "sslrootcert": sslRootCertificate = value
                case "sslmode":
                    guard let mode = SSLMode(rawValue: value) else {
                        throw fail(
                            "sslmode '\(value)' (one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    sslMode = mode
                default:
                    throw fail("an unsupported parameter '\(item.name)' (host, port, sslmode, sslrootcert are known)")
                }
            }
            guard (1...65535).contains(port) else { throw fail("a port out of range") }
            if host.hasPrefix("/") {
                endpoint = .socket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
            } else {
                if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                guard !host.isEmpty else { throw fail("no host") }
                endpoint = .tcp(host: host, port: port)
            }
        }

        /// The URL without its password, for logs and messages.
        public var description: String {
            switch endpoint {
            case .tcp(let host, let port):
                let place = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
                return "postgres://\(username)@\(place)/\(database)"
            case .socket(let path):
                return "postgres://\(username)@/\(database) (socket \(path))"
            }
        }

        /// NIOSSL's settings for the sslmode (nil: no TLS).
        private func tlsConfiguration() -> TLSConfiguration? {
            guard sslMode != .disable, case .tcp = endpoint else { return nil }
            var tls = TLSConfiguration.makeClientConfiguration()
            switch sslMode {
            case .disable, .prefer, .require: tls.certificateVerification = .none
            case .verifyCA: tls.certificateVerification = .noHostnameVerification
            case .verifyFull: tls.certificateVerification = .fullVerification
            }
            if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
            return tls
        }

        func clientConfiguration() -> PostgresClient.Configuration {
            switch endpoint {
            case .socket(let path):
                return .init(unixSocketPath: path, username: username, password: password, database: database)
            case .tcp(let host, let port):
                let tls: PostgresClient.Configuration.TLS =
                    switch (tlsConfiguration(), sslMode) {
                    case (nil, _): .disable
                    case (let tls?, .prefer): .prefer(tls)
                    case (let tls?, _): .require(tls)
                    }
                return .init(
                    host: host, port: port, username: username, password: password, database: database, tls: tls)
            }
        }

        func connectionConfiguration() throws -> PostgresConnection.Configuration {
            switch endpoint {
            case .socket(let path):
                return .init(unixSocketPath: path, username: username, password: password, database: database)
            case .tcp(let host, let port):
                var tls = PostgresConnection.Configuration.TLS.disable
                if let configuration = tlsConfiguration() {
                    let context = try NIOSSLContext(configuration: configuration)
                    tls = sslMode == .prefer ? .prefer(context) : .require(context)
                }
                return .init(
                    host: host, port: port, username: username, password: password, database: database, tls: tls)
            }
        }
    }
}
