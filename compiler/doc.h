// SPDX-License-Identifier: Apache-2.0
// nbc's own YAML document tree: what the loader builds from yaml-cpp's events
// and what lowering reads. Every node keeps the span where it was written.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "ir/source_span.h"

namespace nbc::compiler {

// YAML 1.2 core-schema types. A quoted scalar is always kString.
enum class DocKind { kNull, kBool, kInt, kFloat, kString, kSeq, kMap };

struct DocNode;

struct DocEntry {
  std::string key;        // mapping keys are scalars; the key's text
  ir::SourceSpan key_at;  // where the key was written
  DocNode* value = nullptr;
};

// One YAML node. Owned by a Document's arena; nodes never move, so pointers
// between them stay valid for the Document's lifetime. An alias becomes a shallow copy of
// the anchored node whose `at` is the alias's own position; the children are
// shared, not copied, so the tree may be a DAG and an alias bomb stays small.
struct DocNode {
  DocKind kind = DocKind::kNull;
  ir::SourceSpan at;            // where this node was written (for an alias: its use)
  std::string tag;              // "" or a local tag: "!append", "!replace", "!secret"
  std::string text;             // the scalar's text as written (after unescaping)
  bool bool_value = false;      // kBool
  int64_t int_value = 0;        // kInt
  double float_value = 0;       // kFloat
  std::vector<DocNode*> items;  // kSeq
  std::vector<DocEntry> entries;  // kMap, in document order, keys unique

  const DocNode* Find(std::string_view key) const {
    for (const DocEntry& e : entries)
      if (e.key == key) return e.value;
    return nullptr;
  }
};

// A parsed file: exactly one document whose root is a node (or null when the
// file is empty or holds only comments).
struct Document {
  // Move-only: nodes point into the arena, so a copy would point into the
  // original. Moving a deque keeps its elements in place.
  Document() = default;
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  ir::FileId file = ir::kNoFile;
  DocNode* root = nullptr;
  std::deque<DocNode> arena;  // a deque: growing it never moves a node
  std::string sha256;  // digest of the bytes that were parsed

  DocNode* NewNode() {
    return &arena.emplace_back();
  }
};

// "null", "bool", "integer", "float", "string", "sequence", "mapping".
const char* DocKindName(DocKind kind);

// The YAML 1.2 core schema (yaml.org/spec/1.2.2, section 10.3.2) for plain
// scalars. The loader types scalars with these; they are public so that values
// given outside YAML (e.g. on the command line) can be typed the same way.
// None depends on the locale.
enum class NumberParse { kNoMatch, kOk, kOutOfRange };
bool IsCoreNull(std::string_view text);  // "", "~", "null", "Null", "NULL"
bool ParseCoreBool(std::string_view text, bool& value);  // true/True/TRUE, false/False/FALSE
NumberParse ParseCoreInt(std::string_view text, int64_t& value);  // 12, -3, 0o17, 0x1F
NumberParse ParseCoreFloat(std::string_view text, double& value);  // 1.5, 1e3, .inf, .nan

}  // namespace nbc::compiler
