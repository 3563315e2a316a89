// SPDX-License-Identifier: Apache-2.0
// What every subcommand shares: global options, loading the project,
// printing diagnostics, and writing files atomically.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "ir/diagnostic.h"
#include "ir/model.h"
#include "ir/plan.h"

namespace nbc::cli {

struct GlobalOptions {
  std::string directory = ".";
  std::string error_format = "text";
  bool strict = false;
};

// One run of the compiler front end, with its diagnostics.
struct Session {
  ir::SourceFiles files;
  ir::Diagnostics diags;
  std::optional<ir::Model> model;
};

// Loads the project named by the global options into `session`.
bool LoadProject(const GlobalOptions& options, Session& session);

// Prints the diagnostics (to stderr) in the chosen format; returns the exit
// code: 1 if there were errors, else 0.
int Finish(const GlobalOptions& options, const Session& session);

// Writes `contents` to `path` via a temporary file in the same directory,
// fsync and rename, so readers see the old file or the new one, never half.
// "-" writes to stdout. Returns false with `error` set on failure.
bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string& error);

// Each subcommand registers itself; its callback sets the exit code.
using Register = void (*)(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterValidate(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterPlan(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterExplain(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterEnv(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterBuild(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterDiff(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterGraph(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterState(CLI::App& app, GlobalOptions& options, int& exit_code);

// `nbc plan --state` (cmd_state.cpp): compares each planned environment with
// its recorded state and marks the plan; `changed` if recording it would
// change anything. Errors go to session.diags.
bool CompareWithState(const GlobalOptions& options, Session& session, ir::Plan& plan, bool& changed);

}  // namespace nbc::cli
