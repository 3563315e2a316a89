// SPDX-License-Identifier: Apache-2.0
// EC2 node types: an IAM role and instance profile, a launch template, and
// one instance per node pinned to its zone's subnet, whose user data fetches
// the node's bootstrap from the artifact bucket and runs it.
#pragma once

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

// The user data of a node: Fn::Base64 of a short sh script (a few hundred
// bytes, far below EC2's 16 KB) that downloads
// s3://<ArtifactBucket>/<project>/<env>/bootstrap/<hostname>.sh and runs it.
json UserData(const Context& cx, const ir::PlanNode& node, Scope& scope);

void AddInstances(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into);

}  // namespace nbc::backends::cfn
