// SPDX-License-Identifier: Apache-2.0
// Neckbeard's stack, seeding and health in the plan: which node types run
// the stack and with which variables, which node seeds, and the health check
// a load balancer's target group probes (docs/stack-and-seeding.md).
#pragma once

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

// Per node type of a planned environment:
//  - runs_stack when its run list has the stack's service; every stack
//    variable must then name a parameter every such node has, holding one
//    value (a scalar or a secret);
//  - seed and seed_node (its first node) unless the environment is the
//    seed's own source;
//  - a load balancer without `health_check:` takes path and timeout from the
//    http health check of a service on it that listens on target_port.
void PlanStackSeedHealth(const ir::Model& model, ir::PlanEnvironment& env, ir::Diagnostics& diags);

// Once per run: a seed must come from a concrete environment.
void CheckSeedSources(const ir::Model& model, ir::Diagnostics& diags);

}  // namespace nbc::compiler
