// ChatCompletionsClient: work in progress; see the issues.
