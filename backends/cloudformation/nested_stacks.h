// SPDX-License-Identifier: Apache-2.0
// Splitting an environment that exceeds CloudFormation's per-template limits:
// a parent template keeps the parameters, security groups and DB subnet
// group, and runs one nested stack per node type, which receives what it uses
// as parameters and hands its outputs back.
#pragma once

#include <functional>

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"
#include "backends/output_set.h"

namespace nbc::backends::cfn {

// Adds a node type's resources to a template through a scope.
using NodeTypeBuilder = std::function<void(const ir::PlanNodeType&, Scope&, Template&)>;

// One nested stack per node type, in name order, so that a node type never
// moves between stacks when others are added (moving a resource between
// stacks would replace it). `parent` holds the shared part on entry.
// Writes cloudformation/<env>.json and cloudformation/<env>/<node-type>.json;
// a template still over a limit is an error.
void EmitNested(const Context& cx, const Limits& limits, const SharedValues& shared, Template& parent,
                const NodeTypeBuilder& build, OutputSet& out);

}  // namespace nbc::backends::cfn
