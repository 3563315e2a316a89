// SPDX-License-Identifier: Apache-2.0
// Finds and parses a project directory's files (SPEC §2): nbc.yaml plus one
// file per service, node type, environment and pool, and the files of the
// cloudlets nbc.yaml imports.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/doc.h"
#include "ir/diagnostic.h"
#include "ir/model.h"

namespace nbc::compiler {

// How the names written in a cloudlet's files map to the names the project
// sees (compiler/imports.h): `web` → `mediawiki.web`, or its alias.
struct ImportScope {
  std::string ns;                              // "mediawiki"
  std::map<std::string, std::string> aliases;  // name in the cloudlet → project name
};

// One parsed file whose stem names an entity ("services/api.yaml" → "api").
// A cloudlet's file is named as the project sees it ("mediawiki.web").
struct NamedDocument {
  std::string name;
  Document doc;
  const ImportScope* scope = nullptr;  // null for the project's own files
};

struct ProjectSources {
  std::optional<Document> project;          // nbc.yaml
  std::vector<NamedDocument> services;      // sorted by name
  std::vector<NamedDocument> node_types;    // sorted by name
  std::vector<NamedDocument> environments;  // sorted by name
  std::vector<NamedDocument> pools;         // sorted by name
  // Filled by LoadImports: the imported cloudlets, their scopes, and the
  // `overrides:` of project files: (kind, imported name) → project name.
  std::vector<ir::Cloudlet> cloudlets;
  std::vector<std::unique_ptr<ImportScope>> scopes;
  std::map<std::pair<std::string, std::string>, std::string> redirects;
};

// Reads and parses the file `relative` (to `dir`), registered in `files` under
// that path with the digest of the bytes parsed; nullopt (reported) if it
// cannot be read or parsed.
std::optional<Document> ParseProjectFile(const std::filesystem::path& dir, const std::string& relative,
                                         ir::SourceFiles& files, ir::Diagnostics& diags);

// The entity documents of one folder ("services", "../lib/services"), sorted
// by file stem; every unreadable or malformed file is reported.
std::vector<NamedDocument> LoadEntityFolder(const std::filesystem::path& dir,
                                            const std::string& folder, ir::SourceFiles& files,
                                            ir::Diagnostics& diags);

// Reads every input file of the project at `dir`. Paths in `files` are
// relative to `dir`. Every unreadable or malformed file is reported; the
// result holds what parsed.
ProjectSources LoadProjectSources(const std::filesystem::path& dir, ir::SourceFiles& files,
                                  ir::Diagnostics& diags);

}  // namespace nbc::compiler
