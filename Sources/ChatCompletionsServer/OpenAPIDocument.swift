import ChatCompletionsAPI

/// The OpenAPI 3.1 description of exactly what this server serves (`GET /openapi.json`): every
/// route, every status each can answer, reusable `components/schemas` for every body, so that
/// generic tools (schemathesis, client generators) can drive and fuzz it. Tests check real
/// responses against these schemas, and schemathesis runs against the live server in CI.
enum OpenAPIDocument {
    static let document: JSONValue = {
        do {
            return try JSONValue(parsing: text)
        } catch {
            preconditionFailure("the embedded OpenAPI document does not parse: \(error)")
        }
    }()

    private static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "chat-server",
            "version": "1.0.0",
            "description": "OpenAI-compatible Chat Completions on local GGUF models (llama.cpp). Every response carries x-request-id: the client's own when it sent one, else a new req_ id. A known path asked with a method it does not serve answers 405 with Allow."
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
                      "text/event-stream": {
                        "schema": {"type": "string", "description": "data: <ChatCompletionChunk JSON> events, then data: [DONE]"}
                      }
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
                      "text/event-stream": {
                        "schema": {"type": "string", "description": "data: <ChatCompletionChunk JSON> events, then data: [DONE]"}
                      }
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
                      "text/event-stream": {
                        "schema": {"type": "string", "description": "data: <text_completion chunk JSON> events, then data: [DONE]"}
                      }
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
                      "text/event-stream": {
                        "schema": {"type": "string", "description": "data: <text_completion chunk JSON> events, then data: [DONE]"}
                      }
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
                "properties": {
                  "model": {"type": "string"},
                  "prompt": {
                    "oneOf": [
                      {"type": "string"},
                      {"type": "array", "minItems": 1, "items": {"type": "string"}},
                      {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}},
                      {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}}}
                    ]
                  },
                  "suffix": {"type": ["string", "null"], "maxLength": 0, "description": "Refused unless empty or null."},
                  "max_tokens": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000},
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "n": {"type": ["integer", "null"], "minimum": 1, "maximum": 128},
                  "best_of": {"type": ["integer", "null"], "minimum": 1, "maximum": 128, "description": "Must equal n."},
                  "stream": {"type": ["boolean", "null"]},
                  "stream_options": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "properties": {"include_usage": {"type": "boolean"}}
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
                  "logit_bias": {"type": ["object", "null"], "additionalProperties": {"type": "number", "minimum": -100, "maximum": 100}},
                  "user": {"type": ["string", "null"]},
                  "seed": {"type": ["integer", "null"]},
                  "top_k": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000000},
                  "min_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "repetition_penalty": {"type": ["number", "null"], "minimum": 0.01, "maximum": 10},
                  "ignore_eos": {"type": ["boolean", "null"]}
                }
              },
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
                "type": "object",
                "required": ["role"],
                "properties": {
                  "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
                  "content": {
                    "oneOf": [
                      {"type": "string"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/ContentPart"}},
                      {"type": "null"}
                    ]
                  },
                  "name": {"type": "string"},
                  "refusal": {"type": ["string", "null"]},
                  "tool_calls": {"type": "array", "items": {"$ref": "#/components/schemas/ToolCall"}},
                  "tool_call_id": {"type": "string"},
                  "reasoning_content": {"type": ["string", "null"], "description": "An assistant turn's earlier thinking, for templates that show it."},
                  "reasoning": {"type": ["string", "null"], "description": "The same as reasoning_content (vLLM's name)."}
                }
              },
              "ContentPart": {
                "type": "object",
                "required": ["type"],
                "properties": {
                  "type": {"type": "string", "enum": ["text", "image_url", "input_audio", "file", "refusal"]},
                  "text": {"type": "string"},
                  "refusal": {"type": "string"}
                }
              },
              "ToolCall": {
                "type": "object",
                "required": ["id", "type", "function"],
                "properties": {
                  "id": {"type": "string"},
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
                "properties": {
                  "type": {"type": "string"},
                  "function": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                      "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                      "description": {"type": "string"},
                      "parameters": {"type": "object"},
                      "strict": {"type": ["boolean", "null"]}
                    }
                  }
                }
              },
              "ChatCompletionRequest": {
                "type": "object",
                "required": ["model", "messages"],
                "additionalProperties": false,
                "properties": {
                  "model": {"type": "string", "minLength": 1},
                  "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Message"}},
                  "frequency_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "presence_penalty": {"type": ["number", "null"], "minimum": -2, "maximum": 2},
                  "repetition_penalty": {"type": ["number", "null"], "exclusiveMinimum": 0},
                  "logit_bias": {"type": ["object", "null"], "additionalProperties": {"type": "number", "minimum": -100, "maximum": 100}},
                  "logprobs": {"type": ["boolean", "null"]},
                  "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20},
                  "max_tokens": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "Tokens to generate at most per choice (default: what the context leaves)."
                  },
                  "max_completion_tokens": {"type": ["integer", "null"], "minimum": 1},
                  "n": {"type": ["integer", "null"], "minimum": 1, "description": "At most --parallel."},
                  "response_format": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {
                      "type": {"type": "string", "enum": ["text", "json_object", "json_schema"]},
                      "json_schema": {"type": "object"},
                      "schema": {"type": "object"}
                    }
                  },
                  "seed": {"type": ["integer", "null"]},
                  "service_tier": {"type": ["string", "null"], "description": "Known values are accepted and recorded; others too."},
                  "stop": {
                    "oneOf": [{"type": "string"}, {"type": "array", "maxItems": 4, "items": {"type": "string"}}, {"type": "null"}]
                  },
                  "stream": {"type": ["boolean", "null"]},
                  "stream_options": {"type": ["object", "null"], "properties": {"include_usage": {"type": "boolean"}}},
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "top_k": {"type": ["integer", "null"], "minimum": 0},
                  "min_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "ignore_eos": {"type": ["boolean", "null"]},
                  "tools": {"type": "array", "maxItems": 128, "items": {"$ref": "#/components/schemas/Tool"}},
                  "tool_choice": {
                    "oneOf": [
                      {"type": "string"},
                      {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                          "type": {"type": "string"},
                          "function": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
                        }
                      }
                    ]
                  },
                  "parallel_tool_calls": {"type": "boolean"},
                  "user": {"type": "string"},
                  "safety_identifier": {"type": "string", "maxLength": 64},
                  "log_prompt": {"type": ["boolean", "null"]},
                  "loglikelihood": {"type": ["boolean", "null"]},
                  "prompt_logprobs": {"oneOf": [{"type": "boolean"}, {"type": "integer", "minimum": 0, "maximum": 20}, {"type": "null"}]},
                  "peft": {"type": ["string", "null"]},
                  "reasoning_effort": {"type": ["string", "null"], "description": "Reaches the chat template as reasoning_effort; none and minimal also set enable_thinking to false, other values to true."},
                  "chat_template_kwargs": {"type": ["object", "null"], "description": "Extra variables for the model's chat template (enable_thinking, reasoning_effort, ...); they win over the ones the server sets."},
                  "reasoning_budget_tokens": {"type": ["integer", "null"], "minimum": 0, "description": "The most tokens a reasoning model may think before its thinking is closed."},
                  "verbosity": {"type": ["string", "null"], "description": "Known values are accepted and recorded; others too."},
                  "modalities": {"type": ["array", "null"], "items": {"type": "string"}},
                  "prediction": {"type": ["object", "null"], "description": "Predicted output: accepted and ignored."},
                  "metadata": {
                    "type": ["object", "null"],
                    "maxProperties": 16,
                    "additionalProperties": {"type": "string", "maxLength": 512},
                    "propertyNames": {"maxLength": 64}
                  },
                  "store": {"type": ["boolean", "null"]},
                  "prompt_cache_key": {"type": "string", "description": "Accepted and written to the request's log line; caching is automatic (longest shared prefix)."},
                  "prompt_cache_options": {"type": ["object", "null"]},
                  "web_search_options": {"type": "object"},
                  "audio": {"type": ["object", "null"]},
                  "moderation": {"type": ["object", "null"]}
                }
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
                "properties": {"tokens": {"type": "array", "items": {"type": "integer", "minimum": 0}}, "model": {"type": "string"}}
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
