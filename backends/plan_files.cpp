// SPDX-License-Identifier: Apache-2.0
// plan.json and plan.txt as build artifacts.
#include "backends/plan_files.h"

#include "backends/plan_json.h"
#include "backends/plan_text.h"

namespace nbc::backends {

void PlanJsonBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics&) const {
  out.Add("plan.json", PlanToJson(plan));
}

void PlanTextBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics&) const {
  out.Add("plan.txt", PlanToText(plan));
}

}  // namespace nbc::backends
