// SPDX-License-Identifier: Apache-2.0
// Diagnostics: every stage reports problems here instead of throwing.
#pragma once

#include <string>
#include <vector>

#include "ir/source_span.h"

namespace nbc::ir {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceSpan where;               // empty only for whole-run problems
  std::string message;            // what is wrong, lower-case, in the user's words
  std::string hint;               // what to do; empty if nothing useful to say
  std::vector<Diagnostic> notes;  // "first defined here", "cycle continues here"
};

enum class ErrorFormat { kText, kJson, kGithub };

// Collects diagnostics of a run. Stages report every problem they find; the
// driver stops between stages once has_errors().
class Diagnostics {
 public:
  void Report(Diagnostic d);
  void Error(SourceSpan where, std::string message, std::string hint = "");
  void Warning(SourceSpan where, std::string message, std::string hint = "");

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  const std::vector<Diagnostic>& all() const { return diags_; }

  // With strict on, warnings (lints) count as errors.
  void set_strict(bool strict) { strict_ = strict; }

  // Sorted by file, line, column, then message, so output is stable whatever
  // the order in which stages found the problems.
  std::vector<Diagnostic> Sorted() const;

  // The whole report in the chosen format, one diagnostic after another.
  std::string Render(const SourceFiles& files, ErrorFormat format) const;

 private:
  std::vector<Diagnostic> diags_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  bool strict_ = false;
};

}  // namespace nbc::ir
