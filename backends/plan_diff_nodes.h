// SPDX-License-Identifier: Apache-2.0
// The node part of the diff engine: nodes matched by address, what forces a
// replacement, parameter leaves with their causes, and the grouping of equal
// changes across the nodes of a node type.
#pragma once

#include <map>
#include <string>

#include "backends/plan_diff_compare.h"

namespace nbc::backends::diff_internal {

// Both sides of one environment. Either environment may be null (created or
// deleted).
struct EnvironmentSides {
  const json* old_plan = nullptr;
  const json* new_plan = nullptr;
  const json* old_env = nullptr;
  const json* new_env = nullptr;
  // Services whose chef run list changed ("services.NAME.chef_run_list"),
  // by name: every node that runs one is updated in place.
  std::map<std::string, ValueChange, std::less<>> service_changes;
};

// Fills out.node_actions, out.node_changes, out.counts and out.node_count.
// Parameter changes have no cause yet: AttachCauses adds them.
void DiffNodes(const EnvironmentSides& sides, EnvironmentDiff& out);

}  // namespace nbc::backends::diff_internal
