// SPDX-License-Identifier: Apache-2.0
// libFuzzer target of the whole compile (docs/fuzzing.md): a project whose
// one file is the input, through lowering, planning, every backend of
// `nbc build`, the plan in each form and `nbc diff` against the unchanged
// project, all in memory.
//
// The project is tests/fuzz/project; the input replaces nbc.yaml,
// services/app.yaml, node_types/web.yaml or environments/prod.yaml,
// whichever its top-level keys say it is (GuessSlot). Besides crashes, leaks
// and undefined behaviour, a run aborts when a stage breaks its contract:
// each stage returns a result exactly when it reported no error, the build's
// consistency check passes (a mismatch is a backend bug, never an input
// error), `nbc diff` accepts the plan and provenance nbc wrote, and rendered
// diagnostics never carry raw control or bidi characters.
//
// Inputs that are legal but large are cut short, so that every run stays far
// inside libFuzzer's 5 s timeout under the sanitizers: documents of more than
// kMaxValues values (the loader's own limit, 100,000, is the front end's and
// tests/hostile/'s to check) and projects of more than kMaxNodes nodes are
// not planned. Work proportional to values x nodes is by design, not a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/consistency.h"
#include "backends/output_set.h"
#include "backends/plan_diff.h"
#include "backends/plan_diff_input.h"
#include "backends/plan_diff_render.h"
#include "backends/plan_json.h"
#include "backends/plan_text.h"
#include "backends/provenance_json.h"
#include "backends/registry.h"
#include "compiler/driver.h"
#include "compiler/planner.h"
#include "compiler/yaml_loader.h"
#include "tests/fuzz/fuzz_support.h"

namespace nbc::fuzz {
namespace {

constexpr size_t kMaxValues = 5'000;
constexpr long kMaxNodes = 64;

// The plan as `nbc diff` reads it: its JSON and provenance, parsed back.
backends::PlanDocument AsDiffInput(const ir::Plan& plan, const std::string& label,
                                   const ir::SourceFiles& files) {
  backends::PlanDocument doc;
  ir::Diagnostics diags;
  Require(backends::ParsePlanDocument(backends::PlanToJson(plan), label, doc, diags),
          "nbc diff rejects the plan.json nbc wrote", diags, files);
  Require(backends::AttachProvenance(backends::ProvenanceToJson(plan), label, doc, diags),
          "nbc diff rejects the provenance nbc wrote", diags, files);
  return doc;
}

// Nodes the plan would have, counting abstract environments too (an upper bound).
long NodeCount(const ir::Model& model) {
  long nodes = 0;
  for (const ir::Environment& env : model.environments)
    for (const ir::ResolvedNodeType& n : env.node_types) nodes += n.count;
  return nodes;
}

// What `nbc build` does before writing: every backend per environment, then
// the consistency check.
void EmitAll(const ir::Plan& plan, ir::Diagnostics& diags, const ir::SourceFiles& files) {
  auto all = backends::AllBackends();
  for (size_t i = 0; i < plan.environments.size(); ++i) {
    ir::Plan one = backends::SingleEnvironment(plan, i);
    backends::OutputSet out;
    for (const auto& backend : all) backend->Emit(one, out, diags);
    // A backend may refuse an input (reported as an error); only a plan that
    // every backend accepted must come out consistent.
    if (diags.has_errors()) return;
    backends::CheckConsistency(one, out, diags);
    Require(!diags.has_errors(), "the build's consistency check failed", diags, files);
  }
}

void Compile(const FixedProject& project, const backends::PlanDocument& base,
             ir::Diagnostics& diags) {
  const ir::SourceFiles& files = project.files();
  std::optional<ir::Model> model = compiler::ModelFromSources(project.sources(), files, diags);
  Require(model.has_value() == !diags.has_errors(),
          "ModelFromSources returned a model with errors, or none without", diags, files);
  if (!model || NodeCount(*model) > kMaxNodes) return;
  std::optional<ir::Plan> plan = compiler::BuildPlan(*model, {}, diags);
  Require(plan.has_value() == !diags.has_errors(),
          "BuildPlan returned a plan with errors, or none without", diags, files);
  if (!plan) return;
  EmitAll(*plan, diags, files);
  backends::PlanToText(*plan);
  backends::PlanDocument changed = AsDiffInput(*plan, "fuzzed", files);
  backends::PlanDiff diff = backends::DiffPlans(base, changed);
  std::vector<std::string> violations;
  backends::DiffToText(diff, violations, /*color=*/true);
  backends::DiffToJson(diff, violations);
  backends::DiffToMarkdown(diff, violations);
}

}  // namespace
}  // namespace nbc::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nbc;
  // Built on the first call and kept: the fixed project is parsed and planned once.
  static fuzz::FixedProject* project = new fuzz::FixedProject();
  static backends::PlanDocument* base = [] {
    ir::Diagnostics diags;
    std::optional<ir::Model> model =
        compiler::ModelFromSources(project->sources(), project->files(), diags);
    std::optional<ir::Plan> plan = compiler::BuildPlan(*model, {}, diags);
    return new backends::PlanDocument(fuzz::AsDiffInput(*plan, "base", project->files()));
  }();

  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ir::Diagnostics diags;
  compiler::YamlLimits limits;
  limits.max_nodes = fuzz::kMaxValues;
  std::optional<compiler::Document> doc =
      compiler::ParseYaml(bytes, project->FileOf(fuzz::Slot::kService), diags, limits);
  fuzz::Require(doc.has_value() == !diags.has_errors(),
                "ParseYaml returned a document with errors, or none without", diags,
                project->files());
  if (doc) {
    fuzz::Slot slot = fuzz::GuessSlot(*doc);
    fuzz::Relabel(*doc, project->FileOf(slot));
    project->Swap(slot, *doc);
    fuzz::Compile(*project, *base, diags);
    project->Swap(slot, *doc);
  }
  fuzz::CheckRenderedDiagnostics(diags, project->files());
  return 0;
}
