// SPDX-License-Identifier: Apache-2.0
// The cost roll-up of a plan (Larry's ownership view): what each customer,
// app, environment and node type costs, hourly and monthly. Derived from the
// plan's environments, so every writer of a plan shows the same figures
// (docs/ownership-and-cost.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ir/plan.h"

namespace nbc::backends {

// The cost of everything sharing one value of a dimension.
struct CostGroup {
  std::optional<std::string> name;        // nullopt: environments without the label
  std::vector<std::string> environments;  // sorted by name
  double hourly_usd = 0;
};

// Groups of one dimension ("customer", "app", "environment", "node_type").
struct CostDimension {
  std::string name;
  std::vector<CostGroup> groups;  // by name, those without the label last
};

// customer and app (the environments' labels), environment, node type (over
// every environment that has it). Always these four, in this order.
std::vector<CostDimension> RollUpCosts(const ir::Plan& plan);

// plan.json `costs`: {"customer": [{"name", "environments", "hourly_usd",
// "monthly_usd"}], "app": …, "environment": …, "node_type": …}; a group
// without the label has "name": null.
nlohmann::json CostsToJson(const std::vector<CostDimension>& dimensions);

// The plan text's "Costs by" table (empty without environments).
std::string CostsToText(const std::vector<CostDimension>& dimensions);

}  // namespace nbc::backends
