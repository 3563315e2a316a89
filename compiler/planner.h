// SPDX-License-Identifier: Apache-2.0
// The planner: for each environment, the service closure and order,
// placement, flavors, zone spread, nodes with merged parameters, costs and
// rollout steps; then the lints. Its answer, ir::Plan, is all backends read.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

// What the lints need to know about a planning run.
struct PlanFacts {
  std::vector<bool> layer_reached;          // by LayerId: merged into some node
  std::set<ir::SourceSpan> equal_overrides;  // values equal to what they override
  std::vector<bool> node_type_planned;      // by NodeTypeId: in some planned environment
  std::vector<std::vector<ir::ServiceId>> closures;  // per planned environment, parallel to plan
  bool all_environments = false;
};

// Plans the named environments (all concrete ones when `names` is empty).
// Reports every problem; returns a Plan only when there were no errors.
std::optional<ir::Plan> BuildPlan(const ir::Model& model, const std::vector<std::string>& names,
                                  ir::Diagnostics& diags);

// The environments to plan, by id; reports unknown and abstract names.
std::vector<ir::EnvironmentId> SelectEnvironments(const ir::Model& model,
                                                  const std::vector<std::string>& names,
                                                  ir::Diagnostics& diags);

// "web-production-us-east-1a-1"
std::string Hostname(const std::string& env, const std::string& node_type, const std::string& zone,
                     int index);

}  // namespace nbc::compiler
