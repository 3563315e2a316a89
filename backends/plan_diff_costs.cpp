// SPDX-License-Identifier: Apache-2.0
// The diff's cost section: the plans' cost roll-ups side by side.
#include <map>
#include <optional>

#include "backends/plan_diff_compare.h"

namespace nbc::backends::diff_internal {
namespace {

struct Money {
  double hourly = 0, monthly = 0;
};
using Groups = std::map<std::optional<std::string>, Money>;

constexpr const char* kDimensions[] = {"customer", "app", "environment", "node_type"};

std::optional<std::string> Name(const json& group) {
  const json* name = Get(&group, "name");
  if (!name || !name->is_string()) return std::nullopt;
  return name->get<std::string>();
}

void Add(Groups& groups, std::optional<std::string> name, const json* cost_owner) {
  const json* cost = Get(cost_owner, "cost");
  Money& m = groups[std::move(name)];
  m.hourly += Number(cost, "hourly_usd");
  m.monthly += Number(cost, "monthly_usd");
}

std::optional<std::string> Label(const json& env, const char* key) {
  const json* value = Get(Get(&env, "labels"), key);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

// One dimension of one plan: from its `costs`, else from its environments.
Groups RollUp(const json& plan, std::string_view dimension) {
  Groups groups;
  if (const json* costs = Get(&plan, "costs")) {
    if (const json* list = Get(costs, dimension); list && list->is_array())
      for (const json& g : *list)
        groups[Name(g)] = {Number(&g, "hourly_usd"), Number(&g, "monthly_usd")};
    return groups;
  }
  static const json kNone = json::array();
  const json* environments = Get(&plan, "environments");
  for (const json& env : environments && environments->is_array() ? *environments : kNone) {
    if (dimension == "customer" || dimension == "app") {
      Add(groups, Label(env, dimension == "customer" ? "customer" : "app"), &env);
    } else if (dimension == "environment") {
      Add(groups, Str(&env, "name"), &env);
    } else if (const json* types = Get(&env, "node_types"); types && types->is_array()) {
      for (const json& t : *types) Add(groups, Str(&t, "name"), &t);
    }
  }
  return groups;
}

}  // namespace

std::vector<CostDimensionDiff> DiffCostRollup(const json& old_plan, const json& new_plan) {
  std::vector<CostDimensionDiff> out;
  for (const char* dimension : kDimensions) {
    Groups a = RollUp(old_plan, dimension), b = RollUp(new_plan, dimension);
    std::map<std::optional<std::string>, CostGroupDiff> both;
    for (const auto& [name, m] : a) {
      both[name].name = name;
      both[name].cost.old_hourly = m.hourly;
      both[name].cost.old_monthly = m.monthly;
    }
    for (const auto& [name, m] : b) {
      both[name].name = name;
      both[name].cost.new_hourly = m.hourly;
      both[name].cost.new_monthly = m.monthly;
    }
    CostDimensionDiff d{dimension, {}};
    // std::map puts nullopt (no label) first; the plan lists it last.
    std::optional<CostGroupDiff> unlabelled;
    for (auto& [name, g] : both) {
      if (g.cost.delta_monthly() == 0 && g.cost.delta_hourly() == 0) continue;
      if (!name) unlabelled = g;
      else d.groups.push_back(g);
    }
    if (unlabelled) d.groups.push_back(*unlabelled);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace nbc::backends::diff_internal
