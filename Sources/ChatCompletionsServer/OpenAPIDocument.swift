import ChatCompletionsAPI

/// The OpenAPI description of exactly what this server serves (`GET /openapi.json`), so generic
/// API tools can drive and fuzz it. A test checks real responses against these schemas.
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
          "openapi": "3.0.3",
          "info": {
            "title": "chat-server",
            "version": "1.0.0",
            "description": "OpenAI-compatible Chat Completions on local GGUF models (llama.cpp)."
          },
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
                    "description": "A completion, or a stream of chunks ending with data: [DONE].",
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}},
                      "text/event-stream": {"schema": {"type": "string", "description": "data: <ChatCompletionChunk JSON> events, then data: [DONE]"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Error"},
                  "401": {"$ref": "#/components/responses/Error"},
                  "404": {"$ref": "#/components/responses/Error"},
                  "413": {"$ref": "#/components/responses/Error"},
                  "429": {"$ref": "#/components/responses/Error"},
                  "500": {"$ref": "#/components/responses/Error"},
                  "503": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/v1/models": {
              "get": {
                "operationId": "listModels",
                "responses": {
                  "200": {"description": "Models and adapters.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}},
                  "401": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/v1/models/{id}": {
              "get": {
                "operationId": "retrieveModel",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "One model.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}},
                  "401": {"$ref": "#/components/responses/Error"},
                  "404": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/tokenize": {
              "post": {
                "operationId": "tokenize",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenizeRequest"}}}},
                "responses": {
                  "200": {"description": "Token ids.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenizeResponse"}}}},
                  "400": {"$ref": "#/components/responses/Error"},
                  "401": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/detokenize": {
              "post": {
                "operationId": "detokenize",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DetokenizeRequest"}}}},
                "responses": {
                  "200": {"description": "Text.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DetokenizeResponse"}}}},
                  "400": {"$ref": "#/components/responses/Error"},
                  "401": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/health": {
              "get": {
                "operationId": "health",
                "security": [],
                "responses": {"200": {"description": "Load.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openapi",
                "responses": {"200": {"description": "This document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
              }
            }
          },
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
              "Error": {"description": "OpenAI's error envelope.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
            },
            "schemas": {
              "ErrorResponse": {
                "type": "object", "required": ["error"], "additionalProperties": false,
                "properties": {
                  "error": {
                    "type": "object", "required": ["message", "type", "param", "code"], "additionalProperties": false,
                    "properties": {
                      "message": {"type": "string"},
                      "type": {"type": "string"},
                      "param": {"type": "string", "nullable": true},
                      "code": {"type": "string", "nullable": true}
                    }
                  }
                }
              },
              "Message": {
                "type": "object", "required": ["role"],
                "properties": {
                  "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
                  "content": {"nullable": true, "oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/ContentPart"}}]},
                  "name": {"type": "string"},
                  "refusal": {"type": "string", "nullable": true},
                  "tool_calls": {"type": "array", "items": {"$ref": "#/components/schemas/ToolCall"}},
                  "tool_call_id": {"type": "string"}
                }
              },
              "ContentPart": {
                "type": "object", "required": ["type"],
                "properties": {
                  "type": {"type": "string", "enum": ["text", "image_url", "input_audio", "file", "refusal"]},
                  "text": {"type": "string"},
                  "refusal": {"type": "string"}
                }
              },
              "ToolCall": {
                "type": "object", "required": ["id", "type", "function"],
                "properties": {
                  "id": {"type": "string"},
                  "type": {"type": "string", "enum": ["function"]},
                  "function": {"type": "object", "required": ["name", "arguments"], "properties": {"name": {"type": "string"}, "arguments": {"type": "string"}}}
                }
              },
              "Tool": {
                "type": "object", "required": ["type", "function"],
                "properties": {
                  "type": {"type": "string", "enum": ["function"]},
                  "function": {
                    "type": "object", "required": ["name"],
                    "properties": {
                      "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                      "description": {"type": "string"},
                      "parameters": {"type": "object"},
                      "strict": {"type": "boolean", "nullable": true}
                    }
                  }
                }
              },
              "ChatCompletionRequest": {
                "type": "object", "required": ["model", "messages"], "additionalProperties": false,
                "properties": {
                  "model": {"type": "string"},
                  "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Message"}},
                  "frequency_penalty": {"type": "number", "minimum": -2, "maximum": 2, "nullable": true},
                  "presence_penalty": {"type": "number", "minimum": -2, "maximum": 2, "nullable": true},
                  "repetition_penalty": {"type": "number", "exclusiveMinimum": 0, "nullable": true},
                  "logit_bias": {"type": "object", "nullable": true, "additionalProperties": {"type": "number", "minimum": -100, "maximum": 100}},
                  "logprobs": {"type": "boolean", "nullable": true},
                  "top_logprobs": {"type": "integer", "minimum": 0, "maximum": 20, "nullable": true},
                  "max_tokens": {"type": "integer", "minimum": 1, "nullable": true},
                  "max_completion_tokens": {"type": "integer", "minimum": 1, "nullable": true},
                  "n": {"type": "integer", "minimum": 1, "nullable": true, "description": "At most --parallel."},
                  "response_format": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["text", "json_object", "json_schema"]}, "json_schema": {"type": "object"}, "schema": {"type": "object"}}},
                  "seed": {"type": "integer", "nullable": true},
                  "service_tier": {"type": "string", "enum": ["auto", "default", "flex", "priority"], "nullable": true},
                  "stop": {"nullable": true, "oneOf": [{"type": "string"}, {"type": "array", "maxItems": 4, "items": {"type": "string"}}]},
                  "stream": {"type": "boolean", "nullable": true},
                  "stream_options": {"type": "object", "nullable": true, "properties": {"include_usage": {"type": "boolean"}}},
                  "temperature": {"type": "number", "minimum": 0, "maximum": 2, "nullable": true},
                  "top_p": {"type": "number", "minimum": 0, "maximum": 1, "nullable": true},
                  "top_k": {"type": "integer", "minimum": 0, "nullable": true},
                  "min_p": {"type": "number", "minimum": 0, "maximum": 1, "nullable": true},
                  "ignore_eos": {"type": "boolean", "nullable": true},
                  "tools": {"type": "array", "maxItems": 128, "items": {"$ref": "#/components/schemas/Tool"}},
                  "tool_choice": {"oneOf": [{"type": "string", "enum": ["none", "auto", "required"]}, {"type": "object", "required": ["type", "function"], "properties": {"type": {"type": "string", "enum": ["function"]}, "function": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}]},
                  "parallel_tool_calls": {"type": "boolean"},
                  "user": {"type": "string"},
                  "safety_identifier": {"type": "string"},
                  "log_prompt": {"type": "boolean", "nullable": true},
                  "loglikelihood": {"type": "boolean", "nullable": true},
                  "prompt_logprobs": {"nullable": true, "oneOf": [{"type": "boolean"}, {"type": "integer", "minimum": 0, "maximum": 20}]},
                  "peft": {"type": "string", "nullable": true}
                }
              },
              "TokenLogprob": {
                "type": "object", "required": ["token", "logprob", "bytes", "top_logprobs"],
                "properties": {
                  "token": {"type": "string"},
                  "logprob": {"type": "number", "maximum": 0},
                  "bytes": {"type": "array", "nullable": true, "items": {"type": "integer", "minimum": 0, "maximum": 255}},
                  "top_logprobs": {
                    "type": "array",
                    "items": {
                      "type": "object", "required": ["token", "logprob", "bytes"],
                      "properties": {"token": {"type": "string"}, "logprob": {"type": "number", "maximum": 0}, "bytes": {"type": "array", "nullable": true, "items": {"type": "integer"}}}
                    }
                  }
                }
              },
              "Logprobs": {
                "type": "object", "nullable": true,
                "properties": {
                  "content": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/TokenLogprob"}},
                  "refusal": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/TokenLogprob"}}
                }
              },
              "Usage": {
                "type": "object", "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
                "properties": {
                  "prompt_tokens": {"type": "integer", "minimum": 0},
                  "completion_tokens": {"type": "integer", "minimum": 0},
                  "total_tokens": {"type": "integer", "minimum": 0},
                  "prompt_tokens_details": {"type": "object", "properties": {"cached_tokens": {"type": "integer", "minimum": 0}, "audio_tokens": {"type": "integer"}}},
                  "completion_tokens_details": {"type": "object"}
                }
              },
              "FinishReason": {"type": "string", "nullable": true, "enum": ["stop", "length", "tool_calls", null]},
              "ChatCompletion": {
                "type": "object", "required": ["id", "object", "created", "model", "choices", "usage", "system_fingerprint", "service_tier"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "pattern": "^chatcmpl-"},
                  "object": {"type": "string", "enum": ["chat.completion"]},
                  "created": {"type": "integer"},
                  "model": {"type": "string"},
                  "system_fingerprint": {"type": "string"},
                  "service_tier": {"type": "string", "enum": ["default", "flex", "priority"]},
                  "usage": {"$ref": "#/components/schemas/Usage"},
                  "prompt_logprobs": {"type": "array", "items": {"$ref": "#/components/schemas/TokenLogprob"}, "description": "With loglikelihood: each prompt token after the first."},
                  "choices": {
                    "type": "array",
                    "items": {
                      "type": "object", "required": ["index", "message", "finish_reason", "logprobs"], "additionalProperties": false,
                      "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "finish_reason": {"$ref": "#/components/schemas/FinishReason"},
                        "logprobs": {"$ref": "#/components/schemas/Logprobs"},
                        "message": {
                          "type": "object", "required": ["role", "content", "refusal"],
                          "properties": {
                            "role": {"type": "string", "enum": ["assistant"]},
                            "content": {"type": "string", "nullable": true},
                            "refusal": {"type": "string", "nullable": true},
                            "tool_calls": {"type": "array", "items": {"$ref": "#/components/schemas/ToolCall"}}
                          }
                        }
                      }
                    }
                  }
                }
              },
              "ChatCompletionChunk": {
                "type": "object", "required": ["id", "object", "created", "model", "choices"], "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "pattern": "^chatcmpl-"},
                  "object": {"type": "string", "enum": ["chat.completion.chunk"]},
                  "created": {"type": "integer"},
                  "model": {"type": "string"},
                  "system_fingerprint": {"type": "string"},
                  "service_tier": {"type": "string", "enum": ["default", "flex", "priority"]},
                  "usage": {"allOf": [{"$ref": "#/components/schemas/Usage"}], "nullable": true},
                  "prompt_logprobs": {"type": "array", "items": {"$ref": "#/components/schemas/TokenLogprob"}},
                  "choices": {
                    "type": "array",
                    "items": {
                      "type": "object", "required": ["index", "delta", "finish_reason", "logprobs"], "additionalProperties": false,
                      "properties": {
                        "index": {"type": "integer", "minimum": 0},
                        "finish_reason": {"$ref": "#/components/schemas/FinishReason"},
                        "logprobs": {"$ref": "#/components/schemas/Logprobs"},
                        "delta": {
                          "type": "object", "additionalProperties": false,
                          "properties": {
                            "role": {"type": "string", "enum": ["assistant"]},
                            "content": {"type": "string", "nullable": true},
                            "refusal": {"type": "string", "nullable": true},
                            "tool_calls": {
                              "type": "array",
                              "items": {
                                "type": "object", "required": ["index"],
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
                "type": "object", "required": ["id", "object", "created", "owned_by"],
                "properties": {
                  "id": {"type": "string"},
                  "object": {"type": "string", "enum": ["model"]},
                  "created": {"type": "integer"},
                  "owned_by": {"type": "string"},
                  "parent": {"type": "string", "description": "For a LoRA adapter, the model it applies to."}
                }
              },
              "ModelList": {
                "type": "object", "required": ["object", "data"],
                "properties": {"object": {"type": "string", "enum": ["list"]}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}}
              },
              "TokenizeRequest": {
                "type": "object", "required": ["content"], "additionalProperties": false,
                "properties": {
                  "content": {"type": "string"},
                  "add_special": {"type": "boolean", "default": false},
                  "parse_special": {"type": "boolean", "default": true},
                  "with_pieces": {"type": "boolean", "default": false},
                  "model": {"type": "string"}
                }
              },
              "TokenizeResponse": {
                "type": "object", "required": ["tokens"],
                "properties": {
                  "tokens": {
                    "type": "array",
                    "items": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "object", "required": ["id", "piece"], "properties": {"id": {"type": "integer"}, "piece": {"type": "string"}}}]}
                  }
                }
              },
              "DetokenizeRequest": {
                "type": "object", "required": ["tokens"], "additionalProperties": false,
                "properties": {"tokens": {"type": "array", "items": {"type": "integer", "minimum": 0}}, "model": {"type": "string"}}
              },
              "DetokenizeResponse": {"type": "object", "required": ["content"], "properties": {"content": {"type": "string"}}},
              "Health": {
                "type": "object", "required": ["status", "sequences_busy", "sequences_total", "requests_queued"],
                "properties": {
                  "status": {"type": "string", "enum": ["ok"]},
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
