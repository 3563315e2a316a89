// SPDX-License-Identifier: Apache-2.0
// Shared state of the lowering stage (internal to compiler/lower*.cpp): the
// Model being built, name tables for references, and reference lookup.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/doc.h"
#include "compiler/doc_reader.h"
#include "compiler/project_loader.h"
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
  NameTable pools{"pool"};
  // Names in a cloudlet's file mean names of its namespace (compiler/imports.h);
  // `overrides:` of project files redirect imported names. Set per document.
  const ImportScope* scope = nullptr;
  const std::map<std::pair<std::string, std::string>, std::string>* redirects = nullptr;

  // The name a reference means, as the project sees it: scoped, then redirected.
  SpannedString Resolve(const NameTable& table, const SpannedString& written) const;

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
// nbc.yaml `label_params` (compiler/lower_ownership.cpp); the `stack`'s
// name, service and environment, and a node type's `seed` (lower_stack.cpp).
void LowerLabelParams(LowerContext& cx, const DocNode* node);
void LowerStackRun(LowerContext& cx, ir::Stack& stack, MapReader& reader);
void LowerSeed(LowerContext& cx, ir::NodeType& node_type, const DocNode* node);
void LowerPool(LowerContext& cx, ir::Pool& pool, const Document& doc);
// `pool:` of a node type, and what kind static rules out (compiler/lower_pools.cpp).
void LowerPoolRef(LowerContext& cx, ir::NodeType& node_type, MapReader& reader);

}  // namespace nbc::compiler
