// SPDX-License-Identifier: Apache-2.0
// `nbc validate`: load and plan every environment; print only diagnostics
// and a one-line verdict. Exit 0 when valid, 1 on errors.
#include <iostream>

#include "compiler/cli/common.h"
#include "compiler/planner.h"

namespace nbc::cli {

void RegisterValidate(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("validate", "check the project: syntax, references, placement, lints");
  cmd->callback([&options, &exit_code] {
    Session session;
    std::optional<ir::Plan> plan;
    if (LoadProject(options, session)) plan = compiler::BuildPlan(*session.model, {}, session.diags);
    exit_code = Finish(options, session);
    if (plan) {
      size_t nodes = 0;
      for (const ir::PlanEnvironment& e : plan->environments) nodes += e.nodes.size();
      std::cerr << "ok: " << plan->environments.size() << " environments, " << nodes << " nodes, "
                << session.diags.warning_count() << " warnings\n";
    }
    KeepUntilExit(std::move(plan));
    KeepUntilExit(std::move(session));
  });
}

}  // namespace nbc::cli
