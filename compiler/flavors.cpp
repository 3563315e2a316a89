// SPDX-License-Identifier: Apache-2.0
// Flavor choice: explicit, else cheapest covering the grade; ties by name.
#include "compiler/flavors.h"

#include <algorithm>
#include <fmt/format.h>

#include "compiler/suggest.h"

namespace nbc::compiler {
namespace {

bool Covers(const ir::Flavor& f, const ir::Grade& g) {
  return f.cpu >= g.cpu && f.memory_gib >= g.memory_gib;
}

// Cheapest first; equal prices break by name so the choice is stable.
bool CheaperThan(const ir::Flavor* a, const ir::Flavor* b) {
  if (a->hourly_usd != b->hourly_usd) return a->hourly_usd < b->hourly_usd;
  return a->name < b->name;
}

const ir::Provider* FindProvider(const ir::Model& model, const std::string& name) {
  for (const ir::Provider& p : model.project.providers)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

std::optional<FlavorChoice> ChooseFlavor(const ir::Model& model, const ir::Environment& env,
                                         const ir::ResolvedNodeType& rnt, ir::Diagnostics& diags) {
  const ir::NodeType& type = model.node_type(rnt.node_type);
  const ir::Provider* provider = FindProvider(model, env.provider);
  if (type.kind == "static") {
    // Hosts of a pool: no flavor and no price (compiler/pool_placement.h).
    static const ir::Flavor kPoolHost{.name = "", .kind = "static"};
    return FlavorChoice{&kPoolHost, "existing hosts of pool " +
                                        (type.pool ? model.pool(*type.pool).name : std::string()), {}};
  }
  if (!provider || !type.grade.valid()) return std::nullopt;
  const ir::Grade& grade = model.grade(type.grade);

  std::vector<const ir::Flavor*> covering;
  for (const ir::Flavor& f : provider->flavors)
    if (f.kind == type.kind && Covers(f, grade)) covering.push_back(&f);
  std::sort(covering.begin(), covering.end(), CheaperThan);

  FlavorChoice choice;
  std::string explicit_name = rnt.flavor ? *rnt.flavor : type.flavor.value_or("");
  if (!explicit_name.empty()) {
    ir::SourceSpan at = rnt.flavor ? rnt.flavor_at : type.flavor_at;
    auto it = std::find_if(provider->flavors.begin(), provider->flavors.end(),
                           [&](const ir::Flavor& f) { return f.name == explicit_name; });
    if (it == provider->flavors.end()) {
      std::vector<std::string> names;
      for (const ir::Flavor& f : provider->flavors) names.push_back(f.name);
      diags.Error(at, "unknown flavor '" + explicit_name + "' for provider '" + provider->name + "'",
                  DidYouMean(explicit_name, names));
      return std::nullopt;
    }
    if (it->kind != type.kind) {
      diags.Error(at, "flavor '" + explicit_name + "' is for " + it->kind + " but node type '" +
                          type.name + "' is of kind " + type.kind);
      return std::nullopt;
    }
    choice.flavor = &*it;
    choice.reason = rnt.flavor ? "explicit (environment " + rnt.flavor_set_by + ")"
                               : "explicit (node type)";
    // Larry's "which do you want?": an explicit flavor may be smaller than
    // the grade asks; the plan says so and lists the flavors that cover it.
    if (!Covers(*it, grade)) {
      choice.reason += ", below grade " + grade.name;
      diags.Warning(at, fmt::format("flavor '{}' ({} cpu, {} GiB) of node type '{}' does not cover "
                                    "its grade '{}' ({} cpu, {} GiB)",
                                    it->name, it->cpu, it->memory_gib, type.name, grade.name,
                                    grade.cpu, grade.memory_gib),
                    covering.empty() ? "lower the grade, or add a flavor that covers it"
                                     : "lower the grade, or choose a flavor that covers it, "
                                       "such as " + covering.front()->name);
    }
  } else if (covering.empty()) {
    diags.Error(type.grade_at,
                fmt::format("no {} flavor of provider '{}' covers grade '{}' ({} cpu, {} GiB) of "
                            "node type '{}'",
                            type.kind, provider->name, grade.name, grade.cpu, grade.memory_gib,
                            type.name),
                "add a flavor with enough cpu and memory_gib under providers." + provider->name +
                    ".flavors in nbc.yaml, or name one with `flavor:`");
    return std::nullopt;
  } else {
    choice.flavor = covering.front();
    choice.reason = "cheapest covering grade " + grade.name;
  }
  for (const ir::Flavor* f : covering)
    if (f != choice.flavor) choice.alternatives.push_back({f->name, f->hourly_usd});
  return choice;
}

}  // namespace nbc::compiler
