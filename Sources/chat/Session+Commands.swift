import ArgumentParser
import ChatCompletionsAPI
import Foundation

extension Session {
    /// What to do after a command.
    enum CommandOutcome {
        /// Read the next line.
        case proceed
        /// Leave.
        case quit
        /// Every call of the model's last turn has its result now: send them for its answer.
        case sendResults
    }

    static let help = """
        /system TEXT      set the system prompt (/system alone clears it)
        /model NAME       use another model (/model alone shows it)
        /set NAME VALUE   set a request parameter, e.g. /set temperature 0.2, /set stop ["END"]
        /unset NAME       remove a request parameter
        /limit [N|none]   the answer limit sent when no max_tokens is set (default 1024;
                          /limit alone shows it, none sends no limit)
        /params           show the parameters
        /tool [ID|N] TEXT answer the model's tool call with TEXT (ID, or N from 1, picks one of
                          several calls); once every call has its result, they are sent and the
                          model goes on. /tool alone lists the calls waiting for a result
        /history          show the conversation, tool calls and results included
        /reset            forget the conversation (keeps system prompt and parameters)
        /help             show this
        /quit             leave (also /exit, or end of input)
        """

    /// Runs a /command.
    mutating func command(_ line: String) throws -> CommandOutcome {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "quit", "exit":
            return .quit
        case "help":
            Console.line(Self.help)
        case "system":
            systemPrompt = argument.isEmpty ? nil : argument
            Console.line(argument.isEmpty ? "system prompt cleared" : "system prompt set")
        case "model":
            if !argument.isEmpty { template.model = argument }
            Console.line("model: \(template.model)")
        case "set":
            let pieces = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { throw ValidationError("usage: /set NAME VALUE") }
            template = try template.setting(pieces[0], to: pieces[1])
            Console.line("\(ChatCompletionRequest.wireName(pieces[0])) set")
        case "unset":
            guard !argument.isEmpty else { throw ValidationError("usage: /unset NAME") }
            template = try template.setting(argument, to: nil)
            Console.line("\(ChatCompletionRequest.wireName(argument)) unset")
        case "params":
            showParameters()
        case "limit":
            if argument == "none" || argument == "0" {
                answerLimit = nil
            } else if !argument.isEmpty {
                guard let limit = Int(argument), limit > 0 else { throw ValidationError("usage: /limit [N|none]") }
                answerLimit = limit
            }
            if Self.setsLimit(template) {
                Console.line("answer limit: set by the request's own max_tokens (/unset it to use /limit)")
            } else {
                Console.line("answer limit: \(answerLimit.map { "\($0) tokens" } ?? "none")")
            }
        case "tool":
            return try answerToolCall(argument)
        case "history":
            for message in history { Console.line(Self.describe(message)) }
        case "reset":
            history = []
            Console.line("conversation reset")
        default:
            throw ValidationError("unknown command /\(name); /help lists the commands")
        }
        return .proceed
    }

    /// Records `/tool [ID|N] RESULT` as the `tool` message answering a call of the model's last turn
    /// (the only one waiting, when no call is named); `/tool` alone lists the calls waiting. A
    /// first word that is a call's id, or its number from 1, names the call when text follows it.
    mutating func answerToolCall(_ argument: String) throws -> CommandOutcome {
        let calls = lastTurnCalls
        let waiting = waitingCalls
        guard !waiting.isEmpty else { throw ValidationError("no tool call waits for a result") }
        if argument.isEmpty {
            for (number, call) in zip(1..., calls) where waiting.contains(where: { $0.id == call.id }) {
                Console.line("\(number) [tool call \(call.id)] \(call.function.name)(\(call.function.arguments))")
            }
            return .proceed
        }
        var chosen: ToolCall?
        var result = argument
        let pieces = argument.split(separator: " ", maxSplits: 1).map(String.init)
        if pieces.count == 2 {
            if let call = calls.first(where: { $0.id == pieces[0] }) {
                chosen = call
            } else if let number = Int(pieces[0]), calls.indices.contains(number - 1) {
                chosen = calls[number - 1]
            }
            if chosen != nil { result = pieces[1].trimmingCharacters(in: .whitespaces) }
        }
        if chosen == nil {
            guard waiting.count == 1 else {
                throw ValidationError(
                    "\(waiting.count) tool calls wait for their results: name one, /tool ID RESULT or "
                        + "/tool N RESULT (/tool lists them)")
            }
            chosen = waiting[0]
        }
        guard let call = chosen, waiting.contains(where: { $0.id == call.id }) else {
            throw ValidationError("the tool call \(chosen?.id ?? "") has its result already")
        }
        history.append(.tool(result, toolCallID: call.id))
        let left = waitingCalls
        if left.isEmpty { return .sendResults }
        let names = left.map { "\($0.id) (\($0.function.name))" }
        Console.line("result for \(call.id) kept; still waiting: " + names.joined(separator: ", "))
        return .proceed
    }

    /// A message as /history shows it: the role, the text, an assistant's tool calls, and the call
    /// a tool result answers.
    static func describe(_ message: ChatMessage) -> String {
        switch message {
        case .assistant(let assistant):
            var parts: [String] = []
            if let text = assistant.content?.joinedText(), !text.isEmpty { parts.append(text) }
            if let refusal = assistant.refusal { parts.append("[refusal] \(refusal)") }
            for call in assistant.toolCalls ?? [] {
                parts.append("[tool call \(call.id)] \(call.function.name)(\(call.function.arguments))")
            }
            return "assistant: " + parts.joined(separator: "\n  ")
        case .tool(let result):
            return "tool (\(result.toolCallID)): \(result.content.joinedText())"
        default:
            return "\(message.role.rawValue): \(message.content?.joinedText() ?? "")"
        }
    }

    /// Prints the model, the system prompt and the parameters that are set.
    func showParameters() {
        Console.line("model: \(template.model)")
        Console.line("system: \(systemPrompt ?? "(none)")")
        var object = (try? JSONValueEncoder().encode(template).objectValue) ?? [:]
        _ = object.removeValue(forKey: "messages")
        _ = object.removeValue(forKey: "model")
        for (key, value) in object { Console.line("\(key): \(value.jsonString())") }
        if !Self.setsLimit(template) { Console.line("answer limit: \(answerLimit.map(String.init) ?? "none")") }
    }
}
