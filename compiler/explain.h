// SPDX-License-Identifier: Apache-2.0
// `nbc explain ENV NODE KEY`: how one value of one node came to be — every
// layer of the hierarchy that was searched, what each did, and where.
#pragma once

#include <optional>
#include <string>

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::compiler {

// NODE is an address (with or without the environment), a hostname, or a
// node type (its first node). KEY is a dotted parameter path or `flavor`.
std::optional<std::string> Explain(const ir::Model& model, const ir::PlanEnvironment& env,
                                   const std::string& node, const std::string& key,
                                   ir::Diagnostics& diags);

}  // namespace nbc::compiler
