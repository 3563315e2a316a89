// SPDX-License-Identifier: Apache-2.0
// The lints of SPEC §3, reported as warnings (errors with --strict).
#pragma once

#include "compiler/planner.h"

namespace nbc::compiler {

void RunLints(const ir::Model& model, const ir::Plan& plan, const PlanFacts& facts,
              ir::Diagnostics& diags);

}  // namespace nbc::compiler
