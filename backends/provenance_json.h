// SPDX-License-Identifier: Apache-2.0
// The provenance sidecar (`nbc plan --provenance FILE`): for every parameter
// of every node, the chain of layers and input positions that set it, so the
// plan itself stays small and diff-friendly.
#pragma once

#include <string>

#include "ir/plan.h"

namespace nbc::backends {

std::string ProvenanceToJson(const ir::Plan& plan);

}  // namespace nbc::backends
