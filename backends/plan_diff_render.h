// SPDX-License-Identifier: Apache-2.0
// The three forms of a plan diff: text for terminals, JSON for machines
// (schemas/diff.schema.json), Markdown for pull-request comments. Each takes
// the diff and the --fail-on violations; every user value goes through
// ir::Visible(), and Markdown escapes it on top.
#pragma once

#include <string>
#include <vector>

#include "backends/plan_diff.h"

namespace nbc::backends {

inline constexpr int kDiffFormatVersion = 1;

// "No changes.\n" for an empty diff; else the summary line, then the changes
// per environment. `color` adds ANSI colours (the CLI decides: a terminal and
// no NO_COLOR).
std::string DiffToText(const PlanDiff& diff, const std::vector<std::string>& violations,
                       bool color);

// Sorted keys, stable array order, ends with a newline.
std::string DiffToJson(const PlanDiff& diff, const std::vector<std::string>& violations);

// A heading with the summary, a table with one row per environment, then one
// <details> block per changed environment.
std::string DiffToMarkdown(const PlanDiff& diff, const std::vector<std::string>& violations);

}  // namespace nbc::backends
