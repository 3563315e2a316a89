// SPDX-License-Identifier: Apache-2.0
// First stage of the pipeline: one file's bytes -> a Document (compiler/doc.h)
// with 1-based spans. The only place in nbc that uses yaml-cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/doc.h"
#include "compiler/source_reader.h"
#include "ir/diagnostic.h"
#include "ir/source_span.h"

namespace nbc::compiler {

// Bounds that keep a hostile or broken file from exhausting time or memory.
struct YamlLimits {
  size_t max_bytes = kMaxSourceBytes;  // file size; also the most text aliases may copy
  uint32_t max_depth = 64;       // nested sequences and mappings
  // Nodes after expanding every alias; a key is not counted (its value is).
  // Lowering and planning copy each value a few times, at about 1 KB and
  // 5 us a value, so this keeps an alias bomb (or a 1 MiB `[,,,,]`) within
  // 256 MiB and a second; 50,000 keys in one mapping still fit.
  size_t max_nodes = 100'000;
  size_t max_scalar_bytes = 1u << 20;  // the file cap, so reached only through a lower max_bytes
  size_t max_errors = 50;              // then the rest of the file is not read
};

// Parses one file's bytes, which must hold at most one YAML document. Errors
// go to diags with 1-based line:col (columns count bytes, as yaml-cpp does);
// any error returns nullopt, never a partial tree. An empty or comment-only
// file gives a Document whose root is nullptr.
//
// Beyond YAML itself this enforces: strict UTF-8 text without NUL or control
// characters, no duplicate keys, only nbc's tags (!append, !replace, !secret
// and the standard !!str, !!int, !!float, !!bool, !!null, !!map, !!seq), the
// YAML 1.2 core schema for plain scalars (so `NO` and `yes` are strings), and
// merge keys (`<<: *base`).
std::optional<Document> ParseYaml(std::string_view bytes, ir::FileId file, ir::Diagnostics& diags,
                                  const YamlLimits& limits = {});

}  // namespace nbc::compiler
