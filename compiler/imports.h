// SPDX-License-Identifier: Apache-2.0
// Cloudlets (docs/cloudlets.md), between loading and lowering: reads the
// `imports:` of nbc.yaml, loads each cloudlet's cloudlet.yaml and its
// services/, node_types/ and environments/ (scenarios) under a namespace
// (`mediawiki.web`) or an alias, applies the `overrides:` of project files,
// and checks that no two names of a kind collide, as written or flattened.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "compiler/project_loader.h"
#include "ir/diagnostic.h"

namespace nbc::compiler {

// Adds the imported documents to `sources` (each kind sorted by name again),
// fills sources.cloudlets, scopes and redirects. Reports every problem.
void LoadImports(const std::filesystem::path& dir, ProjectSources& sources, ir::SourceFiles& files,
                 ir::Diagnostics& diags);

// The name a reference written in a file of `scope` means, as the project
// sees it: an alias, else "ns.name"; a project file's names are unchanged.
std::string ScopedName(const ImportScope* scope, std::string_view written);

// True when a cloudlet of version `actual` satisfies an import of `wanted`:
// equal, or `wanted` is a prefix ending at a dot ("0.7" accepts "0.7.3").
bool VersionMatches(std::string_view wanted, std::string_view actual);

}  // namespace nbc::compiler
