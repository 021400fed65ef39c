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
    /// The answer limit sent as `max_completion_tokens` when the request sets no limit of its own
    /// (nil: none is sent). `/limit` changes it.
    var answerLimit: Int? = ParameterOptions.defaultAnswerLimit

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
    /// Refused while tool calls wait for their results (a provider refuses such a conversation).
    func respond(to text: String) async throws -> Outcome {
        if let problem = waitingCallsProblem { throw problem }
        return try await respond(adding: [.user(text)])
    }

    /// Sends the conversation with `new` messages after it (none: the history ends with the tool
    /// results the model waits for) and shows the answer as it comes. The outcome holds `new` and
    /// the answer; a stopped answer keeps its text only (a call cut off is no call to answer), and
    /// when nothing was shown it adds nothing.
    func respond(adding new: [ChatMessage]) async throws -> Outcome {
        var request = template
        request.messages = (systemPrompt.map { [ChatMessage.system($0)] } ?? []) + history + new
        if let answerLimit, !Self.setsLimit(request) { request.maxCompletionTokens = answerLimit }
        // As the tool runner does: results go back with `auto`, or a forced call would come again.
        if case .tool? = request.messages.last, let choice = request.toolChoice, Self.forcesCall(choice) {
            request.toolChoice = .auto
        }
        if !tools.isEmpty { return try await runTools(request, new: new) }
        let (completion, stopped) = try await answer(request)
        var messages = new
        if let message = completion?.choices.first?.message, !stopped || !(message.content ?? "").isEmpty {
            var kept = AssistantMessage(message)
            if stopped { kept.toolCalls = nil }
            messages.append(.assistant(kept))
        }
        if stopped && messages.count == new.count { messages = [] }
        return Outcome(messages: messages, stopped: stopped)
    }

    /// Whether a request limits its answer itself (by a member or in its extra body).
    static func setsLimit(_ request: ChatCompletionRequest) -> Bool {
        request.maxTokens != nil || request.maxCompletionTokens != nil
            || request.extraBody?["max_tokens"] != nil || request.extraBody?["max_completion_tokens"] != nil
    }

    /// Whether a tool choice makes the model call a tool.
    static func forcesCall(_ choice: ToolChoice) -> Bool {
        switch choice {
        case .required, .function, .custom: return true
        case .allowedTools(let allowed): return allowed.mode == .required
        default: return false
        }
    }

    // MARK: - Tool calls answered by hand

    /// The tool calls of the model's last turn, numbered from 1 in `/tool` (none when its last
    /// turn called no tool).
    var lastTurnCalls: [ToolCall] {
        guard let index = history.lastIndex(where: { $0.role == .assistant }),
            case .assistant(let message) = history[index]
        else { return [] }
        return message.toolCalls ?? []
    }

    /// The calls of the model's last turn that no `tool` message answers yet.
    var waitingCalls: [ToolCall] {
        guard let index = history.lastIndex(where: { $0.role == .assistant }) else { return [] }
        var answered = Set<String>()
        for case .tool(let result) in history[(index + 1)...] { answered.insert(result.toolCallID) }
        return lastTurnCalls.filter { !answered.contains($0.id) }
    }

    /// Why a new user message cannot be sent now: calls waiting for their results.
    var waitingCallsProblem: ValidationError? {
        let waiting = waitingCalls
        guard let first = waiting.first else { return nil }
        let what =
            waiting.count == 1
            ? "the tool call \(first.id) (\(first.function.name)) waits for its result"
            : "\(waiting.count) tool calls wait for their results"
        return ValidationError(
            "\(what): answer with /tool first (/tool lists the waiting calls; /reset forgets the conversation)")
    }

    /// What to tell the person at the terminal after a turn whose calls wait for results.
    var waitingCallsHint: String? {
        let waiting = waitingCalls
        guard let first = waiting.first else { return nil }
        if waiting.count == 1 {
            return "(the tool call \(first.id) waits for its result: type /tool RESULT)"
        }
        return "(\(waiting.count) tool calls wait for their results: type /tool ID RESULT or /tool N RESULT "
            + "for each, N from 1; /tool lists them)"
    }

    /// Runs a turn with the tool runner: text streams as it comes, each call and result is shown.
    /// `new` are the request's last messages, those the turn adds before the answer.
    func runTools(_ request: ChatCompletionRequest, new: [ChatMessage]) async throws -> Outcome {
        let shown = ShownText()
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
            return Outcome(messages: Array(result.messages.dropFirst(request.messages.count - new.count)))
        } catch is CancellationError {
            let text = shown.text
            if text.isEmpty { return Outcome(messages: [], stopped: true) }
            if shown.endsOpenLine() { Console.write("\n") }
            return Outcome(messages: new + [.assistant(AssistantMessage(content: .text(text)))], stopped: true)
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
        if (output.usage || Console.showsStats) && !output.noStream {
            request.streamOptions = StreamOptions(includeUsage: true)
        }
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
        var thinking = false
        var stopped = false
        var pace = AnswerPace()
        do {
            let stream = try await client.streamChatCompletion(request)
            for try await chunk in stream {
                accumulator.add(chunk)
                guard live else { continue }
                for choice in chunk.choices where choice.index == 0 {
                    pace.add(choice.delta)
                    if let thought = choice.delta.reasoningContent, !thought.isEmpty, Console.showsThinking {
                        Console.thinking(thought)
                        lastText = thought
                        thinking = true
                    }
                    if let text = choice.delta.content, !text.isEmpty {
                        if thinking && !lastText.hasSuffix("\n") { Console.write("\n") }
                        thinking = false
                        Console.write(text)
                        lastText = text
                    }
                }
            }
        } catch is CancellationError {
            stopped = true
        }
        if !lastText.isEmpty && !lastText.hasSuffix("\n") { Console.write("\n") }
        if stopped {
            if live, let line = pace.summary(usage: nil) { Console.stats(line) }
            return (accumulator.chunkCount > 0 ? accumulator.completion : nil, true)
        }
        let completion = accumulator.completion
        show(completion, contentShown: live)
        if live, let line = pace.summary(usage: completion.usage) { Console.stats(line) }
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
            if !contentShown, let thought = choice.message.reasoningContent, !thought.isEmpty {
                Console.thinking(thought.hasSuffix("\n") ? thought : thought + "\n")
            }
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
                    "chat: (\(several ? "choice \(choice.index)" : "the answer") was cut off by the token limit; "
                        + "/limit N or --max-tokens N changes it)")
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
    /// line is a turn, and a failed turn makes the exit status 1. Text typed while an answer is
    /// written waits for the next prompt (see ``TerminalInput``). Tool calls the model makes are
    /// answered with /tool; once every call of the turn has its result, the results are sent.
    mutating func interact() async throws {
        let terminal = Console.inputIsTerminal
        let input = TerminalInput(catchInterrupts: terminal, editing: terminal && Console.outputIsTerminal)
        defer { input.close() }
        if terminal {
            Console.line(
                "chat with \(template.model) at \(client.configuration.baseURL); /help lists commands, "
                    + "Ctrl-C stops an answer, Ctrl-D leaves.")
        }
        var failed = false
        var interrupted = false
        reading: while true {
            let line: String
            switch await input.next(prompt: terminal ? "> " : nil) {
            case .end:
                if terminal { Console.line() }
                break reading
            case .interrupt:
                Console.line()
                if interrupted { break reading }
                interrupted = true
                Console.line("(Ctrl-C again or Ctrl-D to leave)")
                continue
            case .line(let text):
                line = text
            }
            interrupted = false
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            // The messages this turn adds before the answer.
            let new: [ChatMessage]
            if text.hasPrefix("/") {
                do {
                    switch try command(text) {
                    case .quit: break reading
                    case .proceed: continue
                    case .sendResults: new = []
                    }
                } catch {
                    Console.error(error)
                    failed = true
                    continue
                }
            } else if let problem = waitingCallsProblem {
                Console.error(problem)
                failed = true
                continue
            } else {
                new = [.user(text)]
            }
            do {
                let session = self
                let outcome = try await input.interruptible { try await session.respond(adding: new) }
                history += outcome.messages
                if outcome.stopped {
                    Console.note("(stopped)")
                    interrupted = true
                }
                if terminal, let hint = waitingCallsHint { Console.note(hint) }
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
