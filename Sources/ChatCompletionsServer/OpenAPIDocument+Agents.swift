extension OpenAPIDocument {
    /// The routes of Anthropic's Messages API and OpenAI's Responses API, with their components: an
    /// OpenAPI fragment that ``document`` merges into the main text (paths and components added).
    static let agentsText = #"""
        {
          "paths": {
            "/v1/messages": {
              "post": {
                "operationId": "createMessage",
                "summary": "Anthropic's Messages API: create a message (JSON, or Anthropic's server-sent events with stream: true). Errors have Anthropic's envelope.",
                "security": [{"bearer": []}, {"anthropicKey": []}, {}],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "A message; with stream: true, server-sent events, each named by its event: line and carrying the same type member (MessagesStreamEvent): message_start, ping, content_block_start / content_block_delta / content_block_stop for each block, message_delta, message_stop (or error, after the stream began).",
                    "headers": {
                      "x-request-id": {"$ref": "#/components/headers/RequestID"},
                      "request-id": {"$ref": "#/components/headers/AnthropicRequestID"},
                      "x-tool-arguments-validation": {"$ref": "#/components/headers/ToolArgumentsValidation"},
                      "x-schema-unenforced-keywords": {"$ref": "#/components/headers/SchemaUnenforcedKeywords"}
                    },
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/MessagesResponse"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/MessagesServerSentEvent"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/MessagesBadRequest"},
                  "401": {"$ref": "#/components/responses/MessagesUnauthorized"},
                  "404": {"$ref": "#/components/responses/MessagesNotFound"},
                  "413": {"$ref": "#/components/responses/MessagesPayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/MessagesUnsupportedMediaType"},
                  "429": {"$ref": "#/components/responses/MessagesTooManyRequests"},
                  "500": {"$ref": "#/components/responses/MessagesInternalError"},
                  "503": {"$ref": "#/components/responses/MessagesUnavailable"}
                }
              }
            },
            "/v1/messages/count_tokens": {
              "post": {
                "operationId": "countMessageTokens",
                "summary": "Anthropic's Messages API: the prompt tokens a Messages request's conversation, system prompt, tools and thinking setting come to. Errors have Anthropic's envelope.",
                "security": [{"bearer": []}, {"anthropicKey": []}, {}],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesCountTokensRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "The count.",
                    "headers": {
                      "x-request-id": {"$ref": "#/components/headers/RequestID"},
                      "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                    },
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesTokenCount"}}}
                  },
                  "400": {"$ref": "#/components/responses/MessagesBadRequest"},
                  "401": {"$ref": "#/components/responses/MessagesUnauthorized"},
                  "404": {"$ref": "#/components/responses/MessagesNotFound"},
                  "413": {"$ref": "#/components/responses/MessagesPayloadTooLarge"},
                  "415": {"$ref": "#/components/responses/MessagesUnsupportedMediaType"},
                  "500": {"$ref": "#/components/responses/MessagesInternalError"},
                  "503": {"$ref": "#/components/responses/MessagesUnavailable"}
                }
              }
            },
            "/v1/responses": {
              "post": {
                "operationId": "createResponse",
                "summary": "OpenAI's Responses API: create a response (JSON, or Responses server-sent events with stream: true; with background: true, answered at once as queued and run on).",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponsesRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "The response (stored unless store: false); with stream: true, server-sent events, each named by its event: line and carrying the same type member and a sequence_number (ResponseStreamEvent): response.created, response.in_progress, each output item's events, then response.completed, response.incomplete or response.failed with the whole response.",
                    "headers": {
                      "x-request-id": {"$ref": "#/components/headers/RequestID"},
                      "x-schema-validation": {
                        "description": "With a text.format JSON Schema, not streamed nor in the background: the answer checked against it after generation: valid, invalid, or unchecked (ended by max_output_tokens or a function call).",
                        "schema": {"type": "string"}
                      },
                      "x-tool-arguments-validation": {"$ref": "#/components/headers/ToolArgumentsValidation"},
                      "x-schema-unenforced-keywords": {"$ref": "#/components/headers/SchemaUnenforcedKeywords"}
                    },
                    "content": {
                      "application/json": {"schema": {"$ref": "#/components/schemas/ResponseObject"}},
                      "text/event-stream": {"schema": {"$ref": "#/components/schemas/ResponseServerSentEvent"}}
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
            "/v1/responses/{id}": {
              "parameters": [{"$ref": "#/components/parameters/ResponseID"}],
              "get": {
                "operationId": "retrieveResponse",
                "summary": "A stored response; a background response running on this replica as it is now (its output so far included).",
                "responses": {
                  "200": {
                    "description": "The response.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponseObject"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "500": {"$ref": "#/components/responses/InternalError"}
                }
              },
              "delete": {
                "operationId": "deleteResponse",
                "summary": "Deletes a stored response (a background one still running is cancelled first).",
                "responses": {
                  "200": {
                    "description": "Deleted.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponseDeleted"}}}
                  },
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "500": {"$ref": "#/components/responses/InternalError"}
                }
              }
            },
            "/v1/responses/{id}/input_items": {
              "parameters": [{"$ref": "#/components/parameters/ResponseID"}],
              "get": {
                "operationId": "listResponseInputItems",
                "summary": "The input items of a stored response's request (not those of the responses it continues), with the ids the server gave them.",
                "parameters": [
                  {
                    "name": "after", "in": "query", "required": false,
                    "description": "The id of an item of this list: the page starts after it (400 when the list has no such item).",
                    "schema": {"type": "string"}
                  },
                  {
                    "name": "limit", "in": "query", "required": false,
                    "description": "Items per page.",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
                  },
                  {
                    "name": "order", "in": "query", "required": false,
                    "description": "desc: newest first.",
                    "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of input items.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponseInputItemList"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "500": {"$ref": "#/components/responses/InternalError"}
                }
              }
            },
            "/v1/responses/{id}/cancel": {
              "parameters": [{"$ref": "#/components/parameters/ResponseID"}],
              "post": {
                "operationId": "cancelResponse",
                "summary": "Cancels a background response that is queued or in progress (its output so far kept); one already done is answered as it is. A response not created in the background is a 400.",
                "responses": {
                  "200": {
                    "description": "The response, cancelled unless it was already done.",
                    "headers": {"x-request-id": {"$ref": "#/components/headers/RequestID"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResponseObject"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                  "500": {"$ref": "#/components/responses/InternalError"}
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "anthropicKey": {
                "type": "apiKey", "in": "header", "name": "x-api-key",
                "description": "The bearer key sent as Anthropic's clients send it (only when the server is started with --api-key or --api-key-file)."
              }
            },
            "parameters": {
              "ResponseID": {
                "name": "id", "in": "path", "required": true,
                "description": "A response's id (404 when none by that id is stored: never stored, deleted, or expired under --responses-retention).",
                "schema": {"type": "string", "minLength": 1}
              }
            },
            "headers": {
              "AnthropicRequestID": {
                "required": true,
                "description": "The same id as x-request-id, where Anthropic's clients read it (Anthropic's routes only).",
                "schema": {"type": "string", "minLength": 1, "maxLength": 128}
              },
              "ToolArgumentsValidation": {
                "description": "When the answer calls tools, not streamed: for each call, in order, whether its input satisfies the tool's schema (valid, invalid, or unchecked for a schema the validator cannot read), comma-separated.",
                "schema": {"type": "string"}
              },
              "SchemaUnenforcedKeywords": {
                "description": "With non-strict schemas, not streamed: the keywords the grammar does not enforce, as 'keyword at path: why', separated by '; ' (paths of tool schemas start with tools[i].function.parameters).",
                "schema": {"type": "string"}
              }
            },
            "responses": {
              "MessagesBadRequest": {
                "description": "The request is invalid (Anthropic's envelope, invalid_request_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesUnauthorized": {
                "description": "No API key, or a wrong one (only when the server has keys; authentication_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"},
                  "WWW-Authenticate": {"required": true, "schema": {"type": "string"}}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesNotFound": {
                "description": "The model does not exist (not_found_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesPayloadTooLarge": {
                "description": "The body is larger than --max-body-size (request_too_large).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesUnsupportedMediaType": {
                "description": "The body is not sent as application/json (invalid_request_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesTooManyRequests": {
                "description": "Every sequence is busy and the queue is full; retry after Retry-After seconds (rate_limit_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"},
                  "Retry-After": {"required": true, "schema": {"type": "string"}}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesInternalError": {
                "description": "The server failed (api_error; details are in its log, not in the response).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              },
              "MessagesUnavailable": {
                "description": "The server is shutting down or not ready (overloaded_error).",
                "headers": {
                  "x-request-id": {"$ref": "#/components/headers/RequestID"},
                  "request-id": {"$ref": "#/components/headers/AnthropicRequestID"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessagesErrorResponse"}}}
              }
            },
            "schemas": {
              "MessagesRequest": {
                "type": "object",
                "required": ["model", "messages", "max_tokens"],
                "additionalProperties": false,
                "description": "Anthropic's Messages request, for text conversations and client tools; seed is an extension. Members Anthropic has for what this server does not run (container, mcp_servers, context_management; image, document and server-tool blocks; server tools) are refused by name (400). A null member counts as left out. The rule between members stated in allOf: tool_choice any or tool only with tools. Rules JSON Schema cannot state (400): thinking.budget_tokens less than max_tokens; tool names unique; a tool_choice of type tool naming a declared tool; each tool_result answering the id of a tool_use of an earlier assistant message. The model decides the rest: it must be one the server has (404); the prompt and max_tokens must fit its context (400, so extended thinking, whose budget is at least 1024 tokens, needs a context of more than 1024 tokens per sequence); tool input schemas a grammar can be built from (400); a chat template that does not raise (400).",
                "properties": {
                  "model": {"type": "string", "minLength": 1},
                  "messages": {
                    "type": "array", "minItems": 1,
                    "description": "The conversation. A final assistant message is read as a finished turn, not as a prefix to continue.",
                    "items": {"$ref": "#/components/schemas/MessagesMessage"}
                  },
                  "max_tokens": {
                    "type": "integer", "minimum": 1, "maximum": 9223372036854775807,
                    "description": "Tokens to generate at most; the prompt and these must fit the context (else 400). More than thinking.budget_tokens (else 400), which JSON Schema cannot state."
                  },
                  "system": {"$ref": "#/components/schemas/MessagesSystem"},
                  "stop_sequences": {
                    "type": ["array", "null"], "items": {"type": "string", "minLength": 1},
                    "description": "Any number of sequences; the one that ends the answer is reported as stop_sequence."
                  },
                  "stream": {"type": ["boolean", "null"]},
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "top_k": {"type": ["integer", "null"], "minimum": 0, "maximum": 9223372036854775807},
                  "tools": {"$ref": "#/components/schemas/MessagesTools"},
                  "tool_choice": {"$ref": "#/components/schemas/MessagesToolChoice"},
                  "thinking": {
                    "description": "Extended thinking: enabled with a budget of at least 1024 tokens, less than max_tokens (else 400), which JSON Schema cannot state; or disabled (the default: templates that can switch thinking off are told to).",
                    "oneOf": [
                      {"type": "null"},
                      {
                        "type": "object", "required": ["type", "budget_tokens"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "enabled"},
                          "budget_tokens": {"type": "integer", "minimum": 1024, "maximum": 9223372036854775807}
                        }
                      },
                      {
                        "type": "object", "required": ["type"], "additionalProperties": false,
                        "properties": {"type": {"type": "string", "const": "disabled"}}
                      }
                    ]
                  },
                  "metadata": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "properties": {"user_id": {"type": ["string", "null"], "description": "Written to the request's log line."}}
                  },
                  "service_tier": {"type": ["string", "null"], "enum": ["auto", "standard_only", null], "description": "Both are served alike."},
                  "seed": {"$ref": "#/components/schemas/Seed"}
                },
                "allOf": [{"$ref": "#/components/schemas/MessagesToolChoiceNeedsTools"}]
              },
              "MessagesCountTokensRequest": {
                "type": "object",
                "required": ["model", "messages"],
                "additionalProperties": false,
                "description": "The members of a Messages request that make its prompt; the rules are MessagesRequest's (a thinking budget need only be below 2147483647, as no max_tokens is given). The model must be one the server has (404).",
                "properties": {
                  "model": {"type": "string", "minLength": 1},
                  "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/MessagesMessage"}},
                  "system": {"$ref": "#/components/schemas/MessagesSystem"},
                  "tools": {"$ref": "#/components/schemas/MessagesTools"},
                  "tool_choice": {"$ref": "#/components/schemas/MessagesToolChoice"},
                  "thinking": {
                    "oneOf": [
                      {"type": "null"},
                      {
                        "type": "object", "required": ["type", "budget_tokens"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "enabled"},
                          "budget_tokens": {"type": "integer", "minimum": 1024, "maximum": 2147483646}
                        }
                      },
                      {
                        "type": "object", "required": ["type"], "additionalProperties": false,
                        "properties": {"type": {"type": "string", "const": "disabled"}}
                      }
                    ]
                  }
                },
                "allOf": [{"$ref": "#/components/schemas/MessagesToolChoiceNeedsTools"}]
              },
              "MessagesToolChoiceNeedsTools": {
                "if": {
                  "required": ["tool_choice"],
                  "properties": {"tool_choice": {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["any", "tool"]}}}}
                },
                "then": {"required": ["tools"], "properties": {"tools": {"type": "array", "minItems": 1}}}
              },
              "MessagesSystem": {
                "description": "The system prompt: a string, or text blocks (joined).",
                "oneOf": [
                  {"type": "string"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/MessagesTextBlock"}},
                  {"type": "null"}
                ]
              },
              "MessagesMessage": {
                "description": "A turn of the conversation. A user turn's tool_result blocks must each answer the id of a tool_use block of an earlier assistant turn (else 400), a rule between messages that JSON Schema cannot state.",
                "oneOf": [
                  {
                    "type": "object", "required": ["role", "content"], "additionalProperties": false,
                    "properties": {
                      "role": {"type": "string", "const": "user"},
                      "content": {
                        "oneOf": [
                          {"type": "string"},
                          {
                            "type": "array", "minItems": 1,
                            "items": {"oneOf": [{"$ref": "#/components/schemas/MessagesTextBlock"}, {"$ref": "#/components/schemas/MessagesToolResultBlock"}]}
                          }
                        ]
                      }
                    }
                  },
                  {
                    "type": "object", "required": ["role", "content"], "additionalProperties": false,
                    "properties": {
                      "role": {"type": "string", "const": "assistant"},
                      "content": {
                        "oneOf": [
                          {"type": "string"},
                          {
                            "type": "array",
                            "items": {
                              "oneOf": [
                                {"$ref": "#/components/schemas/MessagesTextBlock"},
                                {"$ref": "#/components/schemas/MessagesToolUseBlock"},
                                {"$ref": "#/components/schemas/MessagesThinkingBlock"},
                                {"$ref": "#/components/schemas/MessagesRedactedThinkingBlock"}
                              ]
                            }
                          }
                        ]
                      }
                    }
                  }
                ]
              },
              "MessagesTextBlock": {
                "type": "object", "required": ["type", "text"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "text"},
                  "text": {"type": "string"},
                  "cache_control": {"description": "Accepted and ignored (caching is automatic)."},
                  "citations": {"description": "Accepted and ignored."}
                }
              },
              "MessagesToolUseBlock": {
                "type": "object", "required": ["type", "id", "name", "input"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "tool_use"},
                  "id": {"type": "string", "minLength": 1},
                  "name": {"type": "string"},
                  "input": {"type": "object"},
                  "cache_control": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "MessagesToolResultBlock": {
                "type": "object", "required": ["type", "tool_use_id"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "tool_result"},
                  "tool_use_id": {"type": "string", "minLength": 1, "description": "The id of a tool_use block of an earlier assistant message (else 400)."},
                  "content": {
                    "description": "The result: text, or text blocks (joined); left out, empty.",
                    "oneOf": [
                      {"type": "string"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/MessagesTextBlock"}},
                      {"type": "null"}
                    ]
                  },
                  "is_error": {"type": ["boolean", "null"]},
                  "cache_control": {"description": "Accepted and ignored (caching is automatic)."}
                }
              },
              "MessagesThinkingBlock": {
                "type": "object", "required": ["type", "thinking"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "thinking"},
                  "thinking": {"type": "string"},
                  "signature": {"type": ["string", "null"], "description": "Accepted as it is (this server signs nothing)."}
                }
              },
              "MessagesRedactedThinkingBlock": {
                "type": "object", "required": ["type", "data"], "additionalProperties": false,
                "description": "Accepted, and left out of the prompt: nothing a local model can read.",
                "properties": {"type": {"type": "string", "const": "redacted_thinking"}, "data": {"type": "string"}}
              },
              "MessagesTools": {
                "type": ["array", "null"], "maxItems": 128,
                "description": "Up to 128 client tools. Their names must be unique (else 400), a rule JSON Schema cannot state.",
                "items": {
                  "type": "object", "required": ["name", "input_schema"], "additionalProperties": false,
                  "description": "A client tool (server tool types are refused with 400).",
                  "properties": {
                    "type": {"type": ["string", "null"], "enum": ["custom", null]},
                    "name": {
                      "type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$",
                      "description": "1 to 64 letters, digits, '_' or '-' (Anthropic allows 128; tools reach the engine as Chat Completions functions)."
                    },
                    "description": {"type": ["string", "null"]},
                    "input_schema": {
                      "type": "object", "required": ["type"],
                      "description": "A JSON Schema of type object for the tool's input, held to the bounds of UserSchema.",
                      "properties": {"type": {"const": "object"}}
                    },
                    "cache_control": {"description": "Accepted and ignored (caching is automatic)."}
                  }
                }
              },
              "MessagesToolChoice": {
                "description": "auto, any (some tool must be called), tool (this one must be: it must name a declared tool, else 400, which JSON Schema cannot state) or none; any and tool only with tools. disable_parallel_tool_use: at most one call.",
                "oneOf": [
                  {"type": "null"},
                  {
                    "type": "object", "required": ["type"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "enum": ["auto", "any", "none"]},
                      "disable_parallel_tool_use": {"type": ["boolean", "null"]}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "name"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "tool"},
                      "name": {"type": "string"},
                      "disable_parallel_tool_use": {"type": ["boolean", "null"]}
                    }
                  }
                ]
              },
              "MessagesResponse": {
                "type": "object",
                "required": ["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "pattern": "^msg_"},
                  "type": {"type": "string", "const": "message"},
                  "role": {"type": "string", "const": "assistant"},
                  "model": {"type": "string"},
                  "content": {
                    "type": "array",
                    "description": "Thinking, then text, then tool uses.",
                    "items": {"$ref": "#/components/schemas/MessagesResponseBlock"}
                  },
                  "stop_reason": {
                    "type": ["string", "null"], "enum": ["end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal", null],
                    "description": "null only in message_start."
                  },
                  "stop_sequence": {"type": ["string", "null"], "description": "The stop sequence that ended the answer, with stop_reason stop_sequence."},
                  "usage": {"$ref": "#/components/schemas/MessagesUsage"}
                }
              },
              "MessagesResponseBlock": {
                "oneOf": [
                  {
                    "type": "object", "required": ["type", "text"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "const": "text"}, "text": {"type": "string"}}
                  },
                  {
                    "type": "object", "required": ["type", "thinking", "signature"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "thinking"},
                      "thinking": {"type": "string"},
                      "signature": {"type": "string", "description": "Empty: a local server has nothing to sign."}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "id", "name", "input"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "tool_use"},
                      "id": {"type": "string", "minLength": 1},
                      "name": {"type": "string"},
                      "input": {"type": "object"}
                    }
                  }
                ]
              },
              "MessagesUsage": {
                "type": "object",
                "required": ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens", "service_tier"],
                "additionalProperties": false,
                "properties": {
                  "input_tokens": {"type": "integer", "minimum": 0, "description": "Prompt tokens read afresh (cache reads apart)."},
                  "cache_creation_input_tokens": {"type": "integer", "minimum": 0},
                  "cache_read_input_tokens": {"type": "integer", "minimum": 0, "description": "Prompt tokens reused from the prompt cache."},
                  "output_tokens": {"type": "integer", "minimum": 0},
                  "service_tier": {"type": "string", "const": "standard"}
                }
              },
              "MessagesStreamEvent": {
                "description": "An event of a streamed message; its event: line names its type.",
                "oneOf": [
                  {
                    "type": "object", "required": ["type", "message"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "message_start"},
                      "message": {"$ref": "#/components/schemas/MessagesResponse"}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "index", "content_block"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "content_block_start"},
                      "index": {"type": "integer", "minimum": 0},
                      "content_block": {"$ref": "#/components/schemas/MessagesResponseBlock"}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "index", "delta"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "content_block_delta"},
                      "index": {"type": "integer", "minimum": 0},
                      "delta": {
                        "oneOf": [
                          {
                            "type": "object", "required": ["type", "text"], "additionalProperties": false,
                            "properties": {"type": {"type": "string", "const": "text_delta"}, "text": {"type": "string"}}
                          },
                          {
                            "type": "object", "required": ["type", "thinking"], "additionalProperties": false,
                            "properties": {"type": {"type": "string", "const": "thinking_delta"}, "thinking": {"type": "string"}}
                          },
                          {
                            "type": "object", "required": ["type", "signature"], "additionalProperties": false,
                            "properties": {"type": {"type": "string", "const": "signature_delta"}, "signature": {"type": "string"}}
                          },
                          {
                            "type": "object", "required": ["type", "partial_json"], "additionalProperties": false,
                            "properties": {"type": {"type": "string", "const": "input_json_delta"}, "partial_json": {"type": "string"}}
                          }
                        ]
                      }
                    }
                  },
                  {
                    "type": "object", "required": ["type", "index"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "const": "content_block_stop"}, "index": {"type": "integer", "minimum": 0}}
                  },
                  {
                    "type": "object", "required": ["type", "delta", "usage"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "message_delta"},
                      "delta": {
                        "type": "object", "required": ["stop_reason", "stop_sequence"], "additionalProperties": false,
                        "properties": {
                          "stop_reason": {"type": "string", "enum": ["end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal"]},
                          "stop_sequence": {"type": ["string", "null"]}
                        }
                      },
                      "usage": {"$ref": "#/components/schemas/MessagesUsage"}
                    }
                  },
                  {
                    "type": "object", "required": ["type"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "enum": ["message_stop", "ping"]}}
                  },
                  {"$ref": "#/components/schemas/MessagesErrorResponse"}
                ]
              },
              "MessagesServerSentEvent": {
                "type": "object",
                "required": ["event", "data"],
                "description": "One server-sent event of a streamed message: its event: line names the type its data carries.",
                "properties": {
                  "event": {
                    "type": "string",
                    "enum": [
                      "message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
                      "message_delta", "message_stop", "error"
                    ]
                  },
                  "data": {
                    "type": "string", "contentMediaType": "application/json",
                    "contentSchema": {"$ref": "#/components/schemas/MessagesStreamEvent"}
                  }
                }
              },
              "MessagesTokenCount": {
                "type": "object", "required": ["input_tokens"], "additionalProperties": false,
                "properties": {"input_tokens": {"type": "integer", "minimum": 0}}
              },
              "MessagesErrorResponse": {
                "type": "object",
                "required": ["type", "error"],
                "additionalProperties": false,
                "description": "Anthropic's error envelope; the error type follows from the HTTP status.",
                "properties": {
                  "type": {"type": "string", "const": "error"},
                  "error": {
                    "type": "object",
                    "required": ["type", "message"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {
                        "type": "string",
                        "enum": [
                          "invalid_request_error", "authentication_error", "permission_error", "not_found_error",
                          "request_too_large", "rate_limit_error", "api_error", "overloaded_error"
                        ]
                      },
                      "message": {"type": "string"}
                    }
                  }
                }
              },
              "ResponsesRequest": {
                "type": "object",
                "required": ["model", "input"],
                "additionalProperties": false,
                "description": "OpenAI's Responses request, for text conversations and function tools; seed is an extension. Hosted tools, item references, image, file and audio parts, conversation, prompt and context_management are refused by name (400). A null member counts as left out. The rules between members are stated in allOf: an empty input only with instructions or previous_response_id; stream_options only with stream: true; background only stored and not streamed; tool_choice required, or naming functions, only with tools. Rules JSON Schema cannot state (400): tool names unique; a tool_choice naming declared functions; each function_call_output answering the call_id of an earlier function_call (in the input, or in the conversation previous_response_id continues). previous_response_id must name a stored response (404), one no longer queued or in progress (400). The model decides the rest: it must be one the server has (404); the prompt and max_output_tokens must fit its context (400; with truncation: auto the oldest turns are dropped until the conversation fits); schemas a grammar can be built from (400); a chat template that does not raise (400).",
                "properties": {
                  "model": {"type": "string", "minLength": 1},
                  "input": {
                    "description": "A user message's text, or items.",
                    "oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/ResponseInputItem"}}]
                  },
                  "instructions": {"type": ["string", "null"], "description": "A system message before the conversation (not carried on by previous_response_id)."},
                  "previous_response_id": {
                    "type": ["string", "null"],
                    "description": "A stored response this one continues: its conversation (inputs and outputs, back to the first) comes before input. 404 when it is not stored; 400 while it is queued or in progress."
                  },
                  "max_output_tokens": {
                    "type": ["integer", "null"], "minimum": 16, "maximum": 9223372036854775807,
                    "description": "Tokens to generate at most (thinking included); the prompt and these must fit the context (else 400)."
                  },
                  "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
                  "top_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                  "top_logprobs": {"type": ["integer", "null"], "minimum": 0, "maximum": 20, "description": "Alternatives per token, with include message.output_text.logprobs."},
                  "tools": {
                    "type": ["array", "null"], "maxItems": 128,
                    "description": "Up to 128 function tools. Their names must be unique (else 400), a rule JSON Schema cannot state.",
                    "items": {"$ref": "#/components/schemas/ResponsesFunctionTool"}
                  },
                  "tool_choice": {"$ref": "#/components/schemas/ResponsesToolChoice"},
                  "parallel_tool_calls": {"type": ["boolean", "null"]},
                  "max_tool_calls": {
                    "type": ["integer", "null"], "minimum": 0, "maximum": 9223372036854775807,
                    "description": "Calls beyond it are dropped from the output; 0 offers no tools, 1 at most one call."
                  },
                  "text": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "properties": {
                      "format": {"$ref": "#/components/schemas/ResponsesTextFormat"},
                      "verbosity": {"type": ["string", "null"], "enum": ["low", "medium", "high", null], "description": "Echoed; a hint a local model is not held to."}
                    }
                  },
                  "reasoning": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "properties": {
                      "effort": {
                        "type": ["string", "null"], "enum": ["none", "minimal", "low", "medium", "high", "xhigh", null],
                        "description": "Reaches the chat template as reasoning_effort (none and minimal switch thinking off where the template can)."
                      },
                      "summary": {"type": ["string", "null"], "enum": ["auto", "concise", "detailed", null], "description": "Echoed; no summaries are made (reasoning items carry the thinking as reasoning_text)."},
                      "generate_summary": {"description": "Deprecated; accepted and ignored."}
                    }
                  },
                  "truncation": {
                    "type": ["string", "null"], "enum": ["auto", "disabled", null],
                    "description": "auto drops the oldest turns until the conversation fits the context; disabled (the default) answers 400."
                  },
                  "include": {
                    "type": ["array", "null"],
                    "items": {"type": "string", "enum": ["message.output_text.logprobs", "reasoning.encrypted_content"]},
                    "description": "message.output_text.logprobs adds the output's log probabilities; reasoning.encrypted_content is accepted (nothing is encrypted). Other values name what this server does not make (400)."
                  },
                  "metadata": {
                    "type": ["object", "null"], "maxProperties": 16,
                    "propertyNames": {"maxLength": 64},
                    "additionalProperties": {"type": "string", "maxLength": 512},
                    "description": "Up to 16 pairs, keys of at most 64 characters, string values of at most 512; echoed and stored."
                  },
                  "user": {"type": ["string", "null"]},
                  "safety_identifier": {"type": ["string", "null"], "maxLength": 64},
                  "prompt_cache_key": {"type": ["string", "null"], "description": "Written to the request's log line; caching is automatic (longest shared prefix)."},
                  "prompt_cache_retention": {"type": ["string", "null"], "enum": ["in_memory", "24h", null], "description": "Accepted; the prompt cache is kept in host memory as --cache-ram allows."},
                  "service_tier": {
                    "type": ["string", "null"], "enum": ["auto", "default", "flex", "priority", "scale", null],
                    "description": "flex is scheduled after, priority before the rest; auto, default and scale are served alike."
                  },
                  "store": {"type": ["boolean", "null"], "description": "Whether the response is kept for GET, previous_response_id and input_items (default true)."},
                  "stream": {"type": ["boolean", "null"]},
                  "stream_options": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "description": "Only with stream: true.",
                    "properties": {"include_obfuscation": {"type": ["boolean", "null"], "description": "Accepted; nothing is obfuscated."}}
                  },
                  "background": {
                    "type": ["boolean", "null"],
                    "description": "Answered at once (queued) and run on; poll GET /v1/responses/{id}, cancel with POST .../cancel. Must be stored, and is not streamed."
                  },
                  "seed": {"$ref": "#/components/schemas/Seed"},
                  "top_k": {
                    "type": ["integer", "null"], "minimum": -1, "maximum": 9223372036854775807,
                    "description": "Extension (vLLM, SGLang): sample from the k likeliest tokens; -1 and 0 turn it off."
                  },
                  "min_p": {"type": ["number", "null"], "minimum": 0, "maximum": 1, "description": "Extension (vLLM, SGLang)."},
                  "repetition_penalty": {
                    "type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 2,
                    "description": "Extension (vLLM, SGLang): 1 is no penalty."
                  },
                  "priority": {
                    "type": ["integer", "null"], "minimum": 0, "maximum": 0,
                    "description": "SGLang's scheduling priority: only its default, 0, is taken; this server orders requests by service_tier."
                  }
                },
                "allOf": [
                  {
                    "if": {"required": ["input"], "properties": {"input": {"type": "array", "maxItems": 0}}},
                    "then": {
                      "anyOf": [
                        {"required": ["instructions"], "properties": {"instructions": {"type": "string"}}},
                        {"required": ["previous_response_id"], "properties": {"previous_response_id": {"type": "string"}}}
                      ]
                    }
                  },
                  {
                    "if": {"required": ["stream_options"], "properties": {"stream_options": {"type": "object"}}},
                    "then": {"required": ["stream"], "properties": {"stream": {"const": true}}}
                  },
                  {
                    "if": {"required": ["background"], "properties": {"background": {"const": true}}},
                    "then": {"properties": {"store": {"enum": [true, null]}, "stream": {"enum": [false, null]}}}
                  },
                  {
                    "if": {
                      "required": ["tool_choice"],
                      "properties": {"tool_choice": {"anyOf": [{"const": "required"}, {"type": "object"}]}}
                    },
                    "then": {"required": ["tools"], "properties": {"tools": {"type": "array", "minItems": 1}}}
                  }
                ]
              },
              "ResponsesFunctionTool": {
                "type": "object", "required": ["type", "name"], "additionalProperties": false,
                "description": "A function the model may call (hosted tool types are refused with 400).",
                "properties": {
                  "type": {"type": "string", "const": "function"},
                  "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                  "description": {"type": ["string", "null"]},
                  "parameters": {"$ref": "#/components/schemas/UserSchema"},
                  "strict": {"type": ["boolean", "null"]}
                }
              },
              "ResponsesToolChoice": {
                "description": "none, auto, required (only with tools), a function of tools, or allowed_tools: only the named functions are offered, and one must (required) or may (auto) be called. Named functions must be declared in tools (else 400), which JSON Schema cannot state.",
                "oneOf": [
                  {"type": "null"},
                  {"type": "string", "enum": ["none", "auto", "required"]},
                  {
                    "type": "object", "required": ["type", "name"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "const": "function"}, "name": {"type": "string"}}
                  },
                  {
                    "type": "object", "required": ["type", "tools"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "allowed_tools"},
                      "mode": {"type": ["string", "null"], "enum": ["auto", "required", null]},
                      "tools": {
                        "type": "array", "minItems": 1,
                        "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
                      }
                    }
                  }
                ]
              },
              "ResponsesTextFormat": {
                "oneOf": [
                  {"type": "null"},
                  {
                    "type": "object", "required": ["type"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "enum": ["text", "json_object"]}}
                  },
                  {
                    "type": "object", "required": ["type", "name", "schema"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "json_schema"},
                      "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"},
                      "description": {"type": ["string", "null"]},
                      "schema": {"type": "object", "description": "A JSON Schema, held to the bounds of UserSchema."},
                      "strict": {"type": ["boolean", "null"]}
                    }
                  }
                ]
              },
              "ResponseInputItem": {
                "description": "An input item: a message (type may be left out), a function call, a function's output, or reasoning. A function_call_output must answer the call_id of an earlier function_call (else 400), a rule between items that JSON Schema cannot state.",
                "oneOf": [
                  {
                    "type": "object", "required": ["role", "content"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": ["string", "null"], "enum": ["message", null]},
                      "id": {"type": ["string", "null"]},
                      "role": {"type": "string", "enum": ["user", "system", "developer", "assistant"]},
                      "content": {
                        "oneOf": [
                          {"type": "string"},
                          {"type": "array", "items": {"$ref": "#/components/schemas/ResponseInputPart"}}
                        ]
                      },
                      "status": {"type": ["string", "null"]}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "call_id", "name", "arguments"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "function_call"},
                      "id": {"type": ["string", "null"]},
                      "call_id": {"type": "string", "minLength": 1},
                      "name": {"type": "string"},
                      "arguments": {"type": "string"},
                      "status": {"type": ["string", "null"]}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "call_id", "output"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "function_call_output"},
                      "id": {"type": ["string", "null"]},
                      "call_id": {"type": "string", "minLength": 1, "description": "The call_id of an earlier function_call (else 400)."},
                      "output": {
                        "oneOf": [
                          {"type": "string"},
                          {"type": "array", "items": {"$ref": "#/components/schemas/ResponseInputTextPart"}}
                        ]
                      },
                      "status": {"description": "Accepted and ignored."}
                    }
                  },
                  {
                    "type": "object", "required": ["type"], "additionalProperties": false,
                    "description": "Earlier thinking: the text members of content (else of summary) become the assistant turn's reasoning.",
                    "properties": {
                      "type": {"type": "string", "const": "reasoning"},
                      "id": {"type": ["string", "null"]},
                      "summary": {"type": ["array", "null"], "items": {"type": "object", "properties": {"text": {"type": ["string", "null"]}}}},
                      "content": {"type": ["array", "null"], "items": {"type": "object", "properties": {"text": {"type": ["string", "null"]}}}},
                      "encrypted_content": {"description": "Accepted and ignored."},
                      "status": {"description": "Accepted and ignored."}
                    }
                  }
                ]
              },
              "ResponseInputTextPart": {
                "type": "object", "required": ["type", "text"], "additionalProperties": false,
                "properties": {"type": {"type": "string", "const": "input_text"}, "text": {"type": "string"}}
              },
              "ResponseInputPart": {
                "description": "A text part of a message (input_image, input_file and input_audio parts are refused with 400: the server reads text only).",
                "oneOf": [
                  {"$ref": "#/components/schemas/ResponseInputTextPart"},
                  {
                    "type": "object", "required": ["type", "text"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "output_text"},
                      "text": {"type": "string"},
                      "annotations": {"description": "Accepted and ignored."},
                      "logprobs": {"description": "Accepted and ignored."}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "refusal"], "additionalProperties": false,
                    "properties": {"type": {"type": "string", "const": "refusal"}, "refusal": {"type": "string"}}
                  }
                ]
              },
              "ResponseObject": {
                "type": "object",
                "required": [
                  "id", "object", "created_at", "status", "output", "usage", "incomplete_details", "error", "completed_at",
                  "model", "background", "instructions", "max_output_tokens", "max_tool_calls", "parallel_tool_calls",
                  "previous_response_id", "prompt_cache_key", "reasoning", "safety_identifier", "service_tier", "store",
                  "temperature", "text", "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user", "metadata"
                ],
                "additionalProperties": false,
                "description": "A response: its state and output, and the request's settings as it echoes them.",
                "properties": {
                  "id": {"type": "string", "pattern": "^resp_"},
                  "object": {"type": "string", "const": "response"},
                  "created_at": {"type": "integer"},
                  "status": {"type": "string", "enum": ["queued", "in_progress", "completed", "incomplete", "failed", "cancelled"]},
                  "output": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseOutputItem"}},
                  "usage": {"anyOf": [{"$ref": "#/components/schemas/ResponseUsage"}, {"type": "null"}]},
                  "incomplete_details": {
                    "oneOf": [
                      {"type": "null"},
                      {
                        "type": "object", "required": ["reason"], "additionalProperties": false,
                        "properties": {"reason": {"type": "string", "const": "max_output_tokens"}}
                      }
                    ]
                  },
                  "error": {
                    "oneOf": [
                      {"type": "null"},
                      {
                        "type": "object", "required": ["code", "message"], "additionalProperties": false,
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
                      }
                    ]
                  },
                  "completed_at": {"type": ["integer", "null"]},
                  "model": {"type": "string"},
                  "background": {"type": "boolean"},
                  "instructions": {"type": ["string", "null"]},
                  "max_output_tokens": {"type": ["integer", "null"]},
                  "max_tool_calls": {"type": ["integer", "null"]},
                  "parallel_tool_calls": {"type": "boolean"},
                  "previous_response_id": {"type": ["string", "null"]},
                  "prompt_cache_key": {"type": ["string", "null"]},
                  "reasoning": {
                    "type": "object", "required": ["effort", "summary"], "additionalProperties": false,
                    "properties": {"effort": {"type": ["string", "null"]}, "summary": {"type": ["string", "null"]}}
                  },
                  "safety_identifier": {"type": ["string", "null"]},
                  "service_tier": {"type": "string", "enum": ["default", "flex", "priority"]},
                  "store": {"type": "boolean"},
                  "temperature": {"type": "number"},
                  "text": {
                    "type": "object", "required": ["format"], "additionalProperties": false,
                    "properties": {
                      "format": {
                        "oneOf": [
                          {
                            "type": "object", "required": ["type"], "additionalProperties": false,
                            "properties": {"type": {"type": "string", "enum": ["text", "json_object"]}}
                          },
                          {
                            "type": "object", "required": ["type", "name", "schema", "strict"], "additionalProperties": false,
                            "properties": {
                              "type": {"type": "string", "const": "json_schema"},
                              "name": {"type": "string"},
                              "description": {"type": "string"},
                              "schema": {"type": "object"},
                              "strict": {"type": ["boolean", "null"]}
                            }
                          }
                        ]
                      },
                      "verbosity": {"type": "string", "enum": ["low", "medium", "high"]}
                    }
                  },
                  "tool_choice": {
                    "oneOf": [
                      {"type": "string", "enum": ["none", "auto", "required"]},
                      {
                        "type": "object", "required": ["type", "name"], "additionalProperties": false,
                        "properties": {"type": {"type": "string", "const": "function"}, "name": {"type": "string"}}
                      },
                      {
                        "type": "object", "required": ["type", "mode", "tools"], "additionalProperties": false,
                        "properties": {
                          "type": {"type": "string", "const": "allowed_tools"},
                          "mode": {"type": "string", "enum": ["auto", "required"]},
                          "tools": {
                            "type": "array",
                            "items": {
                              "type": "object", "required": ["type", "name"], "additionalProperties": false,
                              "properties": {"type": {"type": "string", "const": "function"}, "name": {"type": "string"}}
                            }
                          }
                        }
                      }
                    ]
                  },
                  "tools": {
                    "type": "array",
                    "items": {
                      "type": "object", "required": ["type", "name", "description", "parameters", "strict"], "additionalProperties": false,
                      "properties": {
                        "type": {"type": "string", "const": "function"},
                        "name": {"type": "string"},
                        "description": {"type": ["string", "null"]},
                        "parameters": {"type": ["object", "null"]},
                        "strict": {"type": ["boolean", "null"]}
                      }
                    }
                  },
                  "top_logprobs": {"type": "integer", "minimum": 0},
                  "top_p": {"type": "number"},
                  "truncation": {"type": "string", "enum": ["auto", "disabled"]},
                  "user": {"type": ["string", "null"]},
                  "metadata": {"type": "object", "additionalProperties": {"type": "string"}}
                }
              },
              "ResponseUsage": {
                "type": "object",
                "required": ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens"],
                "additionalProperties": false,
                "properties": {
                  "input_tokens": {"type": "integer", "minimum": 0, "description": "Prompt tokens, cached ones included."},
                  "input_tokens_details": {
                    "type": "object", "required": ["cached_tokens"],
                    "properties": {"cached_tokens": {"type": "integer", "minimum": 0}, "cache_write_tokens": {"type": "integer", "minimum": 0}}
                  },
                  "output_tokens": {"type": "integer", "minimum": 0},
                  "output_tokens_details": {
                    "type": "object", "required": ["reasoning_tokens"],
                    "properties": {"reasoning_tokens": {"type": "integer", "minimum": 0}}
                  },
                  "total_tokens": {"type": "integer", "minimum": 0}
                }
              },
              "ResponseOutputItem": {
                "description": "An output item: the assistant's message, a function call, or its thinking. While a response is being written (stream events, a background response polled) the last item may be in_progress.",
                "oneOf": [
                  {
                    "type": "object", "required": ["type", "id", "role", "content", "status"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "message"},
                      "id": {"type": "string", "pattern": "^msg_"},
                      "role": {"type": "string", "const": "assistant"},
                      "content": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseOutputText"}},
                      "status": {"type": "string", "enum": ["in_progress", "completed", "incomplete"]}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "id", "call_id", "name", "arguments", "status"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "function_call"},
                      "id": {"type": "string", "pattern": "^fc_"},
                      "call_id": {"type": "string", "minLength": 1},
                      "name": {"type": "string"},
                      "arguments": {"type": "string", "description": "The arguments as the JSON text the model wrote."},
                      "status": {"type": "string", "enum": ["in_progress", "completed", "incomplete"]}
                    }
                  },
                  {"$ref": "#/components/schemas/ResponseReasoningItem"}
                ]
              },
              "ResponseReasoningItem": {
                "type": "object", "required": ["type", "id", "summary", "content"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "reasoning"},
                  "id": {"type": "string"},
                  "summary": {"type": "array", "maxItems": 0, "description": "No summaries are made."},
                  "content": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseReasoningText"}}
                }
              },
              "ResponseReasoningText": {
                "type": "object", "required": ["type", "text"], "additionalProperties": false,
                "properties": {"type": {"type": "string", "const": "reasoning_text"}, "text": {"type": "string"}}
              },
              "ResponseOutputText": {
                "type": "object", "required": ["type", "text", "annotations", "logprobs"], "additionalProperties": false,
                "properties": {
                  "type": {"type": "string", "const": "output_text"},
                  "text": {"type": "string"},
                  "annotations": {"type": "array", "maxItems": 0},
                  "logprobs": {
                    "type": "array", "description": "With include message.output_text.logprobs; else empty.",
                    "items": {"$ref": "#/components/schemas/ResponseLogprob"}
                  }
                }
              },
              "ResponseLogprob": {
                "type": "object", "required": ["token", "logprob", "bytes", "top_logprobs"], "additionalProperties": false,
                "properties": {
                  "token": {"type": "string"},
                  "logprob": {"type": "number", "maximum": 0},
                  "bytes": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}},
                  "top_logprobs": {
                    "type": "array",
                    "items": {
                      "type": "object", "required": ["token", "logprob", "bytes"], "additionalProperties": false,
                      "properties": {
                        "token": {"type": "string"},
                        "logprob": {"type": "number", "maximum": 0},
                        "bytes": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}}
                      }
                    }
                  }
                }
              },
              "ResponseStoredItem": {
                "description": "An input item as stored, with its id (a reasoning item keeps the id it was sent with, possibly empty).",
                "oneOf": [
                  {
                    "type": "object", "required": ["type", "id", "role", "content"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "message"},
                      "id": {"type": "string"},
                      "role": {"type": "string", "enum": ["user", "system", "developer", "assistant"]},
                      "content": {
                        "type": "array",
                        "items": {
                          "oneOf": [
                            {"$ref": "#/components/schemas/ResponseInputTextPart"},
                            {"$ref": "#/components/schemas/ResponseOutputText"},
                            {
                              "type": "object", "required": ["type", "refusal"], "additionalProperties": false,
                              "properties": {"type": {"type": "string", "const": "refusal"}, "refusal": {"type": "string"}}
                            }
                          ]
                        }
                      },
                      "status": {"type": "string"}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "id", "call_id", "name", "arguments"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "function_call"},
                      "id": {"type": "string"},
                      "call_id": {"type": "string"},
                      "name": {"type": "string"},
                      "arguments": {"type": "string"},
                      "status": {"type": "string"}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "id", "call_id", "output", "status"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "function_call_output"},
                      "id": {"type": "string"},
                      "call_id": {"type": "string"},
                      "output": {"type": "string"},
                      "status": {"type": "string", "const": "completed"}
                    }
                  },
                  {"$ref": "#/components/schemas/ResponseReasoningItem"}
                ]
              },
              "ResponseInputItemList": {
                "type": "object", "required": ["object", "data", "first_id", "last_id", "has_more"], "additionalProperties": false,
                "properties": {
                  "object": {"type": "string", "const": "list"},
                  "data": {"type": "array", "maxItems": 100, "items": {"$ref": "#/components/schemas/ResponseStoredItem"}},
                  "first_id": {"type": ["string", "null"]},
                  "last_id": {"type": ["string", "null"]},
                  "has_more": {"type": "boolean"}
                }
              },
              "ResponseDeleted": {
                "type": "object", "required": ["id", "object", "deleted"], "additionalProperties": false,
                "properties": {
                  "id": {"type": "string"},
                  "object": {"type": "string", "const": "response.deleted"},
                  "deleted": {"type": "boolean", "const": true}
                }
              },
              "ResponseServerSentEvent": {
                "type": "object",
                "required": ["event", "data"],
                "description": "One server-sent event of a streamed response: its event: line names the type its data carries.",
                "properties": {
                  "event": {"type": "string", "pattern": "^response\\."},
                  "data": {
                    "type": "string", "contentMediaType": "application/json",
                    "contentSchema": {"$ref": "#/components/schemas/ResponseStreamEvent"}
                  }
                }
              },
              "ResponseStreamEvent": {
                "description": "An event of a streamed response; its event: line names its type, and sequence_number counts from 0.",
                "oneOf": [
                  {
                    "type": "object", "required": ["type", "response", "sequence_number"], "additionalProperties": false,
                    "properties": {
                      "type": {
                        "type": "string",
                        "enum": ["response.created", "response.in_progress", "response.completed", "response.incomplete", "response.failed"]
                      },
                      "response": {"$ref": "#/components/schemas/ResponseObject"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "output_index", "item", "sequence_number"], "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "enum": ["response.output_item.added", "response.output_item.done"]},
                      "output_index": {"type": "integer", "minimum": 0},
                      "item": {"$ref": "#/components/schemas/ResponseOutputItem"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "content_index", "part", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "enum": ["response.content_part.added", "response.content_part.done"]},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "content_index": {"type": "integer", "minimum": 0},
                      "part": {"oneOf": [{"$ref": "#/components/schemas/ResponseOutputText"}, {"$ref": "#/components/schemas/ResponseReasoningText"}]},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "content_index", "delta", "logprobs", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.output_text.delta"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "content_index": {"type": "integer", "minimum": 0},
                      "delta": {"type": "string"},
                      "logprobs": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseLogprob"}},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "content_index", "text", "logprobs", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.output_text.done"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "content_index": {"type": "integer", "minimum": 0},
                      "text": {"type": "string"},
                      "logprobs": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseLogprob"}},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "content_index", "delta", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.reasoning_text.delta"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "content_index": {"type": "integer", "minimum": 0},
                      "delta": {"type": "string"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "content_index", "text", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.reasoning_text.done"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "content_index": {"type": "integer", "minimum": 0},
                      "text": {"type": "string"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "delta", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.function_call_arguments.delta"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "delta": {"type": "string"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  },
                  {
                    "type": "object", "required": ["type", "item_id", "output_index", "name", "arguments", "sequence_number"],
                    "additionalProperties": false,
                    "properties": {
                      "type": {"type": "string", "const": "response.function_call_arguments.done"},
                      "item_id": {"type": "string"},
                      "output_index": {"type": "integer", "minimum": 0},
                      "name": {"type": "string"},
                      "arguments": {"type": "string"},
                      "sequence_number": {"type": "integer", "minimum": 0}
                    }
                  }
                ]
              }
            }
          }
        }
        """#
}
