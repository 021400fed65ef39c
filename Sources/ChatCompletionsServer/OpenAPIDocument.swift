import ChatCompletionsAPI

/// The OpenAPI 3.1 description of exactly what this server serves (`GET /openapi.json`): every
/// route, every status each can answer, reusable `components/schemas` for every body, so that
/// generic tools (schemathesis, client generators) can drive and fuzz it. Tests check real
/// responses against these schemas, and schemathesis runs against the live server in CI.
/// Anthropic's Messages and OpenAI's Responses routes are written apart (``agentsText``) and
/// merged in.
enum OpenAPIDocument {
    static let document: JSONValue = {
        do {
            return merged(try JSONValue(parsing: text), try JSONValue(parsing: agentsText))
        } catch {
            preconditionFailure("the embedded OpenAPI document does not parse: \(error)")
        }
    }()

    /// `base` with `addition` merged in: objects member by member (so that a fragment adds paths
    /// and components beside the main text's), anything else replaced.
    static func merged(_ base: JSONValue, _ addition: JSONValue) -> JSONValue {
        guard var object = base.objectValue, let extra = addition.objectValue else { return addition }
        for (key, value) in extra { object[key] = object[key].map { merged($0, value) } ?? value }
        return .object(object)
    }

    private static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "chat-server",
            "version": "1.0.0",
            "description": "OpenAI-compatible Chat Completions, OpenAI's Responses API and Anthropic's Messages API on local GGUF models (llama.cpp). Every response carries x-request-id: the client's own when it sent one, else a new req_ id (on Anthropic's routes also as request-id, and errors there have Anthropic's envelope). A known path asked with a method it does not serve answers 405 with Allow."
          },
          "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
          "security": [{"bearer": []}, {}],
          "paths": {
            "/v1/chat/completions": {
              "post": {
                "operationId": "createChatCompletion",
                "summary": "Create a chat completion (JSON, or server-sent events with stream: true).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletionRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "A completion; with stream: true, server-sent events each carrying a ChatCompletionChunk, then data: [DONE].",
                    "headers": {
                      "x-request-id": {"$ref": "#/components/headers/RequestID"},
                      "x-schema-validation": {
                        "description": "With a response_format JSON Schema, not streamed: each choice's answer checked against it after generation, comma-separated: valid, invalid, or unchecked (ended by max_tokens, a stop sequence or a tool call).",
                        "schema": {"type": "string"}
                      },
                      "x-schema-unenforced-keywords": {
                        "description": "With a non-strict response_format schema or non-strict function parameters, not streamed: the keywords the grammar does not enforce, as 'keyword at path: why' (paths of function parameters start with tools[i].function.parameters), separated by '; '.",
                        "schema": {"type": "string"}
                      },
                      "x-tool-arguments-validation": {
                        "description": "When the answer makes tool calls, not streamed: for each call over all choices, in order, whether its arguments satisfy its function's parameters (valid, invalid, or unchecked for a schema the validator cannot read), comma-separated.",
                        "schema": {"type": "string"}
                      }
                    },
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/ChatCompletionStreamEvent"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "429": {"$ref": "#/components/responses/TooManyRequests"},
                  "500": {"$ref": "#/components/responses/InternalError"},
                  "503": {"$ref": "#/components/responses/Unavailable"}
                }
              }
            },
            "/chat/completions": {
              "post": {
                "operationId": "createChatCompletionUnversioned",
                "summary": "Create a chat completion (JSON, or server-sent events with stream: true).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletionRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "A completion; with stream: true, server-sent events each carrying a ChatCompletionChunk, then data: [DONE].",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/ChatCompletionStreamEvent"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "429": {"$ref": "#/components/responses/TooManyRequests"},
                  "500": {"$ref": "#/components/responses/InternalError"},
                  "503": {"$ref": "#/components/responses/Unavailable"}
                }
              }
            },
            "/v1/completions": {
              "post": {
                "operationId": "createCompletion",
                "summary": "Create a legacy text completion: the prompt is continued as it is, with no chat template (JSON, or server-sent events with stream: true).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextCompletionRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "A text completion; with stream: true, server-sent events each carrying a text_completion chunk, then data: [DONE].",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/TextCompletion"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/TextCompletionStreamEvent"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "429": {"$ref": "#/components/responses/TooManyRequests"},
                  "500": {"$ref": "#/components/responses/InternalError"},
                  "503": {"$ref": "#/components/responses/Unavailable"}
                }
              }
            },
            "/completions": {
              "post": {
                "operationId": "createCompletionUnversioned",
                "summary": "Create a legacy text completion: the prompt is continued as it is, with no chat template (JSON, or server-sent events with stream: true).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextCompletionRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "A text completion; with stream: true, server-sent events each carrying a text_completion chunk, then data: [DONE].",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/TextCompletion"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/TextCompletionStreamEvent"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "429": {"$ref": "#/components/responses/TooManyRequests"},
                  "500": {"$ref": "#/components/responses/InternalError"},
                  "503": {"$ref": "#/components/responses/Unavailable"}
                }
              }
            },
            "/v1/models": {
              "get": {
                "operationId": "listModels",
                "summary": "The models and LoRA adapters this server serves.",
                "responses": {
                  "200": {
                    "description": "Models and adapters.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              }
            },
            "/v1/models/{id}": {
              "get": {
                "operationId": "retrieveModel",
                "summary": "One model or adapter.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
                "responses": {
                  "200": {
                    "description": "The model.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/tokenize": {
              "post": {
                "operationId": "tokenize",
                "summary": "Token ids of a text, in llama.cpp server's shape.",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenizeRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "Token ids (with with_pieces: ids and their text).",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenizeResponse"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/apply-template": {
              "post": {
                "operationId": "applyTemplate",
                "summary": "The prompt the model's chat template makes of a chat completion request (llama.cpp server's shape).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletionRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "The rendered prompt.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object", "required": ["prompt"], "additionalProperties": false,
                          "properties": {"prompt": {"type": "string"}}
                        }
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "503": {"$ref": "#/components/responses/Unavailable"}
                }
              }
            },
            "/detokenize": {
              "post": {
                "operationId": "detokenize",
                "summary": "The text of token ids, in llama.cpp server's shape.",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DetokenizeRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "The text.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DetokenizeResponse"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/health": {
              "get": {
                "operationId": "health",
                "summary": "Readiness and load; never needs a key.",
                "security": [],
                "responses": {
                  "200": {
                    "description": "Ready, with the current load.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}
                  },
                  "503": {
                    "description": "Not ready (starting or shutting down).",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"type": "object"}}}
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics (vLLM's names); never needs a key.",
                "security": [],
                "responses": {
                  "200": {
                    "description": "Prometheus text exposition format 0.0.4.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"text/plain": {"schema": {"type": "string"}}}
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "responses": {
                  "200": {
                    "description": "This document.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "Only when the server is started with --api-key or --api-key-file."
              }
            },
            "headers": {
              "RequestID": {
                "required": true,
                "description": "The request's id, also on every log line about it.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 128}
              }
            },
            "responses": {
              "BadRequest": {
                "description": "The request is invalid (OpenAI's error envelope, with the parameter concerned).",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "Unauthorized": {
                "description": "No API key, or a wrong one (only when the server has keys).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "WWW-Authenticate": {"required": true, "schema": {"type": "string"}}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "NotFound": {
                "description": "The model, adapter or resource does not exist.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "PayloadTooLarge": {
                "description": "The body is larger than --max-body-size.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "UnsupportedMediaType": {
                "description": "The body is not sent as application/json.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "TooManyRequests": {
                "description": "Every sequence is busy and the queue is full; retry after Retry-After seconds.",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "Retry-After": {"required": true, "schema": {"type": "string"}}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "InternalError": {
                "description": "The server failed (details are in its log, not in the response).",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              },
              "Unavailable": {
                "description": "The server is shutting down or not ready.",
                "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
              }
            },
            "schemas": {
              "TextCompletionRequest": {
                "type": "object",
                "required": ["model", "prompt"],
                "additionalProperties": false,
                "description": "Integers must be written as integers (2, not 2.0). stream_options only with stream: true; best_of must equal n (400), which JSON Schema cannot state. The model decides the rest (400): the prompt and max_tokens must fit its context, n at most --parallel, token ids in its vocabulary.",
                "properties": {
                  "model": {"type": "string"},
                  "prompt": {
                    "description": "A text, several texts (one completion each), or token ids; a prompt that comes to no tokens is a 400.",
                    "oneOf": [
                      {"type": "string", "minLength": 1},
                      {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                      {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/TokenID"}},
                      {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/TokenID"}}}
                    ]
                  },
                  "suffix": {"type": ["string", "null"], "maxLength": 0, "description": "Refused unless empty or null."},
                  "max_tokens": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000},
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128},
                  "best_of": {
                    "type": ["integer", "null"], "minimum": 1, "maximum": 128,
                    "description": "Must equal n (1 when n is left out; else 400), which JSON Schema cannot state."
                  },
                  "stream": {"type": ["boolean", "null"]},
                  "stream_options": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "description": "Only with stream: true.",
                    "properties": {"include_usage": {"type": ["boolean", "null"]}}
                  },
                  "logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 5},
                  "echo": {"type": ["boolean", "null"]},
                  "stop": {
                    "oneOf": [
                      {"type": "null"}, {"type": "string"},
                      {"type": "array", "maxItems": 4, "items": {"type": "string", "minLength": 1}}
                    ]
                  },
                  "presence_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "frequency_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "logit_bias": {"$ref": "#/components/schemas/LogitBias"},
                  "user": {"type": ["string", "null"]},
                  "seed": {"$ref": "#/components/schemas/Seed"},
                  "top_k": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000},
                  "min_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "repetition_penalty": {"type": ["number", "null"], "minimum": 0.01, "maximum": 10},
                  "ignore_eos": {"type": ["boolean", "null"]}
                },
                "allOf": [
                  {
                    "if": {"required": ["stream_options"], "properties": {"stream_options": {"type": "object"}}},
                    "then": {"required": ["stream"], "properties": {"stream": {"const": true}}}
                  }
                ]
              },
              "ChatCompletionStreamEvent": {
                "type": "object",
                "required": ["data"],
                "description": "One server-sent event of a streamed chat completion: data: <ChatCompletionChunk JSON>, data: [DONE] last; an error envelope (ErrorResponse) instead when the run fails after the stream began.",
                "properties": {
                  "event": {"type": "string", "const": "message"},
                  "data": {
                    "anyOf": [
                      {"type": "string", "const": "[DONE]"},
                      {
                        "type": "string", "contentMediaType": "application/json",
                        "contentSchema": {"anyOf": [{"$ref": "#/components/schemas/ChatCompletionChunk"}, {"$ref": "#/components/schemas/ErrorResponse"}]}
                      }
                    ]
                  }
                }
              },
              "TextCompletionStreamEvent": {
                "type": "object",
                "required": ["data"],
                "description": "One server-sent event of a streamed text completion: data: <text_completion chunk JSON> (one choice each; with stream_options.include_usage a last one with usage and no choices), data: [DONE] last; an error envelope (ErrorResponse) instead when the run fails after the stream began.",
                "properties": {
                  "event": {"type": "string", "const": "message"},
                  "data": {
                    "anyOf": [
                      {"type": "string", "const": "[DONE]"},
                      {
                        "type": "string", "contentMediaType": "application/json",
                        "contentSchema": {
                          "anyOf": [
                            {
                              "type": "object", "required": ["id", "object", "created", "model", "choices"],
                              "properties": {
                                "id": {"type": "string"},
                                "object": {"const": "text_completion"},
                                "created": {"type": "integer"},
                                "model": {"type": "string"},
                                "choices": {"type": "array", "maxItems": 1},
                                "usage": {"type": "object"}
                              }
                            },
                            {"$ref": "#/components/schemas/ErrorResponse"}
                          ]
                        }
                      }
                    ]
                  }
                }
              },
              "TokenID": {
                "type": "integer", "minimum": 0,
                "description": "A token id: a non-negative integer, bounded by the model's vocabulary (an id past it is a 400)."
              },
              "LogitBias": {
                "type": ["object", "null"],
                "description": "Token ids (non-negative integers written as strings) to biases from -100 (bans) to 100 (forces). The model's vocabulary bounds the ids (an id past it is a 400).",
                "propertyNames": {"pattern": "^[0-9]+$"},
                "additionalProperties": {"type": "number", "minimum": -100, "maximum": 100}
              },
              "Seed": {"type": ["integer", "null"], "minimum": -9223372036854775808, "maximum": 9223372036854775807},
              "TextCompletion": {
                "type": "object",
                "required": ["id", "object", "created", "model", "choices", "usage"],
                "properties": {
                  "id": {"type": "string"},
                  "object": {"const": "text_completion"},
                  "created": {"type": "integer"},
                  "model": {"type": "string"},
                  "choices": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["index", "text", "logprobs", "finish_reason"],
                      "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "text": {"type": "string"},
                        "finish_reason": {"type": ["string", "null"]},
                        "logprobs": {
                          "oneOf": [
                            {"type": "null"},
                            {
                              "type": "object",
                              "required": ["tokens", "token_logprobs", "top_logprobs", "text_offset"],
                              "properties": {
                                "tokens": {"type": "array", "items": {"type": "string"}},
                                "token_logprobs": {"type": "array", "items": {"type": ["number", "null"]}},
                                "top_logprobs": {"type": "array", "items": {"type": ["object", "null"], "additionalProperties": {"type": "number"}}},
                                "text_offset": {"type": "array", "items": {"type": "integer", "minimum": 0}}
                              }
                            }
                          ]
                        }
                      }
                    }
                  },
                  "usage": {
                    "type": "object",
                    "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
                    "properties": {
                      "prompt_tokens": {"type": "integer", "minimum": 0},
                      "completion_tokens": {"type": "integer", "minimum": 0},
                      "total_tokens": {"type": "integer", "minimum": 0},
                      "prompt_tokens_details": {"type": "object"}
                    }
                  }
                }
              },
              "ErrorResponse": {
                "type": "object",
                "required": ["error"],
                "additionalProperties": false,
                "properties": {
                  "error": {
                    "type": "object",
                    "required": ["message", "type", "param", "code"],
                    "additionalProperties": false,
                    "properties": {
                      "message": {"type": "string"},
                      "type": {"type": "string"},
                      "param": {"type": ["string", "null"]},
                      "code": {"type": ["string", "integer", "null"]}
                    }
                  }
                }
              },
              "Message": {
                "description": "A message of the conversation, by role. A tool message must answer the id of a tool call made by an earlier assistant message (else 400), a rule between messages that JSON Schema cannot state.",
                "oneOf": [
                  {"$ref": "#/components/schemas/InstructionMessage"},
                  {"$ref": "#/components/schemas/UserMessage"},
                  {"$ref": "#/components/schemas/AssistantMessage"},
                  {"$ref": "#/components/schemas/ToolMessage"}
                ]
              },
              "InstructionMessage": {
                "type": "object",
                "required": ["role", "content"],
                "additionalProperties": false,
                "properties": {
                  "role": {"type": "string", "enum": ["system", "developer"]},
                  "content": {
                    "oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/TextPart"}}]
                  },
                  "name": {"type": ["string", "null"]}
                }
              },
              "UserMessage": {
                "type": "object",
                "required": ["role", "content"],
                "additionalProperties": false,
                "properties": {
                  "role": {"type": "string", "const": "user"},
                  "content": {
                    "description": "Text, or content parts. Image (image_url), audio (input_audio) and file parts are answered with 400 unsupported_content by a model that reads text only.",
                    "oneOf": [
                      {"type": "string"},
                      {
                        "type": "array", "minItems": 1,
                        "items": {
                          "oneOf": [
                            {"$ref": "#/components/schemas/TextPart"},
                            {"$ref": "#/components/schemas/ImagePart"},
                            {"$ref": "#/components/schemas/AudioPart"},
                            {"$ref": "#/components/schemas/FilePart"}
                          ]
                        }
                      }
                    ]
                  },
                  "name": {"type": ["string", "null"]}
                }
              },
              "AssistantMessage": {
                "type": "object",
                "required": ["role"],
                "additionalProperties": false,
                "description": "Needs content unless it has tool_calls, a refusal or audio.",
                "properties": {
                  "role": {"type": "string", "const": "assistant"},
                  "content": {
                    "oneOf": [
                      {"type": "string"},
                      {
                        "type": "array", "minItems": 1,
                        "items": {"oneOf": [{"$ref": "#/components/schemas/TextPart"}, {"$ref": "#/components/schemas/RefusalPart"}]}
                      },
                      {"type": "null"}
                    ]
                  },
                  "refusal": {"type": ["string", "null"]},
                  "name": {"type": ["string", "null"]},
                  "tool_calls": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/ToolCall"}},
                  "audio": {
                    "type": ["object", "null"], "required": ["id"], "additionalProperties": false,
                    "properties": {"id": {"type": "string"}}
                  },
                  "reasoning_content": {"type": ["string", "null"], "description": "An assistant turn's earlier thinking, for templates that show it."},
                  "reasoning": {"type": ["string", "null"], "description": "The same as reasoning_content (vLLM's name)."},
                  "annotations": {"description": "Accepted (a returned message sent back as history) and dropped."},
                  "function_call": {"type": "null", "deprecated": true, "description": "Deprecated: only null is accepted; use tool_calls."}
                },
                "anyOf": [
                  {"required": ["content"], "properties": {"content": {"type": ["string", "array"]}}},
                  {"required": ["tool_calls"], "properties": {"tool_calls": {"type": "array", "minItems": 1}}},
                  {"required": ["refusal"], "properties": {"refusal": {"type": "string"}}},
                  {"required": ["audio"], "properties": {"audio": {"type": "object"}}}
                ]
              },
              "ToolMessage": {
                "type": "object",
                "required": ["role", "content", "tool_call_id"],
                "additionalProperties": false,
                "description": "A tool's result. tool_call_id must be the id of a tool call of an earlier assistant message in messages (else 400).",
                "properties": {
                  "role": {"type": "string", "const": "tool"},
                  "content": {
                    "oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/TextPart"}}]
                  },
                  "tool_call_id": {"type": "string", "minLength": 1, "description": "The id of a tool call of an earlier assistant message (else 400)."}
                }
              },
              "TextPart": {
                "type": "object",
                "required": ["type", "text"],
                "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "text"},
                  "text": {"type": "string"},
                  "prompt_cache_breakpoint": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "ImagePart": {
                "type": "object",
                "required": ["type", "image_url"],
                "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "image_url"},
                  "image_url": {
                    "type": "object", "required": ["url"], "additionalProperties": false,
                    "properties": {
                      "url": {"type": "string", "minLength": 1, "description": "An image URL or a base64 data URL."},
                      "detail": {"type": ["string", "null"]}
                    }
                  },
                  "prompt_cache_breakpoint": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "AudioPart": {
                "type": "object",
                "required": ["type", "input_audio"],
                "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "input_audio"},
                  "input_audio": {
                    "type": "object", "required": ["data", "format"], "additionalProperties": false,
                    "properties": {"data": {"type": "string", "description": "Base64 audio."}, "format": {"type": "string"}}
                  },
                  "prompt_cache_breakpoint": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "FilePart": {
                "type": "object",
                "required": ["type", "file"],
                "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "file"},
                  "file": {
                    "type": "object", "additionalProperties": false,
                    "description": "An uploaded file (file_id) or the file inline (file_data, base64).",
                    "anyOf": [
                      {"required": ["file_id"], "properties": {"file_id": {"type": "string"}}},
                      {"required": ["file_data"], "properties": {"file_data": {"type": "string"}}}
                    ],
                    "properties": {
                      "file_id": {"type": ["string", "null"]},
                      "file_data": {"type": ["string", "null"]},
                      "filename": {"type": ["string", "null"]}
                    }
                  },
                  "prompt_cache_breakpoint": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "RefusalPart": {
                "type": "object",
                "required": ["type", "refusal"],
                "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "refusal"},
                  "refusal": {"type": "string"},
                  "prompt_cache_breakpoint": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "ToolCall": {
                "type": "object",
                "required": ["id", "type", "function"],
                "properties": {
                  "id": {"type": "string", "minLength": 1},
                  "type": {"type": "string", "enum": ["function"]},
                  "function": {
                    "type": "object",
                    "required": ["name", "arguments"],
                    "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}
                  }
                }
              },
              "Tool": {
                "type": "object",
                "required": ["type", "function"],
                "additionalProperties": false,
                "description": "A function the model may call (custom tools are refused with 400).",
                "properties": {
                  "type": {"type": "string", "const": "function"},
                  "function": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": false,
                    "properties": {
                      "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                      "description": {"type": ["string", "null"]},
                      "parameters": {"$ref": "#/components/schemas/UserSchema"},
                      "strict": {"type": ["boolean", "null"]}
                    }
                  }
                }
              },
              "UserSchema": {
                "type": ["object", "null"],
                "description": "A JSON Schema, turned into a grammar. Held to this server's bounds (400 beyond them): at most 256 KiB of JSON (1 MiB for all schemas of a request), 5000 properties, objects and arrays nested 10 deep, 1000 enum values, counts (minItems, maxLength, {m,n}) up to 10000; a schema the grammar cannot be built from is a 400 too."
              },
              "ChatCompletionRequest": {
                "type": "object",
                "required": ["model", "messages"],
                "additionalProperties": false,
                "description": "The rules between members are stated in allOf: stream_options only with stream: true; top_logprobs only with logprobs: true; tool_choice required or naming a tool, and parallel_tool_calls, only with tools; loglikelihood and prompt_logprobs agree. Rules JSON Schema cannot state (400): max_tokens and max_completion_tokens equal when both are given, tool names unique, tool_choice naming a declared tool, tool messages answering an earlier call id. The model decides the rest (400): the prompt and max_tokens must fit its context, n at most --parallel, token ids in its vocabulary, a chat template that does not raise.",
                "properties": {
                  "model": {"type": "string", "minLength": 1},
                  "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Message"}},
                  "frequency_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "presence_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "repetition_penalty": {"type": ["number", "null"], "exclusiveMinimum": 0},
                  "logit_bias": {"$ref": "#/components/schemas/LogitBias"},
                  "logprobs": {"type": ["boolean", "null"]},
                  "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20, "description": "Only with logprobs: true."},
                  "max_tokens": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "maximum": 2147483647,
                    "description": "Tokens to generate at most per choice (default: what the context leaves). Given with max_completion_tokens, the two must be equal (else 400), which JSON Schema cannot state."
                  },
                  "max_completion_tokens": {"type": ["integer", "null"], "minimum": 1, "maximum": 2147483647, "description": "The same as max_tokens; given with max_tokens, the two must be equal (else 400)."},
                  "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128, "description": "At most --parallel (else 400)."},
                  "response_format": {
                    "oneOf": [
                      {"type": "null"},
                      {
                        "type": "object", "required": ["type"], "additionalProperties": false,
                        "properties": {"type": {"type": "string", "const": "text"}}
                      },
                      {
                        "type": "object", "required": ["type"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "json_object"},
                          "schema": {"type": ["object", "boolean", "null"], "description": "A JSON Schema for the object (vLLM and llama.cpp's extension); held to the bounds of UserSchema."}
                        }
                      },
                      {
                        "type": "object", "required": ["type", "json_schema"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "json_schema"},
                          "json_schema": {
                            "type": "object", "required": ["name"], "additionalProperties": false,
                            "properties": {
                              "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                              "description": {"type": ["string", "null"]},
                              "schema": {"$ref": "#/components/schemas/UserSchema"},
                              "strict": {"type": ["boolean", "null"]}
                            }
                          }
                        }
                      }
                    ]
                  },
                  "seed": {"$ref": "#/components/schemas/Seed"},
                  "service_tier": {"type": ["string", "null"], "enum": ["auto", "default", "flex", "priority", null]},
                  "stop": {
                    "oneOf": [
                      {"type": "string", "minLength": 1},
                      {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string", "minLength": 1}},
                      {"type": "null"}
                    ]
                  },
                  "stream": {"type": ["boolean", "null"]},
                  "stream_options": {
                    "type": ["object", "null"],
                    "additionalProperties": false,
                    "description": "Only with stream: true.",
                    "properties": {
                      "include_usage": {"type": ["boolean", "null"]},
                      "include_obfuscation": {"enum": [false, null], "description": "Obfuscation is not supported: true is refused."}
                    }
                  },
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "top_k": {"type": ["integer", "null"], "minimum": 0, "maximum": 2147483647},
                  "min_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "ignore_eos": {"type": ["boolean", "null"]},
                  "tools": {
                    "type": ["array", "null"],
                    "maxItems": 128,
                    "items": {"$ref": "#/components/schemas/Tool"},
                    "description": "Up to 128 function tools. Their names must be unique (else 400), a rule JSON Schema cannot state."
                  },
                  "tool_choice": {
                    "description": "none, auto, required (only with tools), or an object forcing one function of tools: it must name a declared tool (else 400), which JSON Schema cannot state.",
                    "oneOf": [
                      {"type": "string", "enum": ["none", "auto", "required"]},
                      {
                        "type": "object", "required": ["type", "function"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "function"},
                          "function": {
                            "type": "object", "required": ["name"], "additionalProperties": false,
                            "properties": {"name": {"type": "string"}}
                          }
                        }
                      },
                      {"type": "null"}
                    ]
                  },
                  "parallel_tool_calls": {"type": ["boolean", "null"], "description": "Only with tools."},
                  "user": {"type": ["string", "null"]},
                  "safety_identifier": {"type": ["string", "null"], "maxLength": 64},
                  "log_prompt": {"type": ["boolean", "null"]},
                  "loglikelihood": {
                    "type": ["boolean", "null"],
                    "description": "The prompt's log probabilities (prompt_logprobs in the response). Must agree with prompt_logprobs: false refuses prompt_logprobs true or a count, true refuses prompt_logprobs false."
                  },
                  "prompt_logprobs": {
                    "description": "vLLM's spelling of loglikelihood: true, or a count of alternatives per prompt token (which implies true).",
                    "oneOf": [{"type": "boolean"}, {"type": "integer", "minimum": 0, "maximum": 20}, {"type": "null"}]
                  },
                  "peft": {"type": ["string", "null"], "description": "A LoRA adapter of the model (404 when there is none by that name)."},
                  "reasoning_effort": {"type": ["string", "null"], "description": "Reaches the chat template as reasoning_effort; none and minimal also set enable_thinking to false, other values to true."},
                  "chat_template_kwargs": {"type": ["object", "null"], "description": "Extra variables for the model's chat template (enable_thinking, reasoning_effort, ...); they win over the ones the server sets."},
                  "reasoning_budget_tokens": {"type": ["integer", "null"], "minimum": 0, "maximum": 2147483647, "description": "The most tokens a reasoning model may think before its thinking is closed."},
                  "modalities": {"type": ["array", "null"], "items": {"type": "string", "const": "text"}, "description": "This server produces text only."},
                  "store": {"type": ["boolean", "null"], "enum": [false, null], "description": "Nothing is stored: true is refused."},
                  "prompt_cache_key": {"type": ["string", "null"], "description": "Accepted and written to the request's log line; caching is automatic (longest shared prefix)."},
                  "verbosity": {"$ref": "#/components/schemas/Unsupported"},
                  "prediction": {"$ref": "#/components/schemas/Unsupported"},
                  "metadata": {"$ref": "#/components/schemas/Unsupported"},
                  "prompt_cache_options": {"$ref": "#/components/schemas/Unsupported"},
                  "web_search_options": {"$ref": "#/components/schemas/Unsupported"},
                  "audio": {"$ref": "#/components/schemas/Unsupported"},
                  "moderation": {"$ref": "#/components/schemas/Unsupported"},
                  "functions": {"type": "null", "deprecated": true, "description": "Deprecated: only null is accepted; use tools."},
                  "function_call": {"type": "null", "deprecated": true, "description": "Deprecated: only null is accepted; use tool_choice."},
                  "prompt_cache_retention": {"type": "null", "deprecated": true, "description": "Deprecated: only null is accepted."}
                },
                "allOf": [
                  {
                    "if": {"required": ["stream_options"], "properties": {"stream_options": {"type": "object"}}},
                    "then": {"required": ["stream"], "properties": {"stream": {"const": true}}}
                  },
                  {
                    "if": {"required": ["top_logprobs"], "properties": {"top_logprobs": {"type": "integer"}}},
                    "then": {"required": ["logprobs"], "properties": {"logprobs": {"const": true}}}
                  },
                  {
                    "anyOf": [
                      {"properties": {"loglikelihood": {"const": false}, "prompt_logprobs": {"enum": [false, null]}}},
                      {"properties": {"loglikelihood": {"const": true}, "prompt_logprobs": {"anyOf": [{"type": "integer"}, {"enum": [true, null]}]}}},
                      {"properties": {"loglikelihood": {"type": "null"}}}
                    ]
                  },
                  {
                    "if": {"required": ["tool_choice"], "properties": {"tool_choice": {"anyOf": [{"const": "required"}, {"type": "object"}]}}},
                    "then": {"required": ["tools"], "properties": {"tools": {"type": "array", "minItems": 1}}}
                  },
                  {
                    "if": {"required": ["parallel_tool_calls"], "properties": {"parallel_tool_calls": {"type": "boolean"}}},
                    "then": {"required": ["tools"], "properties": {"tools": {"type": "array", "minItems": 1}}}
                  }
                ]
              },
              "Unsupported": {
                "type": "null",
                "description": "Not offered by this server: only null (or leaving it out) is accepted; a value is refused with 400 unsupported_parameter."
              },
              "TokenLogprob": {
                "type": "object",
                "required": ["token", "logprob", "bytes", "top_logprobs"],
                "properties": {
                  "token": {"type": "string"},
                  "logprob": {"type": "number", "maximum": 0},
                  "bytes": {"type": ["array", "null"], "items": {"type": "integer", "minimum": 0, "maximum": 255}},
                  "top_logprobs": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["token", "logprob", "bytes"],
                      "properties": {
                        "token": {"type": "string"},
                        "logprob": {"type": "number", "maximum": 0},
                        "bytes": {"type": ["array", "null"], "items": {"type": "integer"}}
                      }
                    }
                  }
                }
              },
              "Logprobs": {
                "type": ["object", "null"],
                "properties": {
                  "content": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/TokenLogprob"}},
                  "refusal": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/TokenLogprob"}}
                }
              },
              "Usage": {
                "type": "object",
                "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
                "properties": {
                  "prompt_tokens": {"type": "integer", "minimum": 0},
                  "completion_tokens": {"type": "integer", "minimum": 0},
                  "total_tokens": {"type": "integer", "minimum": 0},
                  "prompt_tokens_details": {
                    "type": "object",
                    "properties": {"cached_tokens": {"type": "integer", "minimum": 0}, "audio_tokens": {"type": "integer"}}
                  },
                  "completion_tokens_details": {"type": "object"}
                }
              },
              "FinishReason": {"type": ["string", "null"], "enum": ["stop", "length", "tool_calls", null]},
              "ChatCompletion": {
                "type": "object",
                "required": ["id", "object", "created", "model", "choices", "usage", "system_fingerprint", "service_tier"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "pattern": "^chatcmpl-"},
                  "object": {"type": "string", "enum": ["chat.completion"]},
                  "created": {"type": "integer"},
                  "model": {"type": "string"},
                  "system_fingerprint": {"type": "string"},
                  "service_tier": {"type": "string", "enum": ["default", "flex", "priority"]},
                  "usage": {"$ref": "#/components/schemas/Usage"},
                  "prompt_logprobs": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/TokenLogprob"},
                    "description": "With loglikelihood: each prompt token after the first."
                  },
                  "choices": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["index", "message", "finish_reason", "logprobs"],
                      "additionalProperties": false,
                      "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "finish_reason": {"$ref": "#/components/schemas/FinishReason"},
                        "logprobs": {"$ref": "#/components/schemas/Logprobs"},
                        "message": {
                          "type": "object",
                          "required": ["role", "content", "refusal"],
                          "properties": {
                            "role": {"type": "string", "enum": ["assistant"]},
                            "content": {"type": ["string", "null"]},
                            "refusal": {"type": ["string", "null"]},
                            "tool_calls": {"type": "array", "items": {"$ref": "#/components/schemas/ToolCall"}},
                            "reasoning_content": {"type": "string", "description": "The model's thinking, split from its answer."}
                          }
                        }
                      }
                    }
                  }
                }
              },
              "ChatCompletionChunk": {
                "type": "object",
                "required": ["id", "object", "created", "model", "choices"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "pattern": "^chatcmpl-"},
                  "object": {"type": "string", "enum": ["chat.completion.chunk"]},
                  "created": {"type": "integer"},
                  "model": {"type": "string"},
                  "system_fingerprint": {"type": "string"},
                  "service_tier": {"type": "string", "enum": ["default", "flex", "priority"]},
                  "usage": {"anyOf": [{"$ref": "#/components/schemas/Usage"}, {"type": "null"}]},
                  "prompt_logprobs": {"type": "array", "items": {"$ref": "#/components/schemas/TokenLogprob"}},
                  "choices": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["index", "delta", "finish_reason", "logprobs"],
                      "additionalProperties": false,
                      "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "finish_reason": {"$ref": "#/components/schemas/FinishReason"},
                        "logprobs": {"$ref": "#/components/schemas/Logprobs"},
                        "delta": {
                          "type": "object",
                          "additionalProperties": false,
                          "properties": {
                            "role": {"type": "string", "enum": ["assistant"]},
                            "content": {"type": ["string", "null"]},
                            "refusal": {"type": ["string", "null"]},
                            "reasoning_content": {"type": "string"},
                            "tool_calls": {
                              "type": "array",
                              "items": {
                                "type": "object",
                                "required": ["index"],
                                "properties": {
                                  "index": {"type": "integer", "minimum": 0},
                                  "id": {"type": "string"},
                                  "type": {"type": "string", "enum": ["function"]},
                                  "function": {"type": "object", "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}}
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "Model": {
                "type": "object",
                "required": ["id", "object", "created", "owned_by"],
                "properties": {
                  "id": {"type": "string"},
                  "object": {"type": "string", "enum": ["model"]},
                  "created": {"type": "integer"},
                  "owned_by": {"type": "string"},
                  "parent": {"type": "string", "description": "For a LoRA adapter, the model it applies to."}
                }
              },
              "ModelList": {
                "type": "object",
                "required": ["object", "data"],
                "properties": {
                  "object": {"type": "string", "enum": ["list"]},
                  "data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}
                }
              },
              "TokenizeRequest": {
                "type": "object",
                "required": ["content"],
                "additionalProperties": false,
                "properties": {
                  "content": {"type": "string"},
                  "add_special": {"type": "boolean", "default": false},
                  "parse_special": {"type": "boolean", "default": true},
                  "with_pieces": {"type": "boolean", "default": false},
                  "model": {"type": "string"}
                }
              },
              "TokenizeResponse": {
                "type": "object",
                "required": ["tokens"],
                "properties": {
                  "tokens": {
                    "type": "array",
                    "items": {
                      "oneOf": [
                        {"type": "integer", "minimum": 0},
                        {
                          "type": "object",
                          "required": ["id", "piece"],
                          "properties": {"id": {"type": "integer"}, "piece": {"type": "string"}}
                        }
                      ]
                    }
                  }
                }
              },
              "DetokenizeRequest": {
                "type": "object",
                "required": ["tokens"],
                "additionalProperties": false,
                "properties": {
                  "tokens": {"type": "array", "items": {"$ref": "#/components/schemas/TokenID"}},
                  "model": {"type": "string", "description": "Default: the default model."}
                }
              },
              "DetokenizeResponse": {"type": "object", "required": ["content"], "properties": {"content": {"type": "string"}}},
              "Health": {
                "type": "object",
                "required": ["status"],
                "properties": {
                  "status": {"type": "string"},
                  "sequences_busy": {"type": "integer", "minimum": 0},
                  "sequences_total": {"type": "integer", "minimum": 0},
                  "requests_queued": {"type": "integer", "minimum": 0}
                }
              }
            }
          }
        }
        """#
}
