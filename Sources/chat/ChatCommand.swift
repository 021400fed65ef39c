import ArgumentParser
import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation

/// `chat`: talk to an OpenAI-compatible Chat Completions API from the command line.
@main
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to an OpenAI-compatible chat completions API.",
        discussion: """
            With a prompt, streams one answer to standard output. Without one, opens a session that \
            keeps the conversation; on a terminal it prompts for each turn and takes /commands (/help \
            lists them; Ctrl-C stops an answer, and Ctrl-C twice or Ctrl-D leaves), otherwise every line \
            of standard input is one turn.

            On a terminal, text typed while an answer is written is not echoed into it: the next prompt \
            shows it (a line ended with Enter is then sent as that turn; an unfinished one waits there \
            to be finished).

            Tool calls: with --tools, the model's calls are printed as [tool call ID] NAME(ARGUMENTS) \
            and not run. In a session, answer each with /tool [ID|N] RESULT; once every call of the turn \
            has its result, the results go back as tool messages and the model goes on (/history shows \
            the calls and results). A one-shot run (with a prompt) only prints the calls. With --mcp, a \
            Model Context Protocol server runs for the session and the model may call its tools: chat \
            runs each call and sends the result back until the model answers.

            Answers are limited to \(ParameterOptions.defaultAnswerLimit) tokens (sent as \
            max_completion_tokens) unless a limit is given: --max-tokens N, --max-tokens 0 for none, \
            or /limit in a session. On a terminal, each answer's token count and pace follow it, dimmed.

            When standard output is closed early (chat ... | head -2), chat stops quietly with status 0.

            Environment: CHAT_BASE_URL (default http://127.0.0.1:8080/v1), CHAT_API_KEY or \
            OPENAI_API_KEY, CHAT_MODEL.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var output: OutputOptions

    @Option(
        help: ArgumentHelp(
            "Start a Model Context Protocol server with this shell command (stdio) and let the model call its tools "
                + "(repeatable).", valueName: "command"))
    var mcp: [String] = []

    @Argument(help: "The prompt; without one, an interactive session starts.")
    var prompt: [String] = []

    func validate() throws {
        if !mcp.isEmpty && output.raw {
            throw ValidationError("--raw cannot show a tool run; leave out --raw or --mcp.")
        }
    }

    func run() async throws {
        Console.ignoreBrokenPipes()
        let environment = ProcessInfo.processInfo.environment
        let configuration = try connection.clientConfiguration(environment: environment)
        var template = try parameters.request()
        do {
            try await ChatClient.withClient(configuration) { client in
                if template.model.isEmpty {
                    template.model = try await Self.defaultModel(client: client, environment: environment)
                }
                var session = Session(client: client, template: template, output: output)
                if let system = parameters.system { session.systemPrompt = system }
                session.answerLimit = parameters.answerLimit
                let servers = try await Self.startServers(mcp)
                session.tools = servers.flatMap(\.tools)
                do {
                    if !prompt.isEmpty {
                        try await session.turn(prompt.joined(separator: " "))
                    } else {
                        try await session.interact()
                    }
                } catch {
                    for server in servers { await server.stop() }
                    throw error
                }
                for server in servers { await server.stop() }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error(error)
            throw ExitCode(1)
        }
    }

    /// Starts the MCP servers and checks that their tools have distinct names.
    static func startServers(_ commands: [String]) async throws -> [MCPServer] {
        var servers: [MCPServer] = []
        do {
            for command in commands { servers.append(try await MCPServer.start(command: command)) }
            var seen = Set<String>()
            for tool in servers.flatMap(\.tools) where !seen.insert(tool.name).inserted {
                throw ValidationError("Two MCP servers offer a tool named '\(tool.name)'.")
            }
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        return servers
    }

    /// The model to use when none was given: `CHAT_MODEL`, else the first the provider lists.
    static func defaultModel(client: ChatClient, environment: [String: String]) async throws -> String {
        if let model = environment["CHAT_MODEL"], !model.isEmpty { return model }
        guard let first = try await client.listModels().data.first else {
            throw ValidationError("The provider lists no models; pass --model.")
        }
        return first.id
    }
}
