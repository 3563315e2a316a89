// SPDX-License-Identifier: Apache-2.0
// plan.json and plan.txt as build artifacts, next to what the other backends write.
#pragma once

#include "backends/backend.h"

namespace nbc::backends {

class PlanJsonBackend : public Backend {
 public:
  std::string_view name() const override { return "plan-json"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

class PlanTextBackend : public Backend {
 public:
  std::string_view name() const override { return "plan-text"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

}  // namespace nbc::backends
