// SPDX-License-Identifier: Apache-2.0
// What every subcommand shares: global options, loading the project,
// printing diagnostics, and writing files atomically.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "backends/text_sink.h"
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
// "-" writes to stdout; an existing device or pipe (/dev/null, a FIFO) is
// written into, never replaced. Returns false with `error` set on failure.
bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string& error);
// The same, for contents that `write` gives to its sink piece by piece
// (backends/text_sink.h): they go to the file through a 1 MiB buffer, never
// into memory as a whole.
bool WriteFileAtomically(const std::string& path,
                         const std::function<void(const backends::TextSink&)>& write,
                         std::string& error);

// Keeps `value` alive until the process exits instead of freeing it. The
// Model and Plan of a large estate are millions of small allocations that
// the OS takes back at once at exit; freeing them one by one took a third of
// `nbc validate` on the bench/ estates. Reachable from a static pointer, so
// leak checkers do not report it.
template <class T>
void KeepUntilExit(T&& value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

// Each subcommand registers itself; its callback sets the exit code.
using Register = void (*)(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterValidate(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterPlan(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterExplain(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterEnv(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterCloudlet(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterBuild(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterDiff(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterGraph(CLI::App& app, GlobalOptions& options, int& exit_code);
void RegisterState(CLI::App& app, GlobalOptions& options, int& exit_code);

// `nbc plan --state` (cmd_state.cpp): compares each planned environment with
// its recorded state and marks the plan; `changed` if recording it would
// change anything. Errors go to session.diags.
bool CompareWithState(const GlobalOptions& options, Session& session, ir::Plan& plan, bool& changed);

}  // namespace nbc::cli
