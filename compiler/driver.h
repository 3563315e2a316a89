// SPDX-License-Identifier: Apache-2.0
// The driver: the stages in order, stopping between stages once there are
// errors (STYLE §1). The command line calls these.
#pragma once

#include <filesystem>
#include <optional>

#include "compiler/project_loader.h"
#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// Loads, lowers and resolves the project at `dir`. `files` names every file
// read, so diagnostics can be rendered whatever the outcome.
std::optional<ir::Model> LoadModel(const std::filesystem::path& dir, ir::SourceFiles& files,
                                   ir::Diagnostics& diags);

// The stages after loading: lowers and resolves files already parsed (the
// fuzz targets of tests/fuzz/ keep a project in memory and call this).
std::optional<ir::Model> ModelFromSources(const ProjectSources& sources,
                                          const ir::SourceFiles& files, ir::Diagnostics& diags);

}  // namespace nbc::compiler
