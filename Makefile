# The two commands of the quick start are `make serve` and `make test`; everything they need is
# set up by scripts/setup.sh (cached outside the clone, seconds when already done).
#
#   make setup                 llama.cpp library + default model, nothing else
#   make serve [ARGS="..."]    set up, build, and start chat-server on the default model
#   make test                  set up, build, check formatting, run every test
#   make bench [ARGS="..."]    set up, build release, benchmark against llama.cpp's own server
#   make soak [MINUTES=N]      set up, build, drive mixed and hostile traffic for N minutes (default 2)
#   make cluster [N=2]         N replicas behind SGLang Model Gateway (cache-aware) on loopback
#   make format                rewrite sources with swift format
#
# SYSTEM_LLAMA=1 uses a llama.cpp that pkg-config already finds instead of building one.

SHELL := /bin/bash
export CHAT_CACHE_DIR ?= $(HOME)/.cache/swift-chat-completions
export CHAT_MODELS_DIR ?= $(CHAT_CACHE_DIR)/models
LLAMA_PREFIX := $(shell scripts/setup.sh paths)
ifneq ($(LLAMA_PREFIX),)
export PKG_CONFIG_PATH := $(LLAMA_PREFIX)/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
export LD_LIBRARY_PATH := $(LLAMA_PREFIX)/lib$(if $(LD_LIBRARY_PATH),:$(LD_LIBRARY_PATH))
RPATH := -Xlinker -rpath -Xlinker $(LLAMA_PREFIX)/lib
endif
export LLAMA_CPP_SOURCE_DIR := $(shell scripts/setup.sh source)
SWIFT_BUILD_FLAGS ?=
ARGS ?=
MINUTES ?= 2
N ?= 2

.PHONY: setup build serve test bench soak cluster format lint

setup:
	@scripts/setup.sh all

build: setup
	swift build $(SWIFT_BUILD_FLAGS) $(RPATH) --product chat-server
	swift build $(SWIFT_BUILD_FLAGS) $(RPATH) --product chat

serve: setup
	swift build -c release $(RPATH) --product chat-server
	"$$(swift build -c release --show-bin-path)/chat-server" --models-dir "$(CHAT_MODELS_DIR)" $(ARGS)

test: setup lint
	scripts/run-tests.sh $(RPATH)

bench: setup
	scripts/bench.sh $(RPATH) -- $(ARGS)

soak: setup
	scripts/soak.sh $(MINUTES) $(RPATH)

cluster: setup
	scripts/cluster.sh $(N) $(RPATH)

lint:
	swift format lint --strict --recursive --configuration .swift-format Package.swift Sources Tests Examples

format:
	swift format --in-place --recursive --configuration .swift-format Package.swift Sources Tests Examples
