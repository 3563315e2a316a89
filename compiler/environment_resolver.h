// SPDX-License-Identifier: Apache-2.0
// Applies `extends`: each environment's chain (base first) and its resolved
// provider, region, zones, root services and node types.
#pragma once

#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// Fills Environment::chain and the resolved fields; reports extends cycles
// and concrete environments that lack what planning needs.
void ResolveEnvironments(ir::Model& model, ir::Diagnostics& diags);

}  // namespace nbc::compiler
