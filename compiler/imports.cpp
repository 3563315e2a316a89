// SPDX-License-Identifier: Apache-2.0
// Cloudlets: `imports:` of nbc.yaml, cloudlet.yaml, namespaces, aliases,
// `overrides:` and name collisions.
#include "compiler/imports.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "compiler/doc_reader.h"
#include "compiler/project_loader.h"
#include "compiler/suggest.h"
#include "ir/names.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace fs = std::filesystem;

std::string ScopedName(const ImportScope* scope, std::string_view written) {
  if (!scope) return std::string(written);
  auto alias = scope->aliases.find(std::string(written));
  if (alias != scope->aliases.end()) return alias->second;
  return scope->ns + "." + std::string(written);
}

bool VersionMatches(std::string_view wanted, std::string_view actual) {
  if (wanted == actual) return true;
  return actual.size() > wanted.size() && actual.starts_with(wanted) && actual[wanted.size()] == '.';
}

namespace {

// The three kinds of entity a cloudlet may hold, by folder and by name.
constexpr int kKinds = 3;
constexpr const char* kFolders[kKinds] = {"services", "node_types", "environments"};
constexpr const char* kKindNames[kKinds] = {"service", "node type", "environment"};

std::vector<NamedDocument>& Folder(ProjectSources& sources, int kind) {
  return kind == 0 ? sources.services : kind == 1 ? sources.node_types : sources.environments;
}

struct AliasDecl {
  SpannedString name;   // in the cloudlet
  SpannedString alias;  // in the project
};

// One entry of `imports:` as written.
struct ImportDecl {
  ir::SourceSpan at;
  SpannedString path;  // normalized: "../cloudlets/mediawiki"
  SpannedString version;
  std::optional<SpannedString> as;
  std::vector<AliasDecl> aliases;
};

// Where an entity's name was decided, for collision messages: a project
// file, a cloudlet file under its namespace, or an alias.
struct NameOrigin {
  std::string name;
  ir::SourceSpan named_at;  // where to fix it
  std::string what;         // "services/web.yaml", "imported from cloudlet 'mediawiki'"
};

class Importer {
 public:
  Importer(const fs::path& dir, ProjectSources& sources, ir::SourceFiles& files,
           ir::Diagnostics& diags)
      : dir_(dir), sources_(sources), files_(files), diags_(diags) {}

  void Run() {
    const DocNode* root = sources_.project ? sources_.project->root : nullptr;
    const DocNode* list = root && root->kind == DocKind::kMap ? root->Find("imports") : nullptr;
    for (const ImportDecl& decl : ReadImports(list)) Import(decl);
    RejectOverridesInCloudlets();
    ApplyOverrides();
    for (int k = 0; k < kKinds; ++k) Merge(k);
    std::sort(sources_.cloudlets.begin(), sources_.cloudlets.end(),
              [](const ir::Cloudlet& a, const ir::Cloudlet& b) { return a.ns < b.ns; });
  }

 private:
  std::vector<ImportDecl> ReadImports(const DocNode* list);
  std::optional<ImportDecl> ReadImport(const DocNode* item);
  bool CheckPath(const ImportDecl& decl);
  std::optional<ir::Cloudlet> ReadCloudletFile(const ImportDecl& decl);
  void Import(const ImportDecl& decl);
  void CheckAliases(const ImportDecl& decl, const ir::Cloudlet& cloudlet,
                    const std::vector<std::string>& stems);
  void RejectOverridesInCloudlets();
  void ApplyOverrides();
  void Merge(int kind);
  void CheckCollisions(int kind, std::vector<NameOrigin> names);

