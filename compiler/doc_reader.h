// SPDX-License-Identifier: Apache-2.0
// Typed, checked access to a mapping of the document tree during lowering:
// wrong types and unknown keys become diagnostics with the key's position.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/doc.h"
#include "ir/diagnostic.h"

namespace nbc::compiler {

// A string as written and where.
struct SpannedString {
  std::string value;
  ir::SourceSpan at;
};

// True for names usable as hostname parts, chef roles, file names and
// CloudFormation logical ids: [a-z][a-z0-9-]*, at most 40 characters.
bool IsValidName(std::string_view name);
void CheckName(std::string_view name, std::string_view what, ir::SourceSpan at,
               ir::Diagnostics& diags);

// Reads one mapping. Each getter marks its key as known; Finish() reports
// every key that no getter asked for, with a did-you-mean hint.
class MapReader {
 public:
  // `what` names the mapping in messages: "service 'api'", "nbc.yaml".
  MapReader(const DocNode* node, std::string what, ir::Diagnostics& diags);
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool ok() const { return node_ != nullptr; }
  const DocNode* node() const { return node_; }

  // The raw value of a key (marked known), or nullptr if absent.
  const DocNode* Get(std::string_view key);
  ir::SourceSpan KeyAt(std::string_view key) const;

  std::optional<std::string> String(std::string_view key);
  std::optional<int64_t> Int(std::string_view key, int64_t min, int64_t max);
  std::optional<double> Number(std::string_view key, double min);
  std::optional<bool> Bool(std::string_view key);
  // A list of strings; a single string is not accepted (lists are explicit).
  // `allow_append` accepts a `!append` tag (environment services only).
  std::optional<std::vector<SpannedString>> StringList(std::string_view key,
                                                       bool allow_append = false);

  // Reports unknown keys; called by the destructor if not called before.
  void Finish();

  // Names the key in messages: "key 'count' of node type 'web'".
  std::string KeyLabel(std::string_view key) const;

 private:
  void TypeError(std::string_view key, const DocNode* value, std::string_view expected);

  const DocNode* node_;
  std::string what_;
  ir::Diagnostics& diags_;
  std::vector<std::string> known_;
  bool finished_ = false;
};

// The node as a mapping; a type error (and nullptr) otherwise. A null node
// (an empty file or `key:` with no value) reads as an empty mapping.
const DocNode* ExpectMap(const DocNode* node, std::string_view what, ir::Diagnostics& diags);

// "a string", "an integer", "a !secret value": a value's type, in messages.
std::string WithArticle(const DocNode* value);

// A scalar string value: strings, and plain scalars of other types by text
// (so `version: 2026.11` is the string "2026.11"). Sequences and maps are errors.
std::optional<std::string> ScalarText(const DocNode* node, std::string_view what,
                                      ir::Diagnostics& diags);

}  // namespace nbc::compiler
