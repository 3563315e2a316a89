// SPDX-License-Identifier: Apache-2.0
// plan.txt: the plan for people in a terminal: a summary first, then details.
#pragma once

#include <string>

#include "ir/plan.h"

namespace nbc::backends {

std::string PlanToText(const ir::Plan& plan);

}  // namespace nbc::backends
