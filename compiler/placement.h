// SPDX-License-Identifier: Apache-2.0
// Placement (SPEC §3): which node types of an environment host each service
// of its closure — by pin, else by role and grade, else following the services
// that use it — with colocate_with and avoid checked.
#pragma once

#include <optional>
#include <vector>

#include "compiler/dependency_graph.h"
#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// hosts[service index] = node types hosting it, sorted by id; empty for
// services outside the closure.
struct Placement {
  std::vector<std::vector<ir::NodeTypeId>> hosts;
};

std::optional<Placement> PlaceServices(const ir::Model& model, const ir::Environment& env,
                                       const DependencyGraph& graph,
                                       const std::vector<ir::ServiceId>& closure,
                                       ir::Diagnostics& diags);

}  // namespace nbc::compiler
