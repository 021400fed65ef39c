import ArgumentParser
import ChatCompletionsAPI
import Foundation

extension Session {
    /// What to do after a command.
    enum CommandOutcome {
        case proceed, quit
    }

    static let help = """
        /system TEXT      set the system prompt (/system alone clears it)
        /model NAME       use another model (/model alone shows it)
        /set NAME VALUE   set a request parameter, e.g. /set temperature 0.2, /set stop ["END"]
        /unset NAME       remove a request parameter
        /params           show the parameters
        /history          show the conversation
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
            try set(pieces[0], to: pieces[1])
            Console.line("\(Self.wireName(pieces[0])) set")
        case "unset":
            guard !argument.isEmpty else { throw ValidationError("usage: /unset NAME") }
            try set(argument, to: nil)
            Console.line("\(Self.wireName(argument)) unset")
        case "params":
            showParameters()
        case "history":
            for message in history {
                Console.line("\(message.role.rawValue): \(message.content?.joinedText() ?? "")")
            }
        case "reset":
            history = []
            Console.line("conversation reset")
        default:
            throw ValidationError("unknown command /\(name); /help lists the commands")
        }
        return .proceed
    }

    static func wireName(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    /// Sets (or, with `nil`, removes) a request parameter by its wire name, the value read as JSON
    /// (or taken as a string when it is not JSON), checked by the contract's own decoding and rules.
    mutating func set(_ name: String, to text: String?) throws {
        let key = Self.wireName(name)
        guard !["messages", "model", "stream"].contains(key) else {
            throw ValidationError("'\(key)' is not set with /set; use /model, or just talk")
        }
        var extra = template.extraBody ?? [:]
        var object = try JSONValueEncoder().encode(template).objectValue ?? [:]
        for member in extra.keys { _ = object.removeValue(forKey: member) }
        if let text {
            let value = (try? JSONValue(parsing: text)) ?? .string(text)
            object[key] = value
        } else {
            _ = object.removeValue(forKey: key)
            _ = extra.removeValue(forKey: key)
        }
        var updated: ChatCompletionRequest
        do {
            updated = try JSONValueDecoder().decode(ChatCompletionRequest.self, from: .object(object))
        } catch let error as DecodingError {
            throw ValidationError(InvalidRequestError(error).message)
        }
        updated.extraBody = extra.isEmpty ? nil : extra
        updated.messages = [.user("-")]
        if let issue = updated.validationIssues().first {
            throw ValidationError(issue.message)
        }
        updated.messages = []
        template = updated
    }

    /// Prints the model, the system prompt and the parameters that are set.
    func showParameters() {
        Console.line("model: \(template.model)")
        Console.line("system: \(systemPrompt ?? "(none)")")
        var object = (try? JSONValueEncoder().encode(template).objectValue) ?? [:]
        _ = object.removeValue(forKey: "messages")
        _ = object.removeValue(forKey: "model")
        for (key, value) in object { Console.line("\(key): \(value.jsonString())") }
    }
}
