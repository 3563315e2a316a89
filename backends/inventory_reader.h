// SPDX-License-Identifier: Apache-2.0
// The consistency check's reading of an Ansible inventory (20 MB per
// environment at fleet scale): every host's variables compared as they are
// read (json_match.h), no document built.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "ir/plan.h"

namespace nbc::backends {

// True if `text` is an inventory (ansible_inventory.h) whose all.hosts are
// exactly the nodes of `env` that run chef, each with ansible_host and the
// variables `vars(node)` gives (a string may be {"__ansible_unsafe": s}),
// and each in its env_, node_type_ and zone_ groups of all.children. False
// says only that something differs; the caller explains what.
bool InventoryMatches(std::string_view text, const ir::PlanEnvironment& env,
                      const std::function<const nlohmann::json&(const ir::PlanNode&)>& vars);

}  // namespace nbc::backends
