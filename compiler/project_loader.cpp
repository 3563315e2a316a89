// SPDX-License-Identifier: Apache-2.0
// Finds and parses a project directory's files.
#include "compiler/project_loader.h"

#include <algorithm>
#include <system_error>

#include "compiler/imports.h"
#include "compiler/source_reader.h"
#include "compiler/yaml_loader.h"

namespace nbc::compiler {
namespace fs = std::filesystem;
namespace {

// The .yaml files of one entity folder, sorted by name so that ids, layers
// and diagnostics do not depend on directory order.
std::vector<std::string> ListYamlFiles(const fs::path& dir, const std::string& folder,
                                       ir::SourceFiles& files, ir::Diagnostics& diags) {
  std::vector<std::string> names, misnamed;
  std::error_code ec;
  fs::path path = dir / folder;
  if (!fs::exists(path, ec)) return names;
  std::string kind = folder.substr(folder.rfind('/') + 1);  // "services" of "../lib/services"
  if (!fs::is_directory(path, ec)) {
    diags.Error({files.Add(folder), 1, 1}, "'" + folder + "' is not a directory",
                "it holds one " + kind.substr(0, kind.size() - 1) + " per .yaml file");
    return names;
  }
  fs::directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string file = it->path().filename().string();
    if (file.starts_with(".")) continue;  // editor and VCS droppings
    if (file.ends_with(".yaml")) {
      names.push_back(file.substr(0, file.size() - 5));
    } else if (file.ends_with(".yml")) {
      misnamed.push_back(file);
    }
  }
  if (ec) diags.Error({files.Add(folder), 1, 1}, "cannot list '" + folder + "': " + ec.message());
  std::sort(names.begin(), names.end());
  std::sort(misnamed.begin(), misnamed.end());
  for (const std::string& file : misnamed) {
    diags.Error({files.Add(folder + "/" + file), 1, 1}, "file '" + file + "' is not read",
                "nbc reads only .yaml files; rename it to '" + file.substr(0, file.size() - 4) +
                    ".yaml'");
  }
  return names;
}

}  // namespace

std::optional<Document> ParseProjectFile(const fs::path& dir, const std::string& relative,
                                         ir::SourceFiles& files, ir::Diagnostics& diags) {
  ir::FileId id = files.Add(relative);
  std::optional<std::string> bytes = ReadSourceFile(dir / relative, id, diags);
  if (!bytes) return std::nullopt;
  std::optional<Document> doc = ParseYaml(*bytes, id, diags);
  // The digest of exactly these bytes: the file may change after the read.
  if (doc) files.SetSha256(id, doc->sha256);
  return doc;
}

std::vector<NamedDocument> LoadEntityFolder(const fs::path& dir, const std::string& folder,
                                            ir::SourceFiles& files, ir::Diagnostics& diags) {
  std::vector<NamedDocument> docs;
  for (const std::string& name : ListYamlFiles(dir, folder, files, diags)) {
    std::optional<Document> doc = ParseProjectFile(dir, folder + "/" + name + ".yaml", files, diags);
    if (doc) docs.push_back({name, std::move(*doc)});
  }
  return docs;
}

ProjectSources LoadProjectSources(const fs::path& dir, ir::SourceFiles& files,
                                  ir::Diagnostics& diags) {
  ProjectSources sources;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.Error({}, "project directory '" + dir.string() + "' does not exist",
                "run nbc in a project directory, pass -C DIR, or create one with 'nbc init'");
    return sources;
  }
  if (!fs::exists(dir / "nbc.yaml", ec)) {
    diags.Error({}, "no nbc.yaml in '" + dir.string() + "'",
                "a project directory has nbc.yaml at its top; pass -C DIR to point at one");
    return sources;
  }
  sources.project = ParseProjectFile(dir, "nbc.yaml", files, diags);
  sources.services = LoadEntityFolder(dir, "services", files, diags);
  sources.node_types = LoadEntityFolder(dir, "node_types", files, diags);
  sources.environments = LoadEntityFolder(dir, "environments", files, diags);
  sources.pools = LoadEntityFolder(dir, "pools", files, diags);
  LoadImports(dir, sources, files, diags);
  return sources;
}

}  // namespace nbc::compiler
