// SPDX-License-Identifier: Apache-2.0
// The CloudFormation backend: cloudformation/<env>.json, one template per
// environment (SPEC §4), or a parent template with nested stacks under
// cloudformation/<env>/ when the environment exceeds CloudFormation's limits.
// docs/backend-cloudformation.md describes the templates and their use.
#pragma once

#include "backends/backend.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends {

class CloudFormationBackend : public Backend {
 public:
  explicit CloudFormationBackend(cfn::Limits limits = {}) : limits_(limits) {}
  std::string_view name() const override { return "cloudformation"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;

 private:
  cfn::Limits limits_;
};

}  // namespace nbc::backends
