// SPDX-License-Identifier: Apache-2.0
// Lowering: the parsed documents of a project become an ir::Model. Names,
// types, keys and references are checked here; `extends` is applied later by
// ResolveEnvironments.
#pragma once

#include <optional>

#include "compiler/project_loader.h"
#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// Reports every problem it finds; returns a Model only when there were none.
std::optional<ir::Model> Lower(const ProjectSources& sources, const ir::SourceFiles& files,
                               ir::Diagnostics& diags);

}  // namespace nbc::compiler
