// SPDX-License-Identifier: Apache-2.0
// Shared by the libFuzzer targets (docs/fuzzing.md): a project held in memory
// whose one file the fuzz input replaces, and the checks every run must pass.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/doc.h"
#include "compiler/project_loader.h"
#include "ir/diagnostic.h"

namespace nbc::fuzz {

// Which file of a project the fuzz input stands for.
enum class Slot { kProject, kService, kNodeType, kEnvironment };

// tests/fuzz/project, loaded once per process through the compiler's own
// loader and kept in memory. Each run swaps the parsed fuzz input in for one
// of its documents (nbc.yaml, services/app.yaml, node_types/web.yaml or
// environments/prod.yaml) and swaps it back afterwards, so the other files
// are parsed once, not per input, and nothing touches the file system after
// start-up.
class FixedProject {
 public:
  // Aborts if tests/fuzz/project does not compile without a diagnostic.
  FixedProject();

  const ir::SourceFiles& files() const { return files_; }
  const compiler::ProjectSources& sources() const { return sources_; }

  // The id of the file the input replaces in `slot`.
  ir::FileId FileOf(Slot slot) const;

  // Swaps `doc` with the document in `slot`; a second call swaps it back.
  void Swap(Slot slot, compiler::Document& doc);

 private:
  ir::SourceFiles files_;
  compiler::ProjectSources sources_;
  compiler::Document* slots_[4] = {};  // by Slot, into sources_
};

// Points every span of `doc` at `file`, so that one parse can stand for
// whichever file the document is swapped in for.
void Relabel(compiler::Document& doc, ir::FileId file);

// The frontend target lowers documents of at most this many values (aliases
// expanded); the loader's own limit is 100,000.
inline constexpr size_t kMaxLoweredValues = 20'000;

// The number of values in `doc` with every alias expanded, as lowering sees
// them (keys are not counted), or `cap` + 1 if that is more than `cap`.
size_t ExpandedValues(const compiler::Document& doc, size_t cap);

// The slot whose file the document most likely is: the first top-level key
// that only one kind of file has decides ("extends" an environment, "roles"
// a node type, "project" nbc.yaml), else a service. Seeds from examples/ and
// tests/ so land where they were written for.
Slot GuessSlot(const compiler::Document& doc);

// Aborts (a finding for libFuzzer) unless every rendering of the diagnostics
// is text a terminal shows as it is: valid UTF-8 without control characters
// other than line feeds, and without bidi, zero-width or line-separator
// characters (user text in messages must go through ir::Visible).
void CheckRenderedDiagnostics(const ir::Diagnostics& diags, const ir::SourceFiles& files);

// Aborts with `what` and the rendered diagnostics when `ok` is false.
void Require(bool ok, std::string_view what, const ir::Diagnostics& diags,
             const ir::SourceFiles& files);

}  // namespace nbc::fuzz
