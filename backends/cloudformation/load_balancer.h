// SPDX-License-Identifier: Apache-2.0
// An internet-facing Application Load Balancer for a node type that asks for
// one: the balancer in every zone's subnet, a target group of the node type's
// instances, a listener, and the DNS name as an output.
#pragma once

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

// The subnets of every zone (and the secondary subnet of a one-zone
// environment): what a load balancer and a DB subnet group span.
json AllZoneSubnets(const Context& cx, Scope& scope);

void AddLoadBalancer(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into);

}  // namespace nbc::backends::cfn
