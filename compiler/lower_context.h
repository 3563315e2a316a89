// SPDX-License-Identifier: Apache-2.0
// Shared state of the lowering stage (internal to compiler/lower*.cpp): the
// Model being built, name tables for references, and reference lookup.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/doc.h"
#include "compiler/doc_reader.h"
#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// The names of one kind of entity, in id order, with where each is defined.
struct NameTable {
  std::string kind;  // "service", "node type", …
  std::vector<std::string> names;
  std::vector<std::string> defined_at;  // "services/auth.yaml:1:1", for hints
  bool sorted = true;                   // grades keep declaration order instead

  // The index of `name`, or nullopt after reporting "<context> unknown <kind> 'x'".
  std::optional<uint32_t> Lookup(const SpannedString& name, std::string_view context,
                                 ir::Diagnostics& diags) const;
};

struct LowerContext {
  const ir::SourceFiles& files;
  ir::Model& model;
  ir::Diagnostics& diags;
  NameTable services{"service"};
  NameTable node_types{"node type"};
  NameTable environments{"environment"};
  NameTable grades{"grade", {}, {}, false};

  std::vector<ir::ServiceRef> ServiceRefs(const std::vector<SpannedString>& names,
                                          std::string_view context, bool sort);
  // A params mapping as written, with merge ops from tags; empty if absent.
  ir::ParamValue LowerParams(const DocNode* node, ir::LayerId layer, std::string_view what);
  std::vector<ir::RequiredParam> LowerRequired(MapReader& reader);
};

void LowerProjectFile(LowerContext& cx, const Document& doc);
void LowerService(LowerContext& cx, ir::Service& service, const Document& doc);
void LowerNodeType(LowerContext& cx, ir::NodeType& node_type, const Document& doc);
void LowerEnvironment(LowerContext& cx, ir::Environment& env, const Document& doc);

}  // namespace nbc::compiler
