// SPDX-License-Identifier: Apache-2.0
// The parameters of an environment's template: what the executor supplies
// (VPC, a subnet per zone, key pair, certificates) and what has a default
// (the artifact bucket, images from SSM).
#pragma once

#include <string>

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

// The public SSM parameter of the latest Amazon Linux 2023 for a flavor's
// architecture (arm64 for Graviton families such as t4g or m7gd).
std::string DefaultImageParameter(const std::string& flavor);

// Adds every parameter to the top template and records it in `shared`.
void AddParameters(const Context& cx, Template& top, SharedValues& shared);

}  // namespace nbc::backends::cfn
