// SPDX-License-Identifier: Apache-2.0
// Writing a whole output folder atomically: a failure at any point leaves
// the previous folder as it was.
#pragma once

#include <filesystem>
#include <string>

#include "backends/output_set.h"

namespace nbc::cli {

// The marker nbc leaves in every folder it writes, so that it never replaces
// a folder it did not create.
inline constexpr const char* kBuildMarker = ".nbc-build";

// Writes `files` into a sibling temporary folder, fsyncs, then swaps it with
// `dir` in one rename (renameat2 RENAME_EXCHANGE) and removes the old tree.
// Refuses to replace an existing non-empty folder that has no marker.
bool ReplaceDirectory(const std::filesystem::path& dir, const backends::OutputSet& files,
                      std::string& error);

}  // namespace nbc::cli
