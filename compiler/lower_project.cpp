// SPDX-License-Identifier: Apache-2.0
// Lowering of nbc.yaml: project name, labels, grades, providers and flavors,
// packager, stack, state backend, required audits.
#include <algorithm>

#include "compiler/lower_context.h"

namespace nbc::compiler {
namespace {

std::map<std::string, std::string> LowerLabels(LowerContext& cx, const DocNode* node,
                                               std::string_view what) {
  std::map<std::string, std::string> labels;
  const DocNode* map = ExpectMap(node, "labels of " + std::string(what), cx.diags);
  if (!map) return labels;
  for (const DocEntry& e : map->entries) {
    CheckName(e.key, "label", e.key_at, cx.diags);
    if (auto text = ScalarText(e.value, "label '" + e.key + "'", cx.diags)) labels[e.key] = *text;
  }
  return labels;
}

void LowerGrades(LowerContext& cx, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "grades", cx.diags);
  if (!map) return;
  // Declaration order is the grade order: small → large.
  for (const DocEntry& e : map->entries) {
    CheckName(e.key, "grade", e.key_at, cx.diags);
    ir::Grade& g = cx.model.project.grades.emplace_back();
    g.name = e.key;
    g.at = e.key_at;
    g.rank = static_cast<int>(cx.model.project.grades.size() - 1);
    MapReader r(e.value, "grade '" + e.key + "'", cx.diags);
    g.cpu = r.Number("cpu", 0).value_or(0);
    g.memory_gib = r.Number("memory_gib", 0).value_or(0);
    if (!r.Get("cpu") || !r.Get("memory_gib"))
      cx.diags.Error(e.key_at, "grade '" + e.key + "' needs cpu and memory_gib",
                     "write `" + e.key + ": { cpu: 2, memory_gib: 4 }`");
    g.layer = cx.model.AddLayer(ir::LayerKind::kGrade, "grade " + e.key, {});
    cx.model.layers[g.layer.index].params = cx.LowerParams(r.Get("params"), g.layer,
                                                           "grade '" + e.key + "'");
    cx.grades.names.push_back(e.key);
    cx.grades.defined_at.push_back(cx.files.Format(e.key_at));
  }
}

void LowerFlavors(LowerContext& cx, ir::Provider& provider, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "flavors of provider '" + provider.name + "'", cx.diags);
  if (!map) return;
  for (const DocEntry& e : map->entries) {
    ir::Flavor& f = provider.flavors.emplace_back();
    f.name = e.key;
    f.at = e.key_at;
    MapReader r(e.value, "flavor '" + e.key + "'", cx.diags);
    f.cpu = r.Number("cpu", 0).value_or(0);
    f.memory_gib = r.Number("memory_gib", 0).value_or(0);
    f.hourly_usd = r.Number("hourly_usd", 0).value_or(0);
    if (!r.Get("cpu") || !r.Get("memory_gib") || !r.Get("hourly_usd"))
      cx.diags.Error(e.key_at, "flavor '" + e.key + "' needs cpu, memory_gib and hourly_usd",
                     "write `" + e.key + ": { cpu: 2, memory_gib: 4, hourly_usd: 0.0416 }`");
    f.kind = r.String("kind").value_or("ec2");
    if (f.kind != "ec2" && f.kind != "rds")
      cx.diags.Error(r.KeyAt("kind"), "flavor '" + e.key + "' has unknown kind '" + f.kind + "'",
                     "kinds are ec2 and rds");
  }
  // Sorted by name: flavor ties break by name.
  std::sort(provider.flavors.begin(), provider.flavors.end(),
            [](const ir::Flavor& a, const ir::Flavor& b) { return a.name < b.name; });
}

void LowerProviders(LowerContext& cx, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "providers", cx.diags);
  if (!map) return;
  for (const DocEntry& e : map->entries) {
    CheckName(e.key, "provider", e.key_at, cx.diags);
    ir::Provider& p = cx.model.project.providers.emplace_back();
    p.name = e.key;
    p.at = e.key_at;
    MapReader r(e.value, "provider '" + e.key + "'", cx.diags);
    LowerFlavors(cx, p, r.Get("flavors"));
  }
  std::sort(cx.model.project.providers.begin(), cx.model.project.providers.end(),
            [](const ir::Provider& a, const ir::Provider& b) { return a.name < b.name; });
}

