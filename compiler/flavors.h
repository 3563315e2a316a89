// SPDX-License-Identifier: Apache-2.0
// Flavor choice (SPEC §3): an explicit flavor wins, else the cheapest flavor
// of the provider and node kind whose cpu and memory cover the grade.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

struct FlavorChoice {
  const ir::Flavor* flavor = nullptr;
  std::string reason;
  std::vector<ir::FlavorOption> alternatives;  // other covering flavors, by price then name
};

std::optional<FlavorChoice> ChooseFlavor(const ir::Model& model, const ir::Environment& env,
                                         const ir::ResolvedNodeType& node_type,
                                         ir::Diagnostics& diags);

}  // namespace nbc::compiler
