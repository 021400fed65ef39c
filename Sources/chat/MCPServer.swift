import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import MCP

/// A Model Context Protocol server started by `chat --mcp`, connected over stdio, whose tools the
/// model may call through the tool runner.
struct MCPServer: Sendable {
    /// The command that started it.
    let command: String
    /// Its tools, as the tool runner calls them.
    let tools: [ChatTool]
    private let client: Client

    /// Starts `command`, goes through the protocol's handshake and lists the server's tools.
    static func start(command: String) async throws -> MCPServer {
        let client = Client(name: "chat", version: "1.0")
        let transport = ProcessTransport(command: command)
        // The client waits for answers forever; when the server exits, disconnecting fails them.
        Task {
            await transport.waitUntilClosed()
            await client.disconnect()
        }
        do {
            try await client.connect(transport: transport)
            var listed: [MCP.Tool] = []
            var cursor: String?
            repeat {
                let page = try await client.listTools(cursor: cursor)
                listed += page.tools
                cursor = page.nextCursor
            } while cursor != nil
            let tools = try listed.map { try chatTool($0, client: client, transport: transport) }
            return MCPServer(command: command, tools: tools, client: client)
        } catch {
            await client.disconnect()
            throw MCPServerError(command: command, reason: "\(error)")
        }
    }

    /// Disconnects, which ends the server.
    func stop() async {
        await client.disconnect()
    }

    /// A server's tool as a tool the runner calls: the arguments go to the server as they are, and
    /// what it answers comes back as text. An error the server reports (in the result, or as a
    /// protocol error about the call) is text for the model too, so it can try again; a broken
    /// connection stops the run.
    static func chatTool(_ tool: MCP.Tool, client: Client, transport: ProcessTransport) throws -> ChatTool {
        let schema = try JSONValue(parsing: [UInt8](JSONEncoder().encode(tool.inputSchema)))
        return ChatTool(name: tool.name, description: tool.description, parameters: JSONSchema(schema)) { arguments in
            let values = try JSONDecoder().decode([String: Value].self, from: Data(arguments.serialized()))
            let result: (content: [MCP.Tool.Content], isError: Bool?)
            do {
                result = try await client.callTool(name: tool.name, arguments: values)
            } catch let error as MCPError {
                if await transport.isClosed {
                    throw MCPServerError(command: transport.command, reason: "it has exited")
                }
                switch error {
                case .connectionClosed, .transportError: throw error
                default: return "Error: \(error.localizedDescription)"
                }
            }
            let text = result.content.map(describe).joined(separator: "\n")
            return result.isError == true ? "Error: " + text : text
        }
    }

    /// A piece of a tool's result as text.
    static func describe(_ content: MCP.Tool.Content) -> String {
        switch content {
        case .text(let text, _, _): return text
        case .image(_, let mimeType, _, _): return "[image, \(mimeType)]"
        case .audio(_, let mimeType, _, _): return "[audio, \(mimeType)]"
        case .resource(let resource, _, _): return resource.text ?? "[resource \(resource.uri)]"
        case .resourceLink(let uri, let name, _, _, _, _): return "[resource \(name): \(uri)]"
        }
    }
}

/// A Model Context Protocol server that could not be started or asked for its tools.
struct MCPServerError: Error, CustomStringConvertible {
    var command: String
    var reason: String
    var description: String { "the MCP server '\(command)' failed: \(reason)" }
}
