// SPDX-License-Identifier: Apache-2.0
// `nbc diff --fail-on replace,delete,cost-increase[:PERCENT]`: which changes
// a CI job forbids, and the exit code contract of `nbc diff` (SPEC §6):
// 0 no change, 2 changes, 3 changes a policy forbids (1, errors, is the CLI's).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/plan_diff.h"

namespace nbc::backends {

inline constexpr int kDiffExitNoChanges = 0;
inline constexpr int kDiffExitChanges = 2;
inline constexpr int kDiffExitForbidden = 3;

struct DiffPolicy {
  bool fail_on_replace = false;  // any node replaced
  bool fail_on_delete = false;   // any node, load balancer or environment deleted
  // Fails when the total monthly cost rises by more than this many percent
  // (0: any rise). A rise from nothing is more than any percentage.
  std::optional<double> max_cost_increase_percent;
};

// Parses --fail-on items ("replace", "delete", "cost-increase",
// "cost-increase:10"; an item may itself be a comma-separated list). Returns
// false with `error` (lower-case, for "error: ...") on an unknown rule.
bool ParseFailOn(const std::vector<std::string>& items, DiffPolicy& policy, std::string& error);

// One sentence per rule the diff breaks; empty if it breaks none.
std::vector<std::string> PolicyViolations(const PlanDiff& diff, const DiffPolicy& policy);

// kDiffExitNoChanges, kDiffExitChanges or kDiffExitForbidden.
int DiffExitCode(const PlanDiff& diff, const std::vector<std::string>& violations);

}  // namespace nbc::backends
