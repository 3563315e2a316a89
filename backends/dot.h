// SPDX-License-Identifier: Apache-2.0
// graph.dot: the service DAG of an environment and which node types host
// which services, for Graphviz (`dot -Tsvg graph.dot > graph.svg`).
#pragma once

#include <string>

#include "backends/backend.h"

namespace nbc::backends {

// One digraph for environment `env`: services in rollout order, dependency
// edges solid, audit edges dashed, node types as boxes linked to what they host.
std::string EnvironmentToDot(const ir::PlanEnvironment& env);

class DotBackend : public Backend {
 public:
  std::string_view name() const override { return "dot"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

}  // namespace nbc::backends
