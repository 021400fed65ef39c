import ArgumentParser
import ChatCompletionsAPI

extension ChatCompletionRequest {
    /// The wire name for a parameter name as typed: dashes become underscores (`top-k` → `top_k`).
    static func wireName(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    /// The parameters `--param` and `/set` take: every request member the contract defines, but the
    /// messages, the model and `stream`.
    static var settableParameterNames: [String] {
        parameterNames.filter { !["messages", "model", "stream"].contains($0) }
    }

    /// This request with one parameter set (or, with `nil`, removed) by its wire name, the value
    /// read as JSON (or taken as a string when it is not JSON). The contract's own strict decoding
    /// and rules check the result, so an unknown name or a bad value is an error in their words.
    /// Messages, the model and `stream` are not parameters here.
    func setting(_ name: String, to text: String?) throws -> ChatCompletionRequest {
        let key = Self.wireName(name)
        guard !["messages", "model", "stream"].contains(key) else {
            throw ValidationError("'\(key)' is not a parameter to set; choose the model with --model or /model")
        }
        guard Self.parameterNames.contains(key) else {
            let instead = Self.deprecatedParameters[key].map { " (use '\($0)' instead)" } ?? ""
            throw ValidationError(
                "'\(key)' is not a request parameter\(instead); the parameters are "
                    + Self.settableParameterNames.joined(separator: ", ")
                    + " (fields outside the contract go in --extra-body)")
        }
        var extra = extraBody ?? [:]
        var object = try JSONValueEncoder().encode(self).objectValue ?? [:]
        for member in extra.keys { _ = object.removeValue(forKey: member) }
        if let text {
            object[key] = (try? JSONValue(parsing: text)) ?? .string(text)
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
        // Check the parameters with a stand-in conversation and model.
        var probe = updated
        probe.messages = [.user("-")]
        if probe.model.isEmpty { probe.model = "-" }
        if let issue = probe.validationIssues().first { throw ValidationError(issue.message) }
        return updated
    }
}
