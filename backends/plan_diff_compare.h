// SPDX-License-Identifier: Apache-2.0
// Small comparison tools the diff engine shares (plan_diff*.cpp): null-safe
// field access into checked plan JSON, strict value equality, and turning
// differing fields into ValueChanges.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "backends/plan_diff.h"

namespace nbc::backends::diff_internal {

using nlohmann::json;

// object[key], or nullptr if `object` is null, not an object or lacks it.
const json* Get(const json* object, std::string_view key);
const std::string& Str(const json* object, std::string_view key);  // "" if absent or no string
double Number(const json* object, std::string_view key);           // 0 if absent or no number
int64_t Integer(const json* object, std::string_view key);         // 0 if absent or no integer

// Equal as plan values: unlike json's operator==, 8 and 8.0 differ (they
// are different YAML scalars and reach chef as different types).
bool SameJson(const json& a, const json& b);
bool SameValue(const json* a, const json* b);  // absent equals only absent

// {"$secret": NAME}: a secret reference, shown as (secret NAME).
bool IsSecret(const json& v);

// Appends a change at `path` if the values differ.
void CompareValue(const json* old_value, const json* new_value, const std::string& path,
                  bool forces_replacement, std::vector<ValueChange>& out);

// Compares `key` of two objects, as `path` (default: the key).
void CompareField(const json* old_object, const json* new_object, std::string_view key,
                  std::vector<ValueChange>& out, bool forces_replacement = false,
                  const std::string& path = "");

// Compares every member of two objects (either may be absent) as
// "prefix.KEY", in key order.
void CompareMembers(const json* old_object, const json* new_object, const std::string& prefix,
                    std::vector<ValueChange>& out, bool forces_replacement = false);

// The cost of a plan, environment or node type ({"cost": {...}}), or of
// nothing (zeros) when a side is absent.
DiffCost CostOf(const json* old_object, const json* new_object);

// The cost roll-up of both plans, by customer, app, environment and node
// type, keeping the groups whose cost changed (plan_diff_costs.cpp). A plan
// without `costs` (written before it existed) is rolled up from its
// environments' labels and costs.
std::vector<CostDimensionDiff> DiffCostRollup(const json& old_plan, const json& new_plan);

}  // namespace nbc::backends::diff_internal
