// SPDX-License-Identifier: Apache-2.0
// `nbc build [ENV…|--all] -o DIR`: every backend's artifacts, per
// environment under DIR/<env>/, checked for consistency, written atomically.
#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include "backends/consistency.h"
#include "backends/registry.h"
#include "compiler/cli/common.h"
#include "compiler/cli/output_dir.h"
#include "compiler/planner.h"

namespace nbc::cli {
namespace {

struct BuildOptions {
  std::vector<std::string> environments;
  bool all = false;
  std::string output;
  bool state = false;
  backends::BackendOptions backend;  // --compact
};

// What emitting and writing one environment reported.
struct EnvironmentOutput {
  ir::Diagnostics diags;
  std::string error;  // a file that could not be written
};

// Runs every backend on one environment, checks the files for consistency
// and, if that found no error, hands them to `out` under the environment's
// folder (null: emit and check only).
EnvironmentOutput EmitEnvironment(const ir::Plan& plan, size_t index,
                                  const std::vector<std::unique_ptr<backends::Backend>>& backends,
                                  DirectoryWriter* out) {
  EnvironmentOutput result;
  backends::OutputSet files;
  ir::Plan one = backends::SingleEnvironment(plan, index);
  for (const auto& backend : backends) backend->Emit(one, files, result.diags);
  backends::CheckConsistency(one, files, result.diags);
  if (out && !result.diags.has_errors())
    out->Write(files, plan.environments[index].name + "/", result.error);
  return result;
}

// Emits, checks and writes every environment. Nothing reaches the output
// folder before Commit, which RunBuild calls only when there was no error.
//
// Environments are emitted and written by up to two workers (this thread and
// one more), each taking the next environment when it is done with one, so
// that the kernel's work of creating and writing files shares both cores
// with the emitting and a slow environment does not leave a core idle. Each
// environment has its own Diagnostics, reported in environment order, so
// bytes and messages do not depend on the threads. At most two
// environments' files are in memory at once.
void EmitAll(const ir::Plan& plan, const backends::BackendOptions& options, ir::Diagnostics& diags,
             DirectoryWriter* out, std::string& error) {
  auto backends = backends::AllBackends(options);
  const size_t jobs = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 2);
  std::vector<EnvironmentOutput> results(plan.environments.size());
  std::atomic<size_t> next = 0;
  auto work = [&] {
    for (size_t i; (i = next++) < results.size();) results[i] = EmitEnvironment(plan, i, backends, out);
  };
  {
    std::vector<std::jthread> helpers;
    for (size_t j = 1; j < jobs; ++j) helpers.emplace_back(work);
    work();
  }  // joined
  for (const EnvironmentOutput& env : results) {
    for (const ir::Diagnostic& d : env.diags.all()) diags.Report(d);
    if (error.empty()) error = env.error;
  }
}

int RunBuild(const GlobalOptions& options, const BuildOptions& build) {
  Session session;
  std::optional<ir::Plan> plan;
  if (LoadProject(options, session))
    plan = compiler::BuildPlan(*session.model, build.environments, session.diags);
  // With --state, nodes carry the generation recording would give them, so a
  // replacement's bootstrap does not seed again (docs/stack-and-seeding.md).
  bool changed = false;
  if (plan && build.state && !CompareWithState(options, session, *plan, changed)) plan.reset();
  DirectoryWriter out(build.output);
  std::string error;  // a folder we may not replace is reported after the diagnostics
  if (plan) EmitAll(*plan, build.backend, session.diags, out.Begin(error) ? &out : nullptr, error);
  if (Finish(options, session) != 0 || !plan) return 1;
  if (!error.empty() || !out.Commit(error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  // A rebuild with unchanged inputs writes nothing (output_dir.h).
  std::cerr << (out.unchanged() ? "unchanged: " : "wrote ") << out.files() << " files for "
            << plan->environments.size() << " environment"
            << (plan->environments.size() == 1 ? "" : "s") << (out.unchanged() ? " in " : " to ")
            << build.output << "\n";
  KeepUntilExit(std::move(plan));
  KeepUntilExit(std::move(session));
  return 0;
}

}  // namespace

void RegisterBuild(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto build = std::make_shared<BuildOptions>();
  CLI::App* cmd = app.add_subcommand("build", "write every artifact of environments to a folder");
  cmd->add_option("environments", build->environments, "environments to build (default: all)");
  cmd->add_flag("--all", build->all, "build every concrete environment (the default)");
  cmd->add_option("-o,--output", build->output, "output folder, replaced whole")->required();
  cmd->add_flag("--state", build->state,
                "take each node's generation from the recorded state (docs/state.md), as "
                "`nbc plan --state` does: only a first generation seeds");
  cmd->add_flag("--compact", build->backend.vagrant_compact,
                "vagrant/Vagrantfile: one machine per node type instead of one per node "
                "(docs/backend-vagrant.md)");
  cmd->callback([&options, &exit_code, build] {
    if (build->all) build->environments.clear();
    exit_code = RunBuild(options, *build);
  });
}

}  // namespace nbc::cli
