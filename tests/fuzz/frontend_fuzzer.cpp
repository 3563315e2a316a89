// SPDX-License-Identifier: Apache-2.0
// libFuzzer target of the front end (docs/fuzzing.md): bytes -> the source
// gate -> yaml-cpp's events -> nbc's document tree -> lowering to the IR.
//
// The input is one file. It is parsed once, then lowered in turn as nbc.yaml,
// a service, a node type and an environment of tests/fuzz/project, so that
// every key reader sees it whatever it holds. Besides crashes, leaks and
// undefined behaviour, a run aborts when a stage breaks its contract:
// ParseYaml and ModelFromSources return a result exactly when they reported
// no error,
// and rendered diagnostics never carry raw control or bidi characters.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/driver.h"
#include "compiler/yaml_loader.h"
#include "tests/fuzz/fuzz_support.h"

namespace nbc::fuzz {
namespace {

void LowerIn(FixedProject& project, Slot slot, compiler::Document& doc) {
  Relabel(doc, project.FileOf(slot));
  project.Swap(slot, doc);
  ir::Diagnostics diags;
  std::optional<ir::Model> model =
      compiler::ModelFromSources(project.sources(), project.files(), diags);
  Require(model.has_value() == !diags.has_errors(),
          "ModelFromSources returned a model with errors, or none without", diags,
          project.files());
  CheckRenderedDiagnostics(diags, project.files());
  project.Swap(slot, doc);
}

}  // namespace
}  // namespace nbc::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nbc;
  // Built on the first call and kept: the fixed files are parsed only once.
  static fuzz::FixedProject* project = new fuzz::FixedProject();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ir::Diagnostics diags;
  ir::FileId file = project->FileOf(fuzz::Slot::kService);
  std::optional<compiler::Document> doc = compiler::ParseYaml(bytes, file, diags);
  fuzz::Require(doc.has_value() == !diags.has_errors(),
                "ParseYaml returned a document with errors, or none without", diags,
                project->files());
  fuzz::CheckRenderedDiagnostics(diags, project->files());
  // Lowering copies each value a few times, four times over here: a legal
  // document near the loader's limit (an alias bomb just under it) would
  // take seconds under the sanitizers. tests/hostile/ covers those.
  if (!doc || fuzz::ExpandedValues(*doc, fuzz::kMaxLoweredValues) > fuzz::kMaxLoweredValues)
    return 0;
  for (fuzz::Slot slot : {fuzz::Slot::kProject, fuzz::Slot::kService, fuzz::Slot::kNodeType,
                          fuzz::Slot::kEnvironment})
    fuzz::LowerIn(*project, slot, *doc);
  return 0;
}
