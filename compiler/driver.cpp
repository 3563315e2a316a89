// SPDX-License-Identifier: Apache-2.0
// The driver: load → lower → resolve.
#include "compiler/driver.h"

#include "compiler/environment_resolver.h"
#include "compiler/lower.h"
#include "compiler/pool_placement.h"
#include "compiler/project_loader.h"

namespace nbc::compiler {

std::optional<ir::Model> LoadModel(const std::filesystem::path& dir, ir::SourceFiles& files,
                                   ir::Diagnostics& diags) {
  ProjectSources sources = LoadProjectSources(dir, files, diags);
  if (diags.has_errors()) return std::nullopt;
  return ModelFromSources(sources, files, diags);
}

std::optional<ir::Model> ModelFromSources(const ProjectSources& sources,
                                          const ir::SourceFiles& files, ir::Diagnostics& diags) {
  std::optional<ir::Model> model = Lower(sources, files, diags);
  if (!model) return std::nullopt;
  ResolveEnvironments(*model, diags);
  CheckPoolZones(*model, diags);
  if (diags.has_errors()) return std::nullopt;
  return model;
}

}  // namespace nbc::compiler
