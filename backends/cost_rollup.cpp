// SPDX-License-Identifier: Apache-2.0
// The cost roll-up: sums over the plan's environments and node types.
#include "backends/cost_rollup.h"

#include <fmt/format.h>

#include <map>

#include "backends/param_json.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

// Groups keyed by name; std::map sorts them, and nullopt (no label) sorts
// first in std::optional's order, so it is moved to the end.
using Groups = std::map<std::optional<std::string>, CostGroup>;

void Add(Groups& groups, const std::optional<std::string>& name, const std::string& env, double hourly) {
  CostGroup& g = groups[name];
  g.name = name;
  if (g.environments.empty() || g.environments.back() != env) g.environments.push_back(env);
  g.hourly_usd += hourly;
}

std::vector<CostGroup> Ordered(Groups groups) {
  std::vector<CostGroup> out;
  for (auto& [name, group] : groups)
    if (name) out.push_back(std::move(group));
  if (auto it = groups.find(std::nullopt); it != groups.end()) out.push_back(std::move(it->second));
  return out;
}

std::optional<std::string> Label(const ir::PlanEnvironment& e, const char* key) {
  auto it = e.labels.find(key);
  return it == e.labels.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace

std::vector<CostDimension> RollUpCosts(const ir::Plan& plan) {
  Groups customer, app, environment, node_type;
  // Environments come sorted by name, so each group's list is sorted too.
  for (const ir::PlanEnvironment& e : plan.environments) {
    Add(customer, Label(e, "customer"), e.name, e.hourly_usd);
    Add(app, Label(e, "app"), e.name, e.hourly_usd);
    Add(environment, e.name, e.name, e.hourly_usd);
    for (const ir::PlanNodeType& t : e.node_types) Add(node_type, t.name, e.name, t.hourly_usd);
  }
  return {{"customer", Ordered(std::move(customer))},
          {"app", Ordered(std::move(app))},
          {"environment", Ordered(std::move(environment))},
          {"node_type", Ordered(std::move(node_type))}};
}

nlohmann::json CostsToJson(const std::vector<CostDimension>& dimensions) {
  nlohmann::json out = nlohmann::json::object();
  for (const CostDimension& d : dimensions) {
    nlohmann::json groups = nlohmann::json::array();
    for (const CostGroup& g : d.groups)
      groups.push_back({{"name", g.name ? nlohmann::json(*g.name) : nlohmann::json(nullptr)},
                        {"environments", g.environments},
                        {"hourly_usd", RoundHourly(g.hourly_usd)},
                        {"monthly_usd", RoundMonthly(g.hourly_usd * ir::kHoursPerMonth)}});
    out[d.name] = groups;
  }
  return out;
}

std::string CostsToText(const std::vector<CostDimension>& dimensions) {
  std::vector<std::vector<std::string>> rows;
  for (const CostDimension& d : dimensions) {
    // A label no environment carries says nothing: no rows for it.
    if (d.groups.size() == 1 && !d.groups[0].name) continue;
    std::string label = d.name == "node_type" ? "node type" : d.name;
    for (const CostGroup& g : d.groups) {
      std::string name = g.name ? ir::Visible(*g.name) : "(no " + label + " label)";
      std::string envs;
      if (d.name != "environment")
        for (const std::string& e : g.environments) envs += (envs.empty() ? "" : ", ") + e;
      rows.push_back({label, name, fmt::format("{:.4f}", RoundHourly(g.hourly_usd)),
                      fmt::format("{:.2f}", RoundMonthly(g.hourly_usd * ir::kHoursPerMonth)), envs});
    }
  }
  if (rows.empty()) return "";
  std::vector<size_t> width{2, 4, 6, 7};  // at least the headers
  for (const auto& r : rows)
    for (size_t c = 0; c < 4; ++c) width[c] = std::max(width[c], r[c].size());
  std::string out = "\nCosts by customer, app, environment and node type:\n";
  out += fmt::format("  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {}\n", "by", width[0], "name", width[1],
                     "$/hour", width[2], "$/month", width[3], "environments");
  for (const auto& r : rows) {
    std::string line = fmt::format("  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {}", r[0], width[0], r[1],
                                   width[1], r[2], width[2], r[3], width[3], r[4]);
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace nbc::backends
