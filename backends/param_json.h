// SPDX-License-Identifier: Apache-2.0
// Parameters as JSON, shared by the JSON-writing backends.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backends/text_sink.h"
#include "ir/param_tree.h"

namespace nbc::backends {

// How a secret appears in JSON outputs: its name, never a value.
inline constexpr const char* kSecretKey = "$secret";

// Maps become objects (sorted keys), secrets {"$secret": NAME}.
nlohmann::json ParamToJson(const ir::ParamValue& value);

// Appends `text` as a JSON string, as nlohmann::json's dump writes it
// (invalid UTF-8 replaced).
void AppendJsonString(std::string& out, const std::string& text);

// Appends ParamToJson(value) as nlohmann::json's dump(2) writes it for a
// value whose key sits `indent` spaces deep, byte for byte, without building
// the JSON document: plan.json and chef node files hold one such tree per
// node (bench/README.md).
void AppendParamJson(std::string& out, const ir::ParamValue& value, int indent);

// Appends ParamToJson(value) as dump() writes it: compact, no spaces.
void AppendCompactParamJson(std::string& out, const ir::ParamValue& value);

// True if `a` and `b` are maps that share their entries (ir/cow_map.h), so
// they hold the same values: what was made from one can be reused for the
// other. False does not mean they differ.
bool SameTree(const ir::ParamValue& a, const ir::ParamValue& b);

// ParamToJson of a tree, remade only when asked for a tree that does not
// share the last one's maps (SameTree): the nodes of a node type in a zone
// come one after another and share one tree.
class ParamJsonCache {
 public:
  const nlohmann::json& Of(const ir::ParamValue& params);

 private:
  ir::ParamValue last_{.kind = ir::ParamKind::kNull};
  nlohmann::json json_;
};

// Appends dump(2) of `value` as that value nested `indent` spaces deep in a
// larger document (every line after the first indented), written in place
// by nlohmann's serializer. Invalid UTF-8 is replaced, never thrown about.
void AppendNestedJson(std::string& out, const nlohmann::json& value, int indent);

// A document's pretty JSON (dump(2)) with its large parameter trees written
// as text by AppendParamJson, the rest built as JSON: `build(placeholders)`
// makes the document, putting ParamsOrPlaceholder(tree, placeholders) where
// a tree goes. Same bytes as dump(2) of build(nullptr), which it falls back
// to should an input value look like a placeholder.
using ParamDocument = std::function<nlohmann::json(std::vector<const ir::ParamValue*>* placeholders)>;
std::string DumpWithParams(const ParamDocument& build);
// The same bytes, given to `sink` piece by piece as they are made: only the
// skeleton and one tree's text are in memory at a time. `indent`: the
// document is a value nested that many spaces deep in a larger one, as
// dump(2) of the larger one would write it (lines after the first indented).
void DumpWithParams(const ParamDocument& build, const TextSink& sink, int indent = 0);
// ParamToJson(value) without placeholders; else a placeholder for it.
nlohmann::json ParamsOrPlaceholder(const ir::ParamValue& value,
                                   std::vector<const ir::ParamValue*>* placeholders);

// Money is rounded so that sums print as people write them (0.2496, not
// 0.24960000000000002): hourly to 4 decimals, monthly to 2.
double RoundHourly(double usd);
double RoundMonthly(double usd);

}  // namespace nbc::backends
