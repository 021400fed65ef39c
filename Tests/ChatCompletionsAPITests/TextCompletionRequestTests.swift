import ChatCompletionsAPI
import Testing

/// `/v1/completions`, `/tokenize` and `/detokenize` requests are typed like chat's: decoded strictly
/// by the same decoder, and their sampling members checked by the same rules.
@Suite struct TextCompletionRequestTests {
    static func decode(_ json: String) throws(InvalidRequestError) -> TextCompletionRequest {
        try TextCompletionRequest(jsonBytes: Array(json.utf8))
    }

    static func issue(_ json: String) -> InvalidRequestError? {
        requestError { () throws(InvalidRequestError) in try decode(json).validate() }
    }

    @Test func everyPromptShapeDecodesAndListsItsPrompts() throws {
        #expect(try Self.decode(#"{"model":"m","prompt":"Once"}"#).prompts == [.text("Once")])
        #expect(try Self.decode(#"{"model":"m","prompt":["a","b"]}"#).prompts == [.text("a"), .text("b")])
        #expect(try Self.decode(#"{"model":"m","prompt":[1,2,3]}"#).prompts == [.tokens([1, 2, 3])])
        #expect(try Self.decode(#"{"model":"m","prompt":[[1],[2,3]]}"#).prompts == [.tokens([1]), .tokens([2, 3])])
        // JSON's 2.0 is the integer 2, as for every integer of the chat request.
        #expect(try Self.decode(#"{"model":"m","prompt":[2.0],"max_tokens":4.0}"#).prompts == [.tokens([2])])
        for bad in [#"[]"#, #"[[]]"#, #"["a",1]"#, #"[1.5]"#, #"{}"#, #"[[1],"a"]"#] {
            let error = requestError { () throws(InvalidRequestError) in
                _ = try Self.decode(#"{"model":"m","prompt":"# + bad + "}")
            }
            #expect(error?.param == "prompt", "\(bad)")
            #expect(error?.code == "invalid_type", "\(bad)")
        }
    }

    @Test func unknownMembersAndWrongTypesNameTheParameter() {
        #expect(Self.issue(#"{"model":"m","prompt":"x","messages":[]}"#)?.code == "unknown_parameter")
        #expect(Self.issue(#"{"model":"m","prompt":"x","messages":[]}"#)?.param == "messages")
        #expect(Self.issue(#"{"model":"m","prompt":"x","echo":"yes"}"#)?.param == "echo")
        #expect(Self.issue(#"{"model":"m"}"#)?.param == "prompt")
        #expect(
            Self.issue(#"{"model":"m","prompt":"x","stream_options":{"include_usage":true}}"#)?.param
                == "stream_options")
        #expect(Self.issue(#"{"model":"m","prompt":"x","logprobs":6}"#)?.param == "logprobs")
        #expect(Self.issue(#"{"model":"m","prompt":"x","max_tokens":0}"#) == nil)
    }

    /// The sampling members' rules are the chat request's, word for word.
    @Test func samplingRulesAreTheChatRequestsOwn() throws {
        let members = [
            #""temperature":2.5"#, #""top_p":-1"#, #""frequency_penalty":3"#, #""presence_penalty":-3"#,
            #""min_p":2"#, #""top_k":-1"#, #""repetition_penalty":0"#, #""n":0"#, #""stop":["a","b","c","d","e"]"#,
            ##""stop":"""##, #""logit_bias":{"x":1}"#, #""logit_bias":{"5":101}"#,
        ]
        for member in members {
            let text = Self.issue(#"{"model":"m","prompt":"x","# + member + "}")
            let chat = requestError { () throws(InvalidRequestError) in
                try ChatCompletionRequest(
                    jsonBytes: Array(
                        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"# + member + "}").utf8)
                ).validate()
            }
            #expect(text != nil, "\(member)")
            #expect(text == chat, "\(member)")
        }
    }

    @Test func tokenizeAndDetokenizeAreDecodedStrictly() throws {
        let tokenize = try TokenizeRequest(jsonBytes: Array(#"{"content":"hi","with_pieces":true}"#.utf8))
        #expect(tokenize.content == "hi" && tokenize.withPieces == true && tokenize.addSpecial == nil)
        #expect(try DetokenizeRequest(jsonBytes: Array(#"{"tokens":[1,2.0]}"#.utf8)).tokens == [1, 2])
        let wrong = requestError { () throws(InvalidRequestError) in
            _ = try DetokenizeRequest(jsonBytes: Array(#"{"tokens":[1,"a"]}"#.utf8))
        }
        #expect(wrong?.param == "tokens[1]")
        let unknown = requestError { () throws(InvalidRequestError) in
            _ = try TokenizeRequest(jsonBytes: Array(#"{"content":"hi","text":"x"}"#.utf8))
        }
        #expect(unknown?.code == "unknown_parameter")
    }
}
