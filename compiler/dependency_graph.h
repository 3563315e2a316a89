// SPDX-License-Identifier: Apache-2.0
// The service DAG: depends_on edges (dependency before dependent) and audit
// edges (audited before auditor). Cycles, closures and the rollout order.
#pragma once

#include <vector>

#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

class DependencyGraph {
 public:
  explicit DependencyGraph(const ir::Model& model);

  // Reports every cycle once, as "a -> b -> a" with each edge's location.
  // Returns false if there was one.
  bool CheckAcyclic(ir::Diagnostics& diags) const;

  // The roots plus everything they depend on, plus every service that audits
  // a member (and what that one depends on), to a fixpoint. Sorted by id.
  std::vector<ir::ServiceId> Closure(const std::vector<ir::ServiceRef>& roots) const;

  // Kahn's algorithm over `members` (a closure): dependencies first, audits
  // after what they audit. Among ready services the smallest name goes
  // first, so the order is stable and reads alphabetically where free.
  std::vector<ir::ServiceId> TopologicalOrder(const std::vector<ir::ServiceId>& members) const;

  // Services that depend on `id`; placement puts a service without pin or
  // role wherever these run.
  const std::vector<ir::ServiceId>& dependents(ir::ServiceId id) const {
    return dependents_[id.index];
  }

 private:
  struct Edge {
    uint32_t from;        // the service that must come first
    uint32_t to;          // the service that must come later
    ir::SourceSpan at;    // where the edge was written
    bool audit;
  };
  std::vector<const Edge*> ShortestCycle(uint32_t start, const std::vector<int>& component) const;

  const ir::Model& model_;
  std::vector<std::vector<Edge>> after_;           // from → services ordered after it
  std::vector<std::vector<ir::ServiceId>> auditors_;  // audited → its auditors
  std::vector<std::vector<ir::ServiceId>> dependents_;
};

}  // namespace nbc::compiler
