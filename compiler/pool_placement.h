// SPDX-License-Identifier: Apache-2.0
// Pools and capacity (docs/pools.md): the nodes of static node types go onto
// existing hosts of their pool instead of new instances. Each node takes one
// host whose zone is the node's, whose roles include the node type's and whose
// cpu and memory cover the node type's grade; a pool too short for its nodes
// is an error with a provisioning recommendation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

// One node that needs a host, and the host it got.
struct PoolDemand {
  ir::EnvironmentId environment;
  ir::NodeTypeId node_type;
  size_t zone = 0;  // index into the environment's zones
  int index = 1;    // 1-based, per zone
  std::optional<size_t> host;  // index into the pool's hosts
};

// Every static node of every concrete environment on one pool, and where it
// goes. Built over all environments, whatever is planned, so that a shared
// pool gives the same hosts to the same nodes in every run.
struct PoolLedger {
  ir::PoolId pool;
  std::vector<PoolDemand> demands;  // in placement order
  std::vector<int> host_demand;     // by host: index into demands, or -1 when free
};

// Places the nodes on `pool`: larger grades first (ties in environment,
// node type, zone and index order), each on the smallest free host that fits
// (by cpu, then memory, then file order).
PoolLedger PlacePool(const ir::Model& model, ir::PoolId pool);

// Errors for hosts in zones that no environment using their pool has.
void CheckPoolZones(const ir::Model& model, ir::Diagnostics& diags);

// After the planner built `out`: gives the static nodes their hosts (the
// hostname is the host's name), fills out.pools with each pool's capacity,
// and reports the node types of this environment that lack hosts.
void PlacePoolNodes(const ir::Model& model, const ir::Environment& env, ir::PlanEnvironment& out,
                    ir::Diagnostics& diags);

// "2 × m5.xlarge at $0.384/h": the cheapest flavor of `provider` (kind ec2)
// whose cpu and memory cover `grade`, for `count` machines; "" if none does.
std::string CheapestFlavors(const ir::Model& model, const std::string& provider,
                            const ir::Grade& grade, int count);

}  // namespace nbc::compiler
