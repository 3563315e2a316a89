// SPDX-License-Identifier: Apache-2.0
// Parameters: a JSON-like value tree whose every value keeps its origin, and
// the merge rules of the parameter hierarchy (SPEC §3).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ir/cow_map.h"
#include "ir/ids.h"
#include "ir/source_span.h"

namespace nbc::ir {

// Where a value was written: the hierarchy layer and the exact position.
struct Origin {
  LayerId layer;
  SourceSpan at;
  friend bool operator==(const Origin&, const Origin&) = default;
};

enum class ParamKind { kNull, kBool, kInt, kFloat, kString, kSecret, kList, kMap };

// How a value in a layer combines with what lower layers set. Maps merge and
// scalars and lists replace by default; `!append`, `!replace` and `~` say otherwise.
enum class MergeOp { kDefault, kAppend, kReplace, kRemove };

struct ParamValue {
  ParamKind kind = ParamKind::kMap;
  MergeOp op = MergeOp::kDefault;  // only meaningful in a layer as written
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string text;                // kString: the string; kSecret: the secret's name; kFloat: as written
  std::vector<ParamValue> list;    // kList
  // kMap; sorted so output is byte-stable. Shared on copy (ir/cow_map.h):
  // nodes that merge the same layers share one tree.
  CowMap<ParamValue> map;
  Origin origin;
  // Origins of the values this one replaced, lowest layer first: with
  // `origin` they form the chain that provenance and diffs show.
  std::vector<Origin> overridden;

  bool is_map() const { return kind == ParamKind::kMap; }
  bool is_scalar() const { return kind != ParamKind::kMap && kind != ParamKind::kList; }

  // The value at a dotted path ("nginx.workers"), or nullptr.
  const ParamValue* Find(std::string_view dotted_path) const;
};

// Same kind and same content, ignoring origins and merge ops.
bool SameValue(const ParamValue& a, const ParamValue& b);

// Applies one layer onto the merged value: maps merge recursively, scalars and
// lists replace, kAppend appends to a list, kReplace replaces a map whole,
// kRemove deletes the key. `on_equal` is called for every scalar or list in
// the layer that equals the value it overrides (the "useless override" lint).
void MergeLayer(ParamValue& into, const ParamValue& layer,
                const std::function<void(const ParamValue& overriding)>& on_equal = nullptr);

// Every leaf path in a tree (maps descended, lists and scalars are leaves).
void CollectLeafPaths(const ParamValue& tree, std::vector<std::string>& out,
                      const std::string& prefix = "");

// A short, single-line rendering for text output and explanations: strings
// quoted, secrets as "(secret NAME)", lists and maps in flow style.
std::string RenderInline(const ParamValue& v);

}  // namespace nbc::ir
