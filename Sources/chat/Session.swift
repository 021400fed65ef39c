import ArgumentParser
import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation

/// A conversation: the parameters every turn is sent with, the system prompt and the history.
struct Session: Sendable {
    let client: ChatClient
    /// The request every turn starts from (its messages are the session's).
    var template: ChatCompletionRequest
    let output: OutputOptions
    var systemPrompt: String?
    var history: [ChatMessage] = []
    /// Tools the model may call, run by the tool runner (those of `--mcp` servers).
    var tools: [ChatTool] = []

    init(client: ChatClient, template: ChatCompletionRequest, output: OutputOptions) {
        self.client = client
        self.template = template
        self.output = output
    }

    // MARK: - Turns

    /// How a turn ended: the messages it adds to the conversation, and whether it was stopped.
    struct Outcome: Sendable {
        var messages: [ChatMessage]
        var stopped = false
    }

    /// Sends one user message, shows the answer, and keeps both in the history.
    mutating func turn(_ text: String) async throws {
        history += try await respond(to: text).messages
    }

    /// Sends one user message with the history and shows the answer as it comes. When the task is
    /// cancelled while the answer streams, the answer so far is kept (nothing, when none was shown).
    func respond(to text: String) async throws -> Outcome {
        var request = template
        request.messages = (systemPrompt.map { [ChatMessage.system($0)] } ?? []) + history + [.user(text)]
        if !tools.isEmpty { return try await runTools(request) }
        let (completion, stopped) = try await answer(request)
        var messages: [ChatMessage] = [.user(text)]
        if let message = completion?.choices.first?.message, !stopped || !(message.content ?? "").isEmpty {
            messages.append(.assistant(AssistantMessage(message)))
        }
        if stopped && messages.count == 1 { messages = [] }
        return Outcome(messages: messages, stopped: stopped)
    }

    /// Runs a turn with the tool runner: text streams as it comes, each call and result is shown.
    func runTools(_ request: ChatCompletionRequest) async throws -> Outcome {
        let shown = ShownText()
        let user = request.messages.last.map { [$0] } ?? []
        do {
            let runner = ToolRunner(tools: tools)
            let result: ToolRunResult
            if output.noStream {
                result = try await runner.run(request, client: client)
                for record in result.calls {
                    Console.line(
                        "[tool call \(record.call.id)] \(record.call.function.name)(\(record.call.function.arguments))")
                    Self.show(record)
                }
                Console.line(result.content ?? "")
            } else {
                result = try await runner.run(request, client: client) { event in
                    switch event {
                    case .text(let text):
                        Console.write(text)
                        shown.add(text)
                    case .completion:
                        if shown.endsOpenLine() { Console.write("\n") }
                    case .toolCall(let call):
                        Console.line("[tool call \(call.id)] \(call.function.name)(\(call.function.arguments))")
                    case .toolResult(let record):
                        Self.show(record)
                    }
                }
            }
            if output.usage, let usage = result.usage {
                Console.note(
                    "usage: prompt \(usage.promptTokens), completion \(usage.completionTokens), total \(usage.totalTokens)"
                )
            }
            return Outcome(messages: Array(result.messages.dropFirst(request.messages.count - 1)))
        } catch is CancellationError {
            let text = shown.text
            if text.isEmpty { return Outcome(messages: [], stopped: true) }
            if shown.endsOpenLine() { Console.write("\n") }
            return Outcome(messages: user + [.assistant(AssistantMessage(content: .text(text)))], stopped: true)
        }
    }

    /// Prints a tool's result, shortened to a few lines.
    static func show(_ record: ToolRunResult.Call) {
        var lines = record.result.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 6 { lines = lines.prefix(6) + ["…"] }
        Console.line("[tool result \(record.call.id)] " + lines.joined(separator: "\n"))
    }

    /// Asks for the answer the way the output options say and shows it. When the task is
    /// cancelled, returns what came so far (`nil` when nothing did) and `stopped`.
    func answer(_ request: ChatCompletionRequest) async throws -> (completion: ChatCompletion?, stopped: Bool) {
        var request = request
        if output.usage && !output.noStream { request.streamOptions = StreamOptions(includeUsage: true) }
        do {
            if output.raw { return (try await rawAnswer(request), false) }
            if output.noStream {
                let completion = try await client.createChatCompletion(request)
                show(completion, contentShown: false)
                return (completion, false)
            }
        } catch is CancellationError {
            return (nil, true)
        }
        var accumulator = ChatCompletionAccumulator()
        let live = (request.n ?? 1) == 1
        var lastText = ""
        var stopped = false
        do {
            let stream = try await client.streamChatCompletion(request)
            for try await chunk in stream {
                accumulator.add(chunk)
                guard live else { continue }
                for choice in chunk.choices where choice.index == 0 {
                    if let text = choice.delta.content, !text.isEmpty {
                        Console.write(text)
                        lastText = text
                    }
                }
            }
        } catch is CancellationError {
            stopped = true
        }
        if !lastText.isEmpty && !lastText.hasSuffix("\n") { Console.write("\n") }
        if stopped { return (accumulator.chunkCount > 0 ? accumulator.completion : nil, true) }
        let completion = accumulator.completion
        show(completion, contentShown: live)
        return (completion, false)
    }

