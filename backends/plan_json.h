// SPDX-License-Identifier: Apache-2.0
// plan.json: the machine-readable plan (schemas/plan.schema.json).
#pragma once

#include <string>

#include "ir/plan.h"

namespace nbc::backends {

// Sorted keys, stable array order, no timestamps; ends with a newline.
std::string PlanToJson(const ir::Plan& plan);

}  // namespace nbc::backends
