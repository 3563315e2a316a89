// SPDX-License-Identifier: Apache-2.0
// Typed, checked access to document mappings during lowering.
#include "compiler/doc_reader.h"

#include <algorithm>
#include <cmath>

#include "compiler/suggest.h"
#include "ir/visible_text.h"

namespace nbc::compiler {

// "a string", "an integer", "a !secret value".
std::string WithArticle(const DocNode* value) {
  if (!value->tag.empty()) return "a " + value->tag + " value";
  std::string kind = DocKindName(value->kind);
  return (kind == "integer" ? "an " : "a ") + kind;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void CheckName(std::string_view name, std::string_view what, ir::SourceSpan at,
               ir::Diagnostics& diags) {
  if (IsValidName(name)) return;
  diags.Error(at, "invalid " + std::string(what) + " name '" + ir::Visible(name) + "'",
              "names are lowercase letters, digits and hyphens, start with a letter and have at "
              "most 40 characters, so that each can be a hostname part and a file name");
}

const DocNode* ExpectMap(const DocNode* node, std::string_view what, ir::Diagnostics& diags) {
  static const DocNode kEmptyMap{.kind = DocKind::kMap};
  if (node && !node->tag.empty()) {
    diags.Error(node->at, "tag " + node->tag + " has no meaning on " + std::string(what),
                "tags such as !append and !replace apply inside params only");
    return nullptr;
  }
  if (node == nullptr || node->kind == DocKind::kNull) return &kEmptyMap;
  if (node->kind == DocKind::kMap) return node;
  diags.Error(node->at, std::string(what) + " must be a mapping, not " + WithArticle(node));
  return nullptr;
}

std::optional<std::string> ScalarText(const DocNode* node, std::string_view what,
                                      ir::Diagnostics& diags) {
  if (node->kind == DocKind::kSeq || node->kind == DocKind::kMap || node->kind == DocKind::kNull ||
      !node->tag.empty()) {
    diags.Error(node->at, std::string(what) + " must be a string, not " + WithArticle(node));
    return std::nullopt;
  }
  return node->text;
}

MapReader::MapReader(const DocNode* node, std::string what, ir::Diagnostics& diags)
    : node_(ExpectMap(node, what, diags)), what_(std::move(what)), diags_(diags) {}

MapReader::~MapReader() { Finish(); }

std::string MapReader::KeyLabel(std::string_view key) const {
  return "key '" + std::string(key) + "' of " + what_;
}

const DocNode* MapReader::Get(std::string_view key) {
  known_.emplace_back(key);
  if (!node_) return nullptr;
  return node_->Find(key);
}

ir::SourceSpan MapReader::KeyAt(std::string_view key) const {
  if (node_)
    for (const DocEntry& e : node_->entries)
      if (e.key == key) return e.key_at;
  return node_ ? node_->at : ir::SourceSpan{};
}

void MapReader::TypeError(std::string_view key, const DocNode* value, std::string_view expected) {
  std::string got = WithArticle(value);
  std::string hint;
  if (expected == "true or false" && value->kind == DocKind::kString)
    hint = "YAML 1.2 booleans are only true and false; '" + ir::Visible(value->text) +
           "' is a string";
  diags_.Error(value->at, KeyLabel(key) + " must be " + std::string(expected) + ", not " + got,
               hint);
}

std::optional<std::string> MapReader::String(std::string_view key) {
  const DocNode* v = Get(key);
  if (!v) return std::nullopt;
  if (v->kind == DocKind::kSeq || v->kind == DocKind::kMap || v->kind == DocKind::kNull ||
      !v->tag.empty()) {
    TypeError(key, v, "a string");
    return std::nullopt;
  }
  return v->text;
}

std::optional<int64_t> MapReader::Int(std::string_view key, int64_t min, int64_t max) {
  const DocNode* v = Get(key);
  if (!v) return std::nullopt;
  if (v->kind != DocKind::kInt || !v->tag.empty()) {
    TypeError(key, v, "an integer");
    return std::nullopt;
  }
  if (v->int_value < min || v->int_value > max) {
    diags_.Error(v->at, KeyLabel(key) + " is " + std::to_string(v->int_value) +
                            ", outside " + std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return v->int_value;
}

std::optional<double> MapReader::Number(std::string_view key, double min) {
  const DocNode* v = Get(key);
  if (!v) return std::nullopt;
  double d = 0;
  if (v->kind == DocKind::kInt && v->tag.empty()) d = static_cast<double>(v->int_value);
  else if (v->kind == DocKind::kFloat && v->tag.empty()) d = v->float_value;
  else {
    TypeError(key, v, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(d) || d < min) {
    diags_.Error(v->at, KeyLabel(key) + " must be a finite number of at least " +
                            std::to_string(static_cast<int64_t>(min)));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> MapReader::Bool(std::string_view key) {
  const DocNode* v = Get(key);
  if (!v) return std::nullopt;
  if (v->kind != DocKind::kBool || !v->tag.empty()) {
    TypeError(key, v, "true or false");
    return std::nullopt;
  }
  return v->bool_value;
}

std::optional<std::vector<SpannedString>> MapReader::StringList(std::string_view key,
                                                                bool allow_append) {
  const DocNode* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->tag.empty() && !(allow_append && v->tag == "!append")) {
    diags_.Error(v->at, "tag " + v->tag + " has no meaning on " + KeyLabel(key),
                 allow_append ? "only !append may extend this list"
                              : "tags such as !append and !replace apply inside params only");
    return std::nullopt;
  }
  if (v->kind == DocKind::kNull) return std::vector<SpannedString>{};
  if (v->kind != DocKind::kSeq) {
    TypeError(key, v, "a list");
    return std::nullopt;
  }
  std::vector<SpannedString> out;
  bool ok = true;
  for (const DocNode* item : v->items) {
    std::optional<std::string> s = ScalarText(item, "an entry of " + KeyLabel(key), diags_);
    if (s) out.push_back({*s, item->at});
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

void MapReader::Finish() {
  if (finished_ || !node_) return;
  finished_ = true;
  std::vector<std::string> sorted_known = known_;
  std::sort(sorted_known.begin(), sorted_known.end());
  sorted_known.erase(std::unique(sorted_known.begin(), sorted_known.end()), sorted_known.end());
  // Thousands of stray keys would bury every other message: the first few
  // are reported one by one, the rest in one line.
  constexpr size_t kMaxReported = 20;
  size_t reported = 0, more = 0;
  ir::SourceSpan more_at;
  for (const DocEntry& e : node_->entries) {
    if (std::binary_search(sorted_known.begin(), sorted_known.end(), e.key)) continue;
    if (reported == kMaxReported) {
      if (more++ == 0) more_at = e.key_at;
      continue;
    }
    ++reported;
    std::string hint = DidYouMean(e.key, sorted_known);
    if (hint.empty()) {
      hint = "known keys: ";
      for (size_t i = 0; i < sorted_known.size(); ++i) hint += (i ? ", " : "") + sorted_known[i];
    }
    diags_.Error(e.key_at, "unknown key '" + ir::Visible(e.key) + "' in " + what_, hint);
  }
  if (more > 0) {
    diags_.Error(more_at, std::to_string(more) + " more unknown key" + (more == 1 ? "" : "s") +
                              " in " + what_ + ", from here on",
                 "only the first " + std::to_string(kMaxReported) + " are shown one by one");
  }
}

}  // namespace nbc::compiler