    /// Prints the wire JSON and returns the completion it makes up.
    func rawAnswer(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        if output.noStream {
            let response = try await client.createChatCompletionResponse(request)
            Console.line(String(decoding: response.body, as: UTF8.self))
            return response.value
        }
        var accumulator = ChatCompletionAccumulator()
        for try await event in try await client.streamChatCompletionEvents(request) {
            Console.line(event.data)
            switch try ChatCompletionStreamEvent(event) {
            case .chunk(let chunk): accumulator.add(chunk)
            case .done: return accumulator.completion
            case .error(let apiError):
                throw ChatClientError(code: .streamError, message: apiError.message, apiError: apiError)
            }
        }
        return accumulator.completion
    }

    /// Prints what of a completion was not streamed already: content (unless shown), refusals, tool
    /// calls, log probabilities, a cut-off note and usage.
    func show(_ completion: ChatCompletion, contentShown: Bool) {
        let several = completion.choices.count > 1
        for choice in completion.choices {
            if several { Console.line("[choice \(choice.index)]") }
            if !contentShown, let content = choice.message.content, !content.isEmpty {
                Console.write(content.hasSuffix("\n") ? content : content + "\n")
            }
            if let refusal = choice.message.refusal { Console.line("[refusal] \(refusal)") }
            for call in choice.message.toolCalls ?? [] {
                Console.line("[tool call \(call.id)] \(call.function.name)(\(call.function.arguments))")
            }
            if let tokens = choice.logprobs?.content, !tokens.isEmpty {
                Console.line("[logprobs]")
                for token in tokens { Console.line(Self.describe(token)) }
            }
            if choice.finishReason == .length {
                Console.note(
                    "chat: (\(several ? "choice \(choice.index)" : "the answer") was cut off by the token limit)")
            }
        }
        if let prompt = completion.promptLogprobs, !prompt.isEmpty {
            Console.line("[prompt logprobs]")
            for token in prompt { Console.line(Self.describe(token)) }
        }
        if output.usage, let usage = completion.usage {
            Console.note(
                "usage: prompt \(usage.promptTokens), completion \(usage.completionTokens), total \(usage.totalTokens)")
        }
    }

    static func describe(_ token: TokenLogprob) -> String {
        var line = "  \(quoted(token.token))\t" + String(format: "%.4f", token.logprob)
        if !token.topLogprobs.isEmpty {
            line +=
                "\t"
                + token.topLogprobs.map { "\(quoted($0.token)) " + String(format: "%.4f", $0.logprob) }
                .joined(separator: ", ")
        }
        return line
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).jsonString() }

    // MARK: - Interactive

    /// Reads turns and /commands from standard input until it ends or /quit. On a terminal it
    /// prompts, Ctrl-C stops the answer in progress (the conversation keeps what was shown), and
    /// Ctrl-C at an empty prompt right after another Ctrl-C leaves, as Ctrl-D does; otherwise every
    /// line is a turn, and a failed turn makes the exit status 1.
    mutating func interact() async throws {
        let terminal = Console.inputIsTerminal
        let input = TerminalInput(catchInterrupts: terminal)
        if terminal {
            Console.line(
                "chat with \(template.model) at \(client.configuration.baseURL); /help lists commands, "
                    + "Ctrl-C stops an answer, Ctrl-D leaves.")
        }
        var failed = false
        var interrupted = false
        var events = input.events.makeAsyncIterator()
        reading: while true {
            if terminal { Console.write("> ") }
            let line: String
            switch await events.next() {
            case .end?, nil:
                if terminal { Console.line() }
                break reading
            case .interrupt?:
                Console.line()
                if interrupted { break reading }
                interrupted = true
                Console.line("(Ctrl-C again or Ctrl-D to leave)")
                continue
            case .line(let text)?:
                line = text
            }
            interrupted = false
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text.hasPrefix("/") {
                do {
                    if try command(text) == .quit { break }
                } catch {
                    Console.error(error)
                    failed = true
                }
                continue
            }
            do {
                let session = self
                let outcome = try await input.interruptible { try await session.respond(to: text) }
                history += outcome.messages
                if outcome.stopped {
                    Console.note("(stopped)")
                    interrupted = true
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                Console.error(error)
                failed = true
            }
        }
        if failed && !terminal { throw ExitCode(1) }
    }
}
