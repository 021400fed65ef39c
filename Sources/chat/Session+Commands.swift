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
            template = try template.setting(pieces[0], to: pieces[1])
            Console.line("\(ChatCompletionRequest.wireName(pieces[0])) set")
        case "unset":
            guard !argument.isEmpty else { throw ValidationError("usage: /unset NAME") }
            template = try template.setting(argument, to: nil)
            Console.line("\(ChatCompletionRequest.wireName(argument)) unset")
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
