#!/usr/bin/env python3
"""Builds tiny random-weight GGUF models, one per model family, for the family tests.

Each model is a two-layer Llama-architecture network of width 64 with seeded random weights
(quantized to Q8_0), the
real tokenizer of its family (a `models/ggml-vocab-*.gguf` of the pinned llama.cpp source) with the
family's special tokens added where that vocabulary lacks them, and the family's real chat template
(`models/templates/*.jinja`). The weights say nothing; the tests force the family's syntax with
grammars, so what they check is the real path: the family's template renders the prompt, its special
tokens are single tokens (control tokens where the family has them, its end-of-generation tokens
ending the turn), and its tool calls and thinking are parsed back.

    python3 family_models.py LLAMA_CPP_SOURCE_DIR OUTPUT_DIR

Needs numpy and the source's own gguf-py on PYTHONPATH (scripts/setup.sh family-models sets that up).
"""

import os
import sys

import numpy as np
import gguf

NORMAL, CONTROL, USER_DEFINED = 1, 3, 4

QWEN_TOOLS = [("<tool_call>", USER_DEFINED), ("</tool_call>", USER_DEFINED)]
THINK = [("<think>", USER_DEFINED), ("</think>", USER_DEFINED)]
HARMONY = [
    (name, CONTROL)
    for name in ("<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|constrain|>", "<|return|>", "<|call|>")
]
MISTRAL = [
    (name, CONTROL)
    for name in (
        "[INST]", "[/INST]", "[TOOL_CALLS]", "[ARGS]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
        "[/TOOL_RESULTS]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]",
    )
]
DEEPSEEK = [
    (name, USER_DEFINED)
    for name in (
        "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<｜tool▁calls▁begin｜>",
        "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>", "<｜tool▁sep｜>",
        "<｜tool▁outputs▁begin｜>", "<｜tool▁outputs▁end｜>", "<｜tool▁output▁begin｜>", "<｜tool▁output▁end｜>",
    )
] + THINK

# name: (vocabulary, template, tokens to add, end-of-sequence token or None to keep the vocabulary's)
FAMILIES = {
    "family-qwen3": ("qwen2", "Qwen-Qwen3-0.6B", QWEN_TOOLS + THINK, "<|im_end|>"),
    "family-qwen3-coder": ("qwen2", "Qwen3-Coder", QWEN_TOOLS, "<|im_end|>"),
    "family-llama3": (
        "llama-bpe", "meta-llama-Llama-3.1-8B-Instruct", [("<|python_tag|>", CONTROL), ("<|eom_id|>", CONTROL)],
        "<|eot_id|>",
    ),
    "family-gpt-oss": ("llama-bpe", "openai-gpt-oss-120b", HARMONY, "<|return|>"),
    "family-devstral": ("llama-spm", "unsloth-mistral-Devstral-Small-2507", MISTRAL, None),
    "family-deepseek-r1": ("qwen2", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", DEEPSEEK, "<｜end▁of▁sentence｜>"),
    # Gemma 4's vocabulary has its call, quote, channel and turn markers already.
    "family-gemma4": ("gemma-4", "google-gemma-4-31B-it", [], "<turn|>"),
}

WIDTH, LAYERS, HEADS, FEED_FORWARD, CONTEXT = 64, 2, 4, 128, 4096


def build(source, name, vocabulary, template_name, added, eos, output):
    reader = gguf.GGUFReader(os.path.join(source, "models", f"ggml-vocab-{vocabulary}.gguf"))
    fields = {key: field for key, field in reader.fields.items() if key.startswith("tokenizer.")}
    tokens = list(fields["tokenizer.ggml.tokens"].contents())
    types = list(fields["tokenizer.ggml.token_type"].contents())
    scores = list(fields["tokenizer.ggml.scores"].contents()) if "tokenizer.ggml.scores" in fields else None
    index = {token: i for i, token in enumerate(tokens)}
    for token, kind in added:
        if token in index:
            types[index[token]] = kind
            continue
        index[token] = len(tokens)
        tokens.append(token)
        types.append(kind)
        if scores is not None:
            scores.append(0.0)
    with open(os.path.join(source, "models", "templates", f"{template_name}.jinja"), encoding="utf-8") as handle:
        template = handle.read()

    writer = gguf.GGUFWriter(output, "llama")
    writer.add_name(name)
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(WIDTH // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    for key, field in fields.items():
        if key in ("tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "tokenizer.ggml.scores",
                   "tokenizer.chat_template"):
            continue
        value = field.contents()
        if key == "tokenizer.ggml.eos_token_id" and eos is not None:
            value = index[eos]
        sub_type = field.types[-1] if field.types[0] == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(key, value, field.types[0], sub_type=sub_type)
    if eos is not None and "tokenizer.ggml.eos_token_id" not in fields:
        writer.add_eos_token_id(index[eos])
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    if scores is not None:
        writer.add_token_scores(scores)
    writer.add_chat_template(template)

    # Seeded by the family's name, so a rebuild gives the same bytes.
    random = np.random.default_rng(sum(name.encode()) * 7919)

    def add_weights(tensor_name, *shape):
        # Quantized (Q8_0) like the models people run, which also keeps decodes batch-invariant.
        data = (random.standard_normal(shape) * 0.2).astype(np.float32)
        quantized = gguf.quants.quantize(data, gguf.GGMLQuantizationType.Q8_0)
        writer.add_tensor(tensor_name, quantized, raw_dtype=gguf.GGMLQuantizationType.Q8_0)

    add_weights("token_embd.weight", len(tokens), WIDTH)
    writer.add_tensor("output_norm.weight", np.ones(WIDTH, dtype=np.float32))
    for layer in range(LAYERS):
        prefix = f"blk.{layer}."
        writer.add_tensor(prefix + "attn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
            add_weights(prefix + part + ".weight", WIDTH, WIDTH)
        writer.add_tensor(prefix + "ffn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        add_weights(prefix + "ffn_gate.weight", FEED_FORWARD, WIDTH)
        add_weights(prefix + "ffn_up.weight", FEED_FORWARD, WIDTH)
        add_weights(prefix + "ffn_down.weight", WIDTH, FEED_FORWARD)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def main():
    source, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    for name, (vocabulary, template, added, eos) in FAMILIES.items():
        target = os.path.join(directory, name + ".gguf")
        if os.path.exists(target):
            continue
        build(source, name, vocabulary, template, added, eos, target + ".part")
        os.replace(target + ".part", target)
        print(f"built {target} ({os.path.getsize(target) // 1_000_000} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