void LowerPackager(LowerContext& cx, const DocNode* node) {
  ir::Packager& p = cx.model.project.packager;
  if (!node) return;
  p.at = node->at;
  MapReader r(node, "packager", cx.diags);
  p.kind = r.String("kind").value_or("tarball");
  if (p.kind != "tarball")
    cx.diags.Error(r.KeyAt("kind"), "unknown packager kind '" + p.kind + "'",
                   "the only packager kind is tarball");
  p.bucket = r.String("bucket").value_or("");
  p.name = r.String("name").value_or("");
  p.sha256 = r.String("sha256").value_or("");
  p.install_dir = r.String("install_dir").value_or("/opt");
  if (p.bucket.empty() || p.name.empty())
    cx.diags.Error(p.at, "packager needs a bucket and a name",
                   "write `packager: { kind: tarball, bucket: my-slugs, name: app }`");
  if (!p.install_dir.starts_with("/"))
    cx.diags.Error(r.KeyAt("install_dir"), "packager install_dir must be an absolute path");
}

void LowerStack(LowerContext& cx, const DocNode* node) {
  ir::Stack& s = cx.model.project.stack;
  if (!node) return;
  s.at = node->at;
  MapReader r(node, "stack", cx.diags);
  s.runtime = r.String("runtime").value_or("");
  s.command = r.String("command").value_or("");
  s.port = static_cast<int>(r.Int("port", 0, 65535).value_or(0));
  s.user = r.String("user").value_or("");
  LowerStackRun(cx, s, r);
}

void LowerState(LowerContext& cx, const DocNode* node) {
  ir::StateConfig& s = cx.model.project.state;
  if (!node) return;
  s.at = node->at;
  MapReader r(node, "state", cx.diags);
  s.backend = r.String("backend").value_or("local");
  if (s.backend != "local" && s.backend != "etcd")
    cx.diags.Error(r.KeyAt("backend"), "unknown state backend '" + s.backend + "'",
                   "backends are local and etcd");
  s.path = r.String("path").value_or(".nbc/state");
  if (auto endpoints = r.StringList("endpoints"))
    for (const SpannedString& e : *endpoints) s.endpoints.push_back(e.value);
  s.prefix = r.String("prefix").value_or("/nbc");
  s.timeout_ms = static_cast<int>(r.Int("timeout_ms", 1, 600000).value_or(5000));
  if (s.backend == "etcd" && s.endpoints.empty())
    cx.diags.Error(s.at, "the etcd state backend needs endpoints",
                   "write `state: { backend: etcd, endpoints: [http://127.0.0.1:2379] }`");
}

}  // namespace

void LowerProjectFile(LowerContext& cx, const Document& doc) {
  ir::Project& p = cx.model.project;
  MapReader r(doc.root, "nbc.yaml", cx.diags);
  p.at = {doc.file, 1, 1};
  if (auto name = r.String("project")) {
    p.name = *name;
    CheckName(p.name, "project", r.KeyAt("project"), cx.diags);
  } else if (!r.Get("project")) {
    cx.diags.Error(p.at, "nbc.yaml has no project name", "add `project: my-project`");
  }
  r.String("description");
  r.Get("imports");  // read before lowering (compiler/imports.cpp)
  p.labels = LowerLabels(cx, r.Get("labels"), "the project");
  LowerLabelParams(cx, r.Get("label_params"));  // compiler/lower_ownership.cpp
  LowerGrades(cx, r.Get("grades"));
  LowerProviders(cx, r.Get("providers"));
  LowerPackager(cx, r.Get("packager"));
  LowerStack(cx, r.Get("stack"));
  LowerState(cx, r.Get("state"));
  if (auto audits = r.StringList("required_audits")) {
    p.required_audits_at = r.KeyAt("required_audits");
    for (const SpannedString& a : *audits) {
      CheckName(a.value, "audit kind", a.at, cx.diags);
      p.required_audits.push_back(a.value);
    }
  }
}

}  // namespace nbc::compiler
