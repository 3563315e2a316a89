// SPDX-License-Identifier: Apache-2.0
// Applies `extends`: later environments in the chain override earlier ones;
// maps (zones, node types, labels) merge, scalars and lists replace.
#include "compiler/environment_resolver.h"

#include <algorithm>

namespace nbc::compiler {
namespace {

// The chain base-first, or empty after reporting a cycle.
std::vector<ir::EnvironmentId> Chain(const ir::Model& model, ir::EnvironmentId start,
                                     ir::Diagnostics& diags) {
  std::vector<ir::EnvironmentId> chain{start};
  for (ir::EnvironmentId id = start; model.environment(id).decl.extends;) {
    id = *model.environment(id).decl.extends;
    auto seen = std::find(chain.begin(), chain.end(), id);
    if (seen != chain.end()) {
      // Report each cycle once, from its member with the smallest name; an
      // environment that only leads into a cycle fails with it silently.
      bool start_in_cycle = seen == chain.begin();
      if (!start_in_cycle || *std::min_element(chain.begin(), chain.end()) != start) return {};
      std::string path;
      for (ir::EnvironmentId c : chain) path += model.environment(c).name + " -> ";
      path += model.environment(id).name;
      ir::Diagnostic d{ir::Severity::kError, model.environment(start).decl.extends_at,
                       "environments extend each other in a cycle: " + path,
                       "an environment extends at most one base, and the chain must end", {}};
      for (size_t i = 1; i < chain.size(); ++i) {
        const ir::Environment& e = model.environment(chain[i]);
        d.notes.push_back({ir::Severity::kNote, e.decl.extends_at,
                           "'" + e.name + "' extends '" +
                               model.environment(*e.decl.extends).name + "' here",
                           "", {}});
      }
      diags.Report(std::move(d));
      return {};
    }
    chain.push_back(id);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void ReportNothingToRemove(const std::string& what, const std::string& name, ir::SourceSpan at,
                           const ir::Environment& env, ir::Diagnostics& diags) {
  diags.Error(at, "environment '" + env.name + "' removes " + what + " '" + name +
                      "', which it does not inherit",
              "`" + name + ": ~` removes an entry of a base environment; delete this line");
}

void ApplyZones(ir::Environment& env, const ir::EnvironmentDecl& decl, ir::Diagnostics& diags) {
  for (const ir::ZoneDecl& z : decl.zones) {
    auto it = std::find_if(env.zones.begin(), env.zones.end(),
                           [&](const ir::ResolvedZone& r) { return r.name == z.name; });
    if (z.removed) {
      if (it != env.zones.end()) env.zones.erase(it);
      else if (&decl == &env.decl) ReportNothingToRemove("zone", z.name, z.at, env, diags);
      continue;
    }
    if (it == env.zones.end()) it = env.zones.insert(env.zones.end(), {z.name, z.at, {}});
    it->layers.push_back(z.layer);
  }
}

void ApplyNodeTypes(const ir::Model& model, ir::Environment& env,
                    const ir::EnvironmentDecl& decl, const std::string& setter,
                    ir::Diagnostics& diags) {
  for (const ir::NodeTypeOverride& o : decl.node_types) {
    auto it = std::find_if(env.node_types.begin(), env.node_types.end(),
                           [&](const ir::ResolvedNodeType& r) { return r.node_type == o.node_type; });
    if (o.removed) {
      if (it != env.node_types.end()) env.node_types.erase(it);
      else if (&decl == &env.decl)
        ReportNothingToRemove("node type", model.node_type(o.node_type).name, o.at, env, diags);
      continue;
    }
    if (it == env.node_types.end()) {
      const ir::NodeType& type = model.node_type(o.node_type);
      ir::ResolvedNodeType fresh;
      fresh.node_type = o.node_type;
      fresh.count = type.count;
      fresh.count_at = type.count_at;
      it = env.node_types.insert(env.node_types.end(), fresh);
    }
    it->at = o.at;
    if (o.count) {
      it->count = *o.count;
      it->count_at = o.count_at;
    }
    if (o.flavor) {
      it->flavor = o.flavor;
      it->flavor_at = o.flavor_at;
      it->flavor_set_by = setter;
    }
    it->layers.push_back(o.layer);
  }
}

// Applies one file of the chain. A mistake in a file is reported only while
// resolving that file's own environment, not again for each one extending it.
void Apply(const ir::Model& model, ir::Environment& env, const ir::Environment& source,
           ir::Diagnostics& diags) {
  const ir::EnvironmentDecl& decl = source.decl;
  if (decl.provider) {
    env.provider = *decl.provider;
    env.provider_at = decl.provider_at;
  }
  if (decl.region) env.region = *decl.region;
  if (decl.version) env.version = *decl.version;
  if (decl.services) {
    if (!decl.services_append) env.services.clear();
    env.services.insert(env.services.end(), decl.services->begin(), decl.services->end());
    env.services_at = decl.services_at;
  }
  for (const auto& [key, value] : decl.labels) env.labels[key] = value;
  ApplyZones(env, decl, diags);
  ApplyNodeTypes(model, env, decl, source.name, diags);
}

void CheckConcrete(const ir::Model& model, const ir::Environment& env, ir::Diagnostics& diags) {
  std::string what = "environment '" + env.name + "'";
  if (env.provider.empty()) {
    diags.Error(env.at, what + " has no provider", "add `provider: aws` here or in its base");
  } else if (std::none_of(model.project.providers.begin(), model.project.providers.end(),
                          [&](const ir::Provider& p) { return p.name == env.provider; })) {
    diags.Error(env.provider_at, what + " uses unknown provider '" + env.provider + "'",
                "providers are declared under `providers:` in nbc.yaml");
  }
  if (env.region.empty())
    diags.Error(env.at, what + " has no region", "add `region: us-east-1` here or in its base");
  if (env.zones.empty())
    diags.Error(env.at, what + " has no zones",
                "add `zones: { us-east-1a: {} }` here or in its base");
}

}  // namespace

void ResolveEnvironments(ir::Model& model, ir::Diagnostics& diags) {
  for (uint32_t i = 0; i < model.environments.size(); ++i) {
    ir::Environment& env = model.environments[i];
    env.chain = Chain(model, ir::EnvironmentId{i}, diags);
    if (env.chain.empty()) continue;
    env.labels = model.project.labels;
    for (ir::EnvironmentId id : env.chain) Apply(model, env, model.environment(id), diags);
    // Sorted by id (= name) so node types come out in name order.
    std::sort(env.node_types.begin(), env.node_types.end(),
              [](const ir::ResolvedNodeType& a, const ir::ResolvedNodeType& b) {
                return a.node_type < b.node_type;
              });
    if (!env.decl.abstract) CheckConcrete(model, env, diags);
  }
}

}  // namespace nbc::compiler
