// SPDX-License-Identifier: Apache-2.0
// Shared by the libFuzzer targets: the in-memory project and the checks.
#include "tests/fuzz/fuzz_support.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <utility>

#include "compiler/driver.h"
#include "compiler/planner.h"
#include "compiler/source_reader.h"

namespace nbc::fuzz {
namespace {

[[noreturn]] void Die(std::string_view what, const std::string& details) {
  std::fprintf(stderr, "fuzz: %.*s\n%s\n", static_cast<int>(what.size()), what.data(),
               details.c_str());
  std::abort();
}

// The entry of `folder` named `name`; aborts if there is none.
compiler::NamedDocument& Entry(std::vector<compiler::NamedDocument>& folder,
                               std::string_view name) {
  for (compiler::NamedDocument& d : folder)
    if (d.name == name) return d;
  Die("the fixed project has no file named " + std::string(name), "");
}

// The code points ir::Visible escapes, as the UTF-8 bytes that start them
// (all lie in U+0600..U+FFFF, so two or three bytes).
bool IsHiddenFormatting(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c0 = at(0), c1 = at(1), c2 = at(2);
  if (c0 == 0xD8 && c1 == 0x9C) return true;  // U+061C arabic letter mark
  if (c0 == 0xE2 && c1 == 0x80) return (c2 >= 0x8B && c2 <= 0x8F) || (c2 >= 0xA8 && c2 <= 0xAE);
  if (c0 == 0xE2 && c1 == 0x81) return c2 >= 0xA6 && c2 <= 0xA9;  // isolates
  return c0 == 0xEF && c1 == 0xBB && c2 == 0xBF;                     // U+FEFF
}

}  // namespace

FixedProject::FixedProject() {
  std::filesystem::path dir = std::filesystem::path(NBC_SOURCE_DIR) / "tests/fuzz/project";
  ir::Diagnostics diags;
  sources_ = compiler::LoadProjectSources(dir, files_, diags);
  // The same stages as the command line, to prove the fixed part is valid.
  std::optional<ir::Model> model;
  if (!diags.has_errors()) model = compiler::ModelFromSources(sources_, files_, diags);
  if (model) compiler::BuildPlan(*model, {}, diags);
  if (diags.has_errors() || diags.warning_count() > 0 || !sources_.project)
    Die("tests/fuzz/project does not compile cleanly",
        diags.Render(files_, ir::ErrorFormat::kText));
  // The vectors never grow after this, so the pointers stay valid; Swap
  // exchanges the documents' contents, not the entries.
  slots_[static_cast<size_t>(Slot::kProject)] = &*sources_.project;
  slots_[static_cast<size_t>(Slot::kService)] = &Entry(sources_.services, "app").doc;
  slots_[static_cast<size_t>(Slot::kNodeType)] = &Entry(sources_.node_types, "web").doc;
  slots_[static_cast<size_t>(Slot::kEnvironment)] = &Entry(sources_.environments, "prod").doc;
}

ir::FileId FixedProject::FileOf(Slot slot) const {
  return slots_[static_cast<size_t>(slot)]->file;
}

void FixedProject::Swap(Slot slot, compiler::Document& doc) {
  std::swap(*slots_[static_cast<size_t>(slot)], doc);
}

void Relabel(compiler::Document& doc, ir::FileId file) {
  doc.file = file;
  for (compiler::DocNode& node : doc.arena) {
    node.at.file = file;
    for (compiler::DocEntry& e : node.entries) e.key_at.file = file;
  }
}

namespace {

// Memoised per node: the tree is a DAG (aliases share their anchor's
// children), so an alias bomb is counted in time linear in its size.
size_t Expanded(const compiler::DocNode* node, size_t cap,
                std::unordered_map<const compiler::DocNode*, size_t>& memo) {
  auto [it, inserted] = memo.try_emplace(node, 0);
  if (!inserted) return it->second;
  size_t n = 1;
  for (const compiler::DocNode* item : node->items)
    n = std::min(cap + 1, n + Expanded(item, cap, memo));
  for (const compiler::DocEntry& e : node->entries)
    n = std::min(cap + 1, n + Expanded(e.value, cap, memo));
  memo[node] = n;
  return n;
}

}  // namespace

size_t ExpandedValues(const compiler::Document& doc, size_t cap) {
  std::unordered_map<const compiler::DocNode*, size_t> memo;
  return doc.root ? Expanded(doc.root, cap, memo) : 0;
}

Slot GuessSlot(const compiler::Document& doc) {
  if (!doc.root || doc.root->kind != compiler::DocKind::kMap) return Slot::kService;
  // Top-level keys that only one kind of file has (compiler/lower_*.cpp).
  static const std::pair<std::string_view, Slot> kOnlyIn[] = {
      {"project", Slot::kProject},          {"labels", Slot::kProject},
      {"grades", Slot::kProject},           {"providers", Slot::kProject},
      {"packager", Slot::kProject},         {"stack", Slot::kProject},
      {"state", Slot::kProject},            {"required_audits", Slot::kProject},
      {"depends_on", Slot::kService},       {"audits", Slot::kService},
      {"audit_kind", Slot::kService},       {"requires", Slot::kService},
      {"colocate_with", Slot::kService},    {"avoid", Slot::kService},
      {"ports", Slot::kService},            {"health_check", Slot::kService},
      {"chef", Slot::kService},             {"kind", Slot::kNodeType},
      {"roles", Slot::kNodeType},           {"grade", Slot::kNodeType},
      {"image", Slot::kNodeType},           {"count", Slot::kNodeType},
      {"ha", Slot::kNodeType},              {"load_balancer", Slot::kNodeType},
      {"rds", Slot::kNodeType},             {"flavor", Slot::kNodeType},
      {"abstract", Slot::kEnvironment},     {"extends", Slot::kEnvironment},
      {"provider", Slot::kEnvironment},     {"region", Slot::kEnvironment},
      {"zones", Slot::kEnvironment},        {"node_types", Slot::kEnvironment},
      {"version", Slot::kEnvironment},
  };
  for (const compiler::DocEntry& e : doc.root->entries)
    for (const auto& [key, slot] : kOnlyIn)
      if (e.key == key) return slot;
  return Slot::kService;
}

void CheckRenderedDiagnostics(const ir::Diagnostics& diags, const ir::SourceFiles& files) {
  for (ir::ErrorFormat format : {ir::ErrorFormat::kText, ir::ErrorFormat::kJson,
                                 ir::ErrorFormat::kGithub}) {
    std::string text = diags.Render(files, format);
    // The input gate doubles as the check for UTF-8 and C0/C1 controls.
    ir::Diagnostics gate;
    bool ok = compiler::CheckSourceText(text, 0, gate, SIZE_MAX).has_value();
    for (size_t i = 0; ok && i < text.size(); ++i)
      ok = text[i] != '\r' && !IsHiddenFormatting(text, i);
    if (!ok) {
      ir::SourceFiles rendered;
      rendered.Add("(rendered diagnostics)");
      Die("rendered diagnostics carry raw control or formatting characters: " +
              gate.Render(rendered, ir::ErrorFormat::kText),
          text);
    }
  }
}

void Require(bool ok, std::string_view what, const ir::Diagnostics& diags,
             const ir::SourceFiles& files) {
  if (!ok) Die(what, diags.Render(files, ir::ErrorFormat::kText));
}

}  // namespace nbc::fuzz
