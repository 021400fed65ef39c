import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import Logging
import NIOHTTP1
import TestSupport
import Testing

/// Stored responses in PostgreSQL (`PostgresResponseStore`), on the server that
/// `CHAT_TEST_POSTGRES_URL` names (scripts/run-tests.sh starts a throwaway one with
/// scripts/postgres.sh): saves, loads, replacement, deletion and retention; replicas starting at
/// once; clear failures when the server cannot be reached; and two servers sharing one store, a
/// conversation begun on one retrieved and continued on the other. Each test has a table of its own.
@Suite("PostgreSQL responses store")
struct PostgresStoreTests {
    /// The server's URL; a test fails (never passes unseen) when it is not set.
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CHAT_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Unconfigured()
        }
        return url
    }

    struct Unconfigured: Error, CustomStringConvertible {
        let description = """
            CHAT_TEST_POSTGRES_URL is not set. scripts/run-tests.sh sets it; to run these tests alone: \
            dir=$(mktemp -d); export CHAT_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$dir"); \
            swift test ... --filter PostgresStoreTests; scripts/postgres.sh stop "$dir"
            """
    }

    /// The stores' log: errors only, or the level in `TEST_SERVER_LOG`. (A query sent before the
    /// pool's task has begun waits for it, with a warning that would only be noise here.)
    static let logger = {
        var logger = Logger(label: "test-responses-store")
        logger.logLevel =
            ProcessInfo.processInfo.environment["TEST_SERVER_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        return logger
    }()

    /// A prepared store in a table of its own, its pool running while `body` runs; the table is
    /// dropped afterwards.
    static func withStore<T>(
        retention: ResponseRetention = ResponseRetention(), table: String? = nil,
        _ body: (PostgresResponseStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresResponseStore(
            url: try url(), table: table ?? "test_\(UUID().uuidString.prefix(8).lowercased())",
            retention: retention, logger: logger)
        try await store.prepare()
        let running = Task { try await store.run() }
        defer { running.cancel() }
        do {
            let result = try await body(store)
            try await store.dropTable()
            return result
        } catch {
            try? await store.dropTable()
            throw error
        }
    }

    static func record(
        _ id: String, at createdAt: Int = Int(Date().timeIntervalSince1970), body: JSONValue = [:]
    )
        -> StoredResponse
    {
        StoredResponse(id: id, createdAt: createdAt, previousResponseID: nil, body: body, inputItems: [])
    }

    @Test("URLs: both schemes, IPv6, Unix sockets, percent-decoded logins, sslmode; clear refusals; no password shown")
    func urls() throws {
        typealias Location = PostgresResponseStore.Location
        let plain = try Location(parsing: "postgres://ada:s%40cret@db.example:5433/chat?sslmode=require")
        #expect(plain.endpoint == .tcp(host: "db.example", port: 5433))
        #expect(plain.username == "ada")
        #expect(plain.password == "s@cret")
        #expect(plain.database == "chat")
        #expect(plain.sslMode == .require)
        #expect(plain.description == "postgres://ada@db.example:5433/chat")
        #expect(!plain.description.contains("cret"))
        let other = try Location(parsing: "postgresql://ada@[::1]/chat")
        #expect(other.endpoint == .tcp(host: "::1", port: 5432))
        #expect(other.password == nil)
        #expect(other.sslMode == .prefer)
        #expect(
            try Location(parsing: "postgres://ada@/chat?host=/run/pg").endpoint
                == .socket(path: "/run/pg/.s.PGSQL.5432"))
        #expect(
            try Location(parsing: "postgres://ada@%2Frun%2Fpg:6000/chat").endpoint
                == .socket(path: "/run/pg/.s.PGSQL.6000"))
        #expect(
            try Location(parsing: "postgres://ada@/chat?host=/run/pg&port=6001").endpoint
                == .socket(path: "/run/pg/.s.PGSQL.6001"))
        for (bad, why) in [
            ("postgres://db/chat", "no user"), ("postgres://ada@db", "no database"),
            ("postgres://ada@/chat", "no host"),
            ("postgres://ada@db/chat?sslmode=maybe", "sslmode 'maybe'"), ("postgres://ada@db/chat?x=1", "'x'"),
            ("postgres://ada@db:0/chat", "port"), ("postgres://ada@db/chat?port=70000", "port"),
            ("mysql://ada@db/chat", "malformed"),
        ] {
            #expect(throws: PostgresStoreError.self, "\(bad)") { try Location(parsing: bad) }
            do {
                _ = try Location(parsing: bad)
            } catch {
                #expect("\(error)".contains(why), "\(bad): \(error)")
            }
        }
        #expect(Location.isURL("POSTGRESQL://a@b/c") && !Location.isURL("/var/lib/responses.sqlite"))
        #expect(throws: PostgresStoreError.self) {
            try PostgresResponseStore(url: "postgres://a@b/c", table: "x; DROP")
        }
    }

    @Test("saved, loaded as written (member order, escapes, Unicode), replaced by id keeping its creation, deleted")
    func roundTrip() async throws {
        try await Self.withStore { store in
            let body: JSONValue = [
                "zeta": 1, "alpha": [1.5, "two", nil, true], "text": "naïve 🌊 \"quoted\" \u{0} \n end",
                "nested": ["b": ["c": []], "a": [:]],
            ]
            let items: [JSONValue] = [["type": "message", "role": "user", "content": "Hi"], ["id": "fc_1"]]
            let record = StoredResponse(
                id: "resp_round", createdAt: 1_900_000_000, previousResponseID: "resp_before", body: body,
                inputItems: items)
            try await store.save(record)
            let loaded = try #require(try await store.load("resp_round"))
            #expect(loaded == record)
            #expect(loaded.body.jsonString() == body.jsonString(), "member order changed")
            #expect(try await store.load("resp_missing") == nil)

            // A background response is saved queued, then again finished: the second write wins,
            // its creation time and predecessor stay.
            try await store.save(
                StoredResponse(
                    id: "resp_round", createdAt: 1_900_000_999, previousResponseID: nil, body: ["status": "completed"],
                    inputItems: []))
            let replaced = try #require(try await store.load("resp_round"))
            #expect(replaced.body == ["status": "completed"])
            #expect(replaced.inputItems.isEmpty)
            #expect(replaced.createdAt == 1_900_000_000)
            #expect(replaced.previousResponseID == "resp_before")

            #expect(try await store.delete("resp_round"))
            #expect(try await store.delete("resp_round") == false)
            #expect(try await store.load("resp_round") == nil)
        }
    }

    @Test("retention: the newest COUNT are kept (ties in one second by order of saving), none older than AGE")
    func retention() async throws {
        try await Self.withStore(retention: ResponseRetention(maxCount: 2)) { store in
            for index in 0..<3 {
                try await store.save(Self.record("resp_\(index)", at: 1_900_000_000 + index, body: ["n": .int(index)]))
            }
            #expect(try await store.load("resp_0") == nil)
            #expect(try await store.load("resp_1")?.body == ["n": 1])
            #expect(try await store.load("resp_2")?.body == ["n": 2])
            // Three in the same second: the one saved first goes.
            for name in ["same_a", "same_b", "same_c"] { try await store.save(Self.record(name, at: 1_950_000_000)) }
            #expect(try await store.load("same_a") == nil)
            #expect(try await store.load("same_b") != nil)
            #expect(try await store.load("same_c") != nil)
            #expect(try await store.load("resp_2") == nil)
        }
        try await Self.withStore(retention: ResponseRetention(maxAge: .seconds(60))) { store in
            try await store.save(Self.record("old", at: Int(Date().timeIntervalSince1970) - 120))
            #expect(try await store.load("old") == nil)
            try await store.save(Self.record("recent", at: Int(Date().timeIntervalSince1970) - 30))
            #expect(try await store.load("recent") != nil)
        }
    }

    @Test("replicas starting at once all create the table (no race), then save into it together")
    func concurrentStart() async throws {
        let table = "test_start_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try Self.url()
        let stores = try (0..<6).map { _ in try PostgresResponseStore(url: url, table: table, logger: Self.logger) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.prepare() } }
            try await group.waitForAll()
        }
        let running = stores.map { store in Task { try await store.run() } }
        defer { running.forEach { $0.cancel() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for turn in 0..<5 { try await store.save(Self.record("resp_\(index)_\(turn)")) }
                }
            }
            try await group.waitForAll()
        }
        for index in stores.indices {
            #expect(try await stores[0].load("resp_\(index)_4") != nil)
        }
        try await stores[0].dropTable()
    }

    @Test("a server that cannot be reached, or a database that is not there, fails prepare() quickly and says why")
    func unreachable() async throws {
        let location = try PostgresResponseStore.Location(parsing: try Self.url())
        guard case .tcp(let host, _) = location.endpoint else { return }
        let closed = try PostgresResponseStore(
            url: "postgres://nobody@\(host):1/none?sslmode=disable", logger: Self.logger)
        let started = ContinuousClock.now
        await #expect {
            try await closed.prepare()
        } throws: { error in
            "\(error)".contains("cannot connect to postgres://nobody@\(host):1/none") && "\(error)".contains("refused")
        }
        // Not the pool's minutes-long wait (bounded generously: a loaded machine is slow, not wrong).
        #expect(ContinuousClock.now - started < .seconds(60))
        var missing = location
        missing.database = "no_such_database"
        await #expect {
            try await PostgresResponseStore(location: missing, logger: Self.logger).prepare()
        } throws: { error in
            "\(error)".contains("database \"no_such_database\" does not exist")
        }
    }

    @Test("chat-server with an unreachable PostgreSQL store exits at once with a clear message")
    func serverExitsWhenUnreachable() async throws {
        let location = try PostgresResponseStore.Location(parsing: try Self.url())
        guard case .tcp(let host, _) = location.endpoint else { return }
        for (url, expected) in [
            ("postgres://nobody:secret@\(host):1/none", "cannot connect to postgres://nobody@\(host):1/none"),
            ("postgres://\(host)/none", "no user"),
        ] {
            let process = Process()
            process.executableURL = try ServerProcess.binary
            process.arguments = ["--port", "0", "--models-dir", LiveServer.modelsDirectory, "--responses-store", url]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            let started = ContinuousClock.now
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0)
            #expect(text.contains(expected), "\(text)")
            #expect(!text.contains("secret"), "the password is shown: \(text)")
            #expect(ContinuousClock.now - started < .seconds(120))
        }
    }

    @Test("chat-server on PostgreSQL: SIGTERM lets a running background response finish and be saved; exits 0")
    func shutdownSavesDrainedResponses() async throws {
        let url = try Self.url()
        // A grace long enough for any machine: the drain must let the response finish, not cancel it.
        let server = try await ServerProcess.start([
            "--parallel", "1", "--responses-store", url, "--shutdown-grace-seconds", "600",
        ])
        let created = try await TestHTTP.post(
            "\(server.baseURL)/v1/responses",
            json: ResponsesTests.request(
                "Write a long story about the sea.", ["max_output_tokens": 64, "background": true]))
        let id = try #require(try created.json["id"]?.stringValue, "\(created.text)")
        try await Task.sleep(for: .milliseconds(300))
        server.terminate()
        #expect(await server.waitForExit(timeout: .seconds(600)) == 0, "\(server.logText)")
        // The store closes last, after the drain: the response was saved finished.
        let store = try PostgresResponseStore(url: url, logger: Self.logger)
        let running = Task { try await store.run() }
        defer { running.cancel() }
        let saved = try #require(try await store.load(id))
        #expect(["completed", "incomplete"].contains(saved.body["status"]?.stringValue ?? ""), "\(saved.body)")
        #expect(!ResponsesTests.outputText(saved.body).isEmpty)
    }

    @Test(
        "two servers share one store: a response made on A is read on B and continued there, then on A again; deleted on B, gone on A"
    )
    func sharedAcrossServers() async throws {
        try await Self.withStore { store in
            let a = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1), responseStore: store)
            let b: LiveServer
            do {
                b = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1), responseStore: store)
            } catch {
                await a.stop()
                throw error
            }
            do {
                try await Self.converse(a, b)
            } catch {
                await a.stop()
                await b.stop()
                throw error
            }
            await a.stop()
            await b.stop()
        }
    }

    static func converse(_ a: LiveServer, _ b: LiveServer) async throws {
        let first = try await ResponsesTests.create(
            a, ResponsesTests.request("My name is Ada. Say hello.", ["temperature": 0]))
        let id = try #require(first["id"]?.stringValue)
        let fetched = try await ResponsesTests.get(b, "/v1/responses/\(id)")
        #expect(fetched.status == 200, "\(fetched.text)")
        #expect(try fetched.json == first)
        let items = try await ResponsesTests.get(b, "/v1/responses/\(id)/input_items").json
        #expect(
            items["data"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"] == "My name is Ada. Say hello.")

        let second = try await ResponsesTests.create(
            b, ResponsesTests.request("What is my name?", ["previous_response_id": .string(id), "temperature": 0]))
        #expect(second["status"] != "failed")
        #expect(second["previous_response_id"] == .string(id))
        let firstInput = try #require(first["usage"]?["input_tokens"]?.intValue)
        let secondInput = try #require(second["usage"]?["input_tokens"]?.intValue)
        #expect(secondInput > firstInput, "B did not read A's turn: \(secondInput) vs \(firstInput)")

        // Back on A, the chain runs through B's turn to A's.
        let third = try await ResponsesTests.create(
            a, ResponsesTests.request("Thanks.", ["previous_response_id": second["id"]!, "temperature": 0]))
        #expect((third["usage"]?["input_tokens"]?.intValue ?? 0) > secondInput)

        let deleted = try await TestHTTP.send(.DELETE, "\(b.baseURL)/v1/responses/\(id)")
        #expect(deleted.status == 200)
        try expectError(try await ResponsesTests.get(a, "/v1/responses/\(id)"), status: 404, code: "response_not_found")
    }
}
