// SPDX-License-Identifier: Apache-2.0
// The pools part of the plan outputs (docs/pools.md): each pool an
// environment places static nodes on, host by host, with what is placed
// against what each host has. Called by plan_json.cpp and plan_text.cpp.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ir/plan.h"

namespace nbc::backends {

// plan.json's environments[].pools (schemas/plan.schema.json).
nlohmann::json PoolsToJson(const std::vector<ir::PlanPool>& pools);

// The "Pools:" section of plan.txt; "" when the environment uses none.
std::string PoolsToText(const std::vector<ir::PlanPool>& pools);

}  // namespace nbc::backends