  const fs::path& dir_;
  ProjectSources& sources_;
  ir::SourceFiles& files_;
  ir::Diagnostics& diags_;
  std::vector<NamedDocument> imported_[kKinds];
  std::vector<NameOrigin> imported_origins_[kKinds];  // parallel to imported_
  std::map<std::string, ir::SourceSpan> namespaces_;  // → the import that took it
};

std::vector<ImportDecl> Importer::ReadImports(const DocNode* list) {
  std::vector<ImportDecl> decls;
  if (!list || (list->kind == DocKind::kNull && list->tag.empty())) return decls;
  if (list->kind != DocKind::kSeq || !list->tag.empty()) {
    diags_.Error(list->at, "key 'imports' of nbc.yaml must be a list, not " + WithArticle(list),
                 "write `imports: [{ path: ../cloudlets/mediawiki, version: \"0.7\" }]`");
    return decls;
  }
  for (const DocNode* item : list->items)
    if (std::optional<ImportDecl> decl = ReadImport(item)) decls.push_back(std::move(*decl));
  return decls;
}

std::optional<ImportDecl> Importer::ReadImport(const DocNode* item) {
  ImportDecl decl;
  decl.at = item->at;
  MapReader r(item, "an import of nbc.yaml", diags_);
  if (!r.ok()) return std::nullopt;
  std::optional<std::string> path = r.String("path");
  std::optional<std::string> version = r.String("version");
  if (!r.Get("path") || !r.Get("version")) {
    diags_.Error(item->at, "an import of nbc.yaml needs a path and a version",
                 "write `- { path: ../cloudlets/mediawiki, version: \"0.7\" }`");
    return std::nullopt;
  }
  if (!path || !version) return std::nullopt;
  // "../cloudlets/mediawiki/" and "../cloudlets/./mediawiki" name one folder,
  // and file paths in diagnostics and provenance are built from this.
  std::string normal = fs::path(*path).lexically_normal().generic_string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  decl.path = {normal, r.Get("path")->at};
  decl.version = {*version, r.Get("version")->at};
  if (std::optional<std::string> as = r.String("as")) {
    decl.as = SpannedString{*as, r.Get("as")->at};
    CheckName(*as, "namespace", decl.as->at, diags_);
  }
  if (const DocNode* aliases = ExpectMap(r.Get("aliases"), "aliases of an import", diags_)) {
    for (const DocEntry& e : aliases->entries) {
      CheckName(e.key, "name", e.key_at, diags_);
      std::optional<std::string> alias = ScalarText(e.value, "alias of '" + e.key + "'", diags_);
      if (!alias) continue;
      CheckName(*alias, "alias", e.value->at, diags_);
      decl.aliases.push_back({{e.key, e.key_at}, {*alias, e.value->at}});
    }
  }
  return decl;
}

// The cloudlet folders near a path that does not exist, for a hint.
std::vector<std::string> NearbyCloudlets(const fs::path& dir, const std::string& path) {
  std::vector<std::string> found;
  fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  fs::directory_iterator it(dir / parent, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!fs::exists(it->path() / "cloudlet.yaml", ec)) continue;
    found.push_back((parent / it->path().filename()).generic_string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

bool Importer::CheckPath(const ImportDecl& decl) {
  const std::string& path = decl.path.value;
  std::string shown = "'" + ir::Visible(path) + "'";
  if (path.empty() || fs::path(path).is_absolute()) {
    diags_.Error(decl.path.at, "cloudlet path " + shown + " is not a relative path",
                 "write the path relative to the project directory (where nbc.yaml is), so the "
                 "project builds the same wherever it is checked out");
    return false;
  }
  std::error_code ec;
  if (!fs::exists(dir_ / path, ec)) {
    std::string hint = DidYouMean(path, NearbyCloudlets(dir_, path));
    diags_.Error(decl.path.at, "cloudlet path " + shown + " does not exist",
                 hint.empty() ? "the path is relative to the project directory (where nbc.yaml is)"
                              : hint);
    return false;
  }
  if (!fs::is_directory(dir_ / path, ec) || !fs::exists(dir_ / path / "cloudlet.yaml", ec)) {
    diags_.Error(decl.path.at, shown + " is not a cloudlet: it has no cloudlet.yaml",
                 "a cloudlet is a folder with cloudlet.yaml (name, version, summary, description, "
                 "license) and any of services/, node_types/ and environments/");
    return false;
  }
  return true;
}

std::optional<ir::Cloudlet> Importer::ReadCloudletFile(const ImportDecl& decl) {
  std::optional<Document> doc = ParseProjectFile(dir_, decl.path.value + "/cloudlet.yaml", files_, diags_);
  if (!doc) return std::nullopt;
  ir::SourceSpan file_at{doc->file, 1, 1};
  MapReader r(doc->root, "cloudlet.yaml", diags_);
  if (!r.ok()) return std::nullopt;
  ir::Cloudlet c;
  c.at = decl.at;
  c.path = decl.path.value;
  c.name = r.String("name").value_or("");
  c.version = r.String("version").value_or("");
  c.summary = r.String("summary").value_or("");
  c.description = r.String("description").value_or("");
  c.license = r.String("license").value_or("");
  if (!r.Get("name") || !r.Get("version")) {
    diags_.Error(file_at, "cloudlet.yaml needs a name and a version",
                 "write `name: mediawiki` and `version: \"0.7.2\"`");
    return std::nullopt;
  }
  if (c.name.empty() || c.version.empty()) return std::nullopt;
  size_t errors = diags_.error_count();
  CheckName(c.name, "cloudlet", r.Get("name")->at, diags_);
  if (!VersionMatches(decl.version.value, c.version)) {
    diags_.Error(decl.version.at,
                 "cloudlet '" + c.name + "' at '" + ir::Visible(c.path) + "' is version " +
                     ir::Visible(c.version) + ", but nbc.yaml imports version " +
                     ir::Visible(decl.version.value),
                 "review the cloudlet's changes and import version \"" + ir::Visible(c.version) +
                     "\", or point the path at a copy of version " + ir::Visible(decl.version.value) +
                     " (declared at " + files_.Format(r.Get("version")->at) + ")");
  }
  if (diags_.error_count() > errors) return std::nullopt;
  return c;
}

void Importer::Import(const ImportDecl& decl) {
  if (!CheckPath(decl)) return;
  std::optional<ir::Cloudlet> cloudlet = ReadCloudletFile(decl);
  if (!cloudlet) return;
  cloudlet->ns = decl.as ? decl.as->value : cloudlet->name;
  ir::SourceSpan ns_at = decl.as ? decl.as->at : decl.path.at;
  auto [taken, fresh] = namespaces_.try_emplace(cloudlet->ns, ns_at);
  if (!fresh) {
    diags_.Error(ns_at,
                 "namespace '" + cloudlet->ns + "' is already used by the import at " +
                     files_.Format(taken->second),
                 "import one of them under another namespace with `as: NAME`");
    return;
  }
  auto& scope = sources_.scopes.emplace_back(std::make_unique<ImportScope>());
  scope->ns = cloudlet->ns;
  for (const AliasDecl& a : decl.aliases) scope->aliases[a.name.value] = a.alias.value;

  std::vector<std::string> stems;
  for (int k = 0; k < kKinds; ++k) {
    for (NamedDocument& d : LoadEntityFolder(dir_, decl.path.value + "/" + kFolders[k], files_, diags_)) {
      CheckName(d.name, kKindNames[k], {d.doc.file, 1, 1}, diags_);
      stems.push_back(d.name);
      auto alias = std::find_if(decl.aliases.begin(), decl.aliases.end(),
                                [&](const AliasDecl& a) { return a.name.value == d.name; });
      std::string what = "imported from cloudlet '" + cloudlet->name + "' (" +
                         files_.path(d.doc.file) + ")";
      ir::SourceSpan named_at = alias != decl.aliases.end() ? alias->alias.at : ns_at;
      d.name = ScopedName(scope.get(), d.name);
      d.scope = scope.get();
      std::vector<std::string>& names = k == 0   ? cloudlet->services
                                        : k == 1 ? cloudlet->node_types
                                                 : cloudlet->environments;
      names.push_back(d.name);
      imported_origins_[k].push_back({d.name, named_at, what});
      imported_[k].push_back(std::move(d));
    }
  }
  CheckAliases(decl, *cloudlet, stems);
  sources_.cloudlets.push_back(std::move(*cloudlet));
}

void Importer::CheckAliases(const ImportDecl& decl, const ir::Cloudlet& cloudlet,
                            const std::vector<std::string>& stems) {
  std::vector<std::string> sorted = stems;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (const AliasDecl& a : decl.aliases) {
    if (std::binary_search(sorted.begin(), sorted.end(), a.name.value)) continue;
    std::string hint = DidYouMean(a.name.value, sorted);
    diags_.Error(a.name.at,
                 "cloudlet '" + cloudlet.name + "' has no service, node type or environment '" +
                     ir::Visible(a.name.value) + "' to alias",
                 hint.empty() ? "an alias names an entity of the cloudlet as its file stem" : hint);
  }
}

void Importer::RejectOverridesInCloudlets() {
  for (int k = 0; k < kKinds; ++k) {
    for (const NamedDocument& d : imported_[k]) {
      const DocNode* root = d.doc.root;
      if (!root || root->kind != DocKind::kMap) continue;
      for (const DocEntry& e : root->entries)
        if (e.key == "overrides")
          diags_.Error(e.key_at, "a cloudlet's " + std::string(kKindNames[k]) + " cannot override",
                       "only the importing project's files say `overrides:`");
    }
  }
}

// A project file with `overrides: NAME` takes the place of the imported
// entity NAME: the imported file is dropped, and every reference to NAME, in
// the cloudlet's files and the project's, means the project's entity.
void Importer::ApplyOverrides() {
  for (int k = 0; k < kKinds; ++k) {
    std::vector<std::string> imported_names;
    for (const NamedDocument& d : imported_[k]) imported_names.push_back(d.name);
    std::sort(imported_names.begin(), imported_names.end());
    std::map<std::string, ir::SourceSpan> taken;  // imported name → the overriding key
    for (const NamedDocument& d : Folder(sources_, k)) {
      const DocNode* root = d.doc.root;
      const DocNode* value = root && root->kind == DocKind::kMap ? root->Find("overrides") : nullptr;
      if (!value) continue;
      std::string what = std::string(kKindNames[k]) + " '" + d.name + "'";
      std::optional<std::string> target = ScalarText(value, "key 'overrides' of " + what, diags_);
      if (!target) continue;
      if (!std::binary_search(imported_names.begin(), imported_names.end(), *target)) {
        std::string hint = DidYouMean(*target, imported_names);
        if (hint.empty())
          hint = imported_names.empty()
                     ? "no " + std::string(kKindNames[k]) + " is imported; `overrides:` replaces "
                           "one of an imported cloudlet"
                     : "imported " + std::string(kKindNames[k]) + "s are named as the project "
                           "sees them, such as '" + imported_names.front() + "'";
        diags_.Error(value->at,
                     what + " overrides unknown imported " + kKindNames[k] + " '" +
                         ir::Visible(*target) + "'",
                     hint);
        continue;
      }
      auto [first, fresh] = taken.try_emplace(*target, value->at);
      if (!fresh) {
        diags_.Error(value->at,
                     what + " overrides imported " + kKindNames[k] + " '" + *target +
                         "', which " + files_.Format(first->second) + " already overrides",
                     "one project file replaces an imported one; delete one of the two");
        continue;
      }
      sources_.redirects[{kKindNames[k], *target}] = d.name;
      for (ir::Cloudlet& c : sources_.cloudlets) {
        const std::vector<std::string>& names = k == 0   ? c.services
                                                : k == 1 ? c.node_types
                                                         : c.environments;
        if (std::find(names.begin(), names.end(), *target) != names.end())
          c.overridden[{kKindNames[k], *target}] = d.name;
      }
    }
    // The overridden imported files are not lowered.
    for (size_t i = imported_[k].size(); i-- > 0;) {
      if (!taken.count(imported_[k][i].name)) continue;
      imported_[k].erase(imported_[k].begin() + static_cast<std::ptrdiff_t>(i));
      imported_origins_[k].erase(imported_origins_[k].begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

void Importer::Merge(int kind) {
  std::vector<NamedDocument>& all = Folder(sources_, kind);
  std::vector<NameOrigin> names = imported_origins_[kind];
  for (const NamedDocument& d : all)
    names.push_back({d.name, {d.doc.file, 1, 1}, files_.path(d.doc.file)});
  CheckCollisions(kind, std::move(names));
  for (NamedDocument& d : imported_[kind]) all.push_back(std::move(d));
  // Sorted by name: ids follow name order, whatever came from where.
  std::stable_sort(all.begin(), all.end(),
                   [](const NamedDocument& a, const NamedDocument& b) { return a.name < b.name; });
}

// Two entities of a kind may not share a name, nor a flat name: hostnames,
// chef roles, file names and CloudFormation ids use the flat form.
void Importer::CheckCollisions(int kind, std::vector<NameOrigin> names) {
  std::stable_sort(names.begin(), names.end(), [](const NameOrigin& a, const NameOrigin& b) {
    return ir::FlatName(a.name) < ir::FlatName(b.name);
  });
  const std::string kind_name = kKindNames[kind];
  for (size_t i = 1; i < names.size(); ++i) {
    const NameOrigin& a = names[i - 1];
    const NameOrigin& b = names[i];
    std::string flat = ir::FlatName(a.name);
    if (flat != ir::FlatName(b.name)) continue;
    // Report at the imported one: its namespace or alias is where to fix it.
    const NameOrigin& here = b.what.starts_with("imported") ? b : a;
    const NameOrigin& there = &here == &b ? a : b;
    ir::Diagnostic d;
    d.severity = ir::Severity::kError;
    d.where = here.named_at;
    if (a.name == b.name) {
      d.message = "two " + kind_name + "s are named '" + a.name + "': one " + here.what +
                  ", one " + there.what;
      d.hint = "a project file replaces an imported " + kind_name + " only where it says "
               "`overrides: " + a.name + "`; otherwise alias the imported one differently";
    } else {
      d.message = kind_name + " names '" + a.name + "' and '" + b.name + "' both become '" + flat +
                  "' in hostnames, chef roles, file names and CloudFormation ids";
      d.hint = "rename one, or import the cloudlet under another namespace with `as: NAME` "
               "(docs/cloudlets.md)";
    }
    d.notes.push_back({ir::Severity::kNote, there.named_at,
                       "the other " + kind_name + " '" + there.name + "' is " +
                           (there.what.starts_with("imported") ? there.what : "defined here"),
                       "", {}});
    diags_.Report(std::move(d));
  }
}

}  // namespace

void LoadImports(const fs::path& dir, ProjectSources& sources, ir::SourceFiles& files,
                 ir::Diagnostics& diags) {
  Importer(dir, sources, files, diags).Run();
}

}  // namespace nbc::compiler
