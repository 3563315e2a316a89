// SPDX-License-Identifier: Apache-2.0
// Finds and parses a project directory's files (SPEC §2): nbc.yaml plus one
// file per service, node type and environment.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compiler/doc.h"
#include "ir/diagnostic.h"

namespace nbc::compiler {

// One parsed file whose stem names an entity ("services/api.yaml" → "api").
struct NamedDocument {
  std::string name;
  Document doc;
};

struct ProjectSources {
  std::optional<Document> project;          // nbc.yaml
  std::vector<NamedDocument> services;      // sorted by name
  std::vector<NamedDocument> node_types;    // sorted by name
  std::vector<NamedDocument> environments;  // sorted by name
};

// Reads every input file of the project at `dir`. Paths in `files` are
// relative to `dir`. Every unreadable or malformed file is reported; the
// result holds what parsed.
ProjectSources LoadProjectSources(const std::filesystem::path& dir, ir::SourceFiles& files,
                                  ir::Diagnostics& diags);

}  // namespace nbc::compiler
