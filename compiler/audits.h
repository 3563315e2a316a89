// SPDX-License-Identifier: Apache-2.0
// Audits in the plan (Larry): which services an environment leaves without
// an audit kind the project requires, and the hosts and ports each remote
// audit learns in its parameters (docs/audits.md).
#pragma once

#include <vector>

#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

// Every service of the closure (auditors excepted) that no auditor of a
// required kind audits, by kind in nbc.yaml order, then rollout order.
std::vector<ir::AuditGap> FindAuditGaps(const ir::Model& model,
                                        const std::vector<ir::ServiceId>& closure,
                                        const ir::PlanEnvironment& env);

// A remote audit (one with a role of its own) gets, on every node that runs
// it, `audit_targets.<audit>`: one entry per audited service and node with
// the node's host name, address, zone, kind and the service's ports. Its
// origin is the audit's `audits:` key (layer "audit targets of <audit>").
void AddAuditTargets(const ir::Model& model, ir::PlanEnvironment& env);

}  // namespace nbc::compiler
