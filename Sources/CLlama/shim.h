// The C API of llama.cpp, found through pkg-config (`llama`). Only LlamaInference imports this.
#include <llama.h>
