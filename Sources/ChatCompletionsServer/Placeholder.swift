// ChatCompletionsServer: work in progress; see the issues.
