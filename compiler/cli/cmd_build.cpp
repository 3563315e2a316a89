// SPDX-License-Identifier: Apache-2.0
// `nbc build [ENV…|--all] -o DIR`: every backend's artifacts, per
// environment under DIR/<env>/, checked for consistency, written atomically.
#include <iostream>

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
};

// Runs every backend on each environment; paths get the environment prefix.
backends::OutputSet EmitAll(const ir::Plan& plan, ir::Diagnostics& diags) {
  backends::OutputSet all;
  auto backends = backends::AllBackends();
  for (size_t i = 0; i < plan.environments.size(); ++i) {
    ir::Plan one = backends::SingleEnvironment(plan, i);
    backends::OutputSet env_files;
    for (const auto& backend : backends) backend->Emit(one, env_files, diags);
    backends::CheckConsistency(one, env_files, diags);
    for (const auto& [path, contents] : env_files.files())
      all.Add(plan.environments[i].name + "/" + path, contents);
  }
  return all;
}

int RunBuild(const GlobalOptions& options, const BuildOptions& build) {
  Session session;
  std::optional<ir::Plan> plan;
  backends::OutputSet files;
  if (LoadProject(options, session))
    plan = compiler::BuildPlan(*session.model, build.environments, session.diags);
  if (plan) files = EmitAll(*plan, session.diags);
  if (Finish(options, session) != 0 || !plan) return 1;
  std::string error;
  if (!ReplaceDirectory(build.output, files, error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  std::cerr << "wrote " << files.files().size() << " files for " << plan->environments.size()
            << " environment" << (plan->environments.size() == 1 ? "" : "s") << " to "
            << build.output << "\n";
  return 0;
}

}  // namespace

void RegisterBuild(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto build = std::make_shared<BuildOptions>();
  CLI::App* cmd = app.add_subcommand("build", "write every artifact of environments to a folder");
  cmd->add_option("environments", build->environments, "environments to build (default: all)");
  cmd->add_flag("--all", build->all, "build every concrete environment (the default)");
  cmd->add_option("-o,--output", build->output, "output folder, replaced whole")->required();
  cmd->callback([&options, &exit_code, build] {
    if (build->all) build->environments.clear();
    exit_code = RunBuild(options, *build);
  });
}

}  // namespace nbc::cli
