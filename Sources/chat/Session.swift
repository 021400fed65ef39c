import ArgumentParser
import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation

/// A conversation: the parameters every turn is sent with, the system prompt and the history.
struct Session {
    let client: ChatClient
    /// The request every turn starts from (its messages are the session's).
    var template: ChatCompletionRequest
    let output: OutputOptions
    var systemPrompt: String?
    var history: [ChatMessage] = []

    init(client: ChatClient, template: ChatCompletionRequest, output: OutputOptions) {
        self.client = client
        self.template = template
        self.output = output
    }

    // MARK: - Turns

    /// Sends one user message, shows the answer, and keeps both in the history.
    mutating func turn(_ text: String) async throws {
        var request = template
        request.messages = (systemPrompt.map { [ChatMessage.system($0)] } ?? []) + history + [.user(text)]
        let completion = try await answer(request)
        history.append(.user(text))
        if let message = completion.choices.first?.message {
            history.append(.assistant(AssistantMessage(message)))
        }
    }

    /// Asks for the answer the way the output options say and shows it.
    func answer(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        var request = request
        if output.usage && !output.noStream { request.streamOptions = StreamOptions(includeUsage: true) }
        if output.raw { return try await rawAnswer(request) }
        if output.noStream {
            let completion = try await client.createChatCompletion(request)
            show(completion, contentShown: false)
            return completion
        }
        let stream = try await client.streamChatCompletion(request)
        var accumulator = ChatCompletionAccumulator()
        let live = (request.n ?? 1) == 1
        var lastText = ""
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
        if !lastText.isEmpty && !lastText.hasSuffix("\n") { Console.write("\n") }
        let completion = accumulator.completion
        show(completion, contentShown: live)
        return completion
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
    /// prompts; otherwise every line is a turn, and a failed turn makes the exit status 1.
    mutating func interact() async throws {
        let terminal = Console.inputIsTerminal
        if terminal {
            Console.line("chat with \(template.model) at \(client.configuration.baseURL); /help lists commands.")
        }
        var failed = false
        while true {
            if terminal { Console.write("> ") }
            guard let line = readLine() else {
                if terminal { Console.line() }
                break
            }
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
                try await turn(text)
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
