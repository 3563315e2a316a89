// SPDX-License-Identifier: Apache-2.0
// The lints of SPEC §3: useless and unreachable overrides, undeclared
// parameters, audit coverage, unused node types, empty environments.
#include "compiler/lints.h"

#include <algorithm>
#include <map>

#include "compiler/suggest.h"

namespace nbc::compiler {
namespace {

void LintEqualOverrides(const PlanFacts& facts, ir::Diagnostics& diags) {
  for (const ir::SourceSpan& at : facts.equal_overrides)
    diags.Warning(at, "this value equals the value it overrides",
                  "remove the override; a lower layer already sets it");
}

bool IsOverrideLayer(ir::LayerKind kind) {
  return kind == ir::LayerKind::kNodeTypeOverride || kind == ir::LayerKind::kZone ||
         kind == ir::LayerKind::kLabel;
}

void LintUnreachedOverrides(const ir::Model& model, const PlanFacts& facts,
                            ir::Diagnostics& diags) {
  if (!facts.all_environments) return;  // a partial plan cannot tell
  for (uint32_t i = 0; i < model.layers.size(); ++i) {
    const ir::Layer& layer = model.layers[i];
    if (!IsOverrideLayer(layer.kind) || layer.params.map.empty() || facts.layer_reached[i]) continue;
    diags.Warning(layer.params.origin.at, "parameters of " + layer.name + " reach no node",
                  "the node type has no nodes there, or every environment using it removes it");
  }
}

// Leaf paths that some service declares, sorted for lookup.
std::vector<std::string> DeclaredPaths(const ir::Model& model) {
  std::vector<std::string> paths;
  for (const ir::Service& s : model.services) {
    ir::CollectLeafPaths(model.layer(s.layer).params, paths);
    for (const ir::RequiredParam& r : s.required) paths.push_back(r.path);
  }
  for (const ir::NodeType& t : model.node_types)
    for (const ir::RequiredParam& r : t.required) paths.push_back(r.path);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

// True if a service declares `path` itself or a leaf above it (a list or a
// free-form map that layers may refine).
bool DeclaredAtOrAbove(const std::vector<std::string>& declared, const std::string& path) {
  for (size_t end = path.size(); end != std::string::npos; end = path.rfind('.', end - 1)) {
    if (std::binary_search(declared.begin(), declared.end(), path.substr(0, end))) return true;
    if (end == 0) break;
  }
  return false;
}

// True if a service declares something below `path`.
bool DeclaredBelow(const std::vector<std::string>& declared, const std::string& path) {
  auto it = std::lower_bound(declared.begin(), declared.end(), path + ".");
  return it != declared.end() && it->starts_with(path + ".");
}

void ReportUndeclared(const ir::ParamValue& tree, const std::string& prefix,
                      const std::vector<std::string>& declared, ir::Diagnostics& diags) {
  for (const auto& [key, value] : tree.map) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (DeclaredAtOrAbove(declared, path)) continue;
    bool below = DeclaredBelow(declared, path);
    if (below && value.kind == ir::ParamKind::kMap) {
      ReportUndeclared(value, path, declared, diags);
    } else if (!below) {
      std::string hint = DidYouMean(path, declared);
      diags.Warning(value.origin.at, "parameter '" + path + "' is not declared by any service",
                    hint.empty() ? "declare a default for it in the params of the service that uses it"
                                 : hint);
    }
  }
}

void LintUndeclaredParams(const ir::Model& model, const PlanFacts& facts, ir::Diagnostics& diags) {
  std::vector<std::string> declared = DeclaredPaths(model);
  for (uint32_t i = 0; i < model.layers.size(); ++i) {
    const ir::Layer& layer = model.layers[i];
    if (layer.kind == ir::LayerKind::kService) continue;
    if (!facts.layer_reached[i] && !facts.all_environments) continue;
    ReportUndeclared(layer.params, "", declared, diags);
  }
}

// The plan's audit gaps (compiler/audits.h), once per service and kind
// however many environments share the gap; and required kinds no service provides.
void LintAuditCoverage(const ir::Model& model, const ir::Plan& plan, ir::Diagnostics& diags) {
  for (const std::string& kind : model.project.required_audits)
    if (std::none_of(model.services.begin(), model.services.end(),
                     [&](const ir::Service& s) { return s.audit_kind == kind; }))
      diags.Warning(model.project.required_audits_at,
                    "nbc.yaml requires audit kind '" + kind + "', but no service provides it",
                    "give an auditing service `audit_kind: " + kind + "`, or drop it from required_audits");
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> gaps;
  for (const ir::PlanEnvironment& env : plan.environments)
    for (const ir::AuditGap& g : env.audit_gaps) gaps[{g.service, g.kind}].push_back(env.name);
  for (const auto& [key, environments] : gaps) {
    std::string names;
    for (const std::string& e : environments) names += (names.empty() ? "'" : ", '") + e + "'";
    const ir::Service* s = nullptr;
    for (const ir::Service& candidate : model.services)
      if (candidate.name == key.first) s = &candidate;
    diags.Warning(s ? s->at : ir::SourceSpan{},
                  "service '" + key.first + "' has no '" + key.second + "' audit in environment" +
                      (environments.size() == 1 ? " " : "s ") + names,
                  "list it under `audits:` of a service with `audit_kind: " + key.second +
                      "` (nbc.yaml requires it)");
  }
}

template <class Entity>
ir::SourceSpan DefinedAt(const std::vector<Entity>& entities, const std::string& name) {
  for (const Entity& e : entities)
    if (e.name == name) return e.at;
  return {};
}

void LintUnused(const ir::Model& model, const ir::Plan& plan, const PlanFacts& facts,
                ir::Diagnostics& diags) {
  if (facts.all_environments) {
    for (uint32_t i = 0; i < model.node_types.size(); ++i)
      if (!facts.node_type_planned[i])
        diags.Warning(model.node_types[i].at,
                      "node type '" + model.node_types[i].name + "' is used by no environment",
                      "add it under `node_types:` of an environment, or delete the file");
  }
  for (const ir::PlanEnvironment& env : plan.environments) {
    if (env.nodes.empty())
      diags.Warning(DefinedAt(model.environments, env.name),
                    "environment '" + env.name + "' has no nodes",
                    "give it node types with a count above 0");
    for (const ir::PlanNodeType& t : env.node_types)
      if (t.services.empty() && t.count > 0)
        diags.Warning(DefinedAt(model.node_types, t.name),
                      "node type '" + t.name + "' runs no service in environment '" + env.name + "'",
                      "pin services to it or give it a role that services require");
  }
}

}  // namespace

void RunLints(const ir::Model& model, const ir::Plan& plan, const PlanFacts& facts,
              ir::Diagnostics& diags) {
  LintEqualOverrides(facts, diags);
  LintUnreachedOverrides(model, facts, diags);
  LintUndeclaredParams(model, facts, diags);
  LintAuditCoverage(model, plan, diags);
  LintUnused(model, plan, facts, diags);
}

}  // namespace nbc::compiler
