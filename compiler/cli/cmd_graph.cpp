// SPDX-License-Identifier: Apache-2.0
// `nbc graph ENV`: the environment's service DAG and placement as DOT.
#include <iostream>

#include "backends/dot.h"
#include "compiler/cli/common.h"
#include "compiler/planner.h"

namespace nbc::cli {

void RegisterGraph(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto environment = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("graph", "print an environment's service graph as Graphviz DOT");
  cmd->add_option("environment", *environment, "environment")->required();
  cmd->callback([&options, &exit_code, environment] {
    Session session;
    std::optional<ir::Plan> plan;
    if (LoadProject(options, session))
      plan = compiler::BuildPlan(*session.model, {*environment}, session.diags);
    exit_code = Finish(options, session);
    if (plan && exit_code == 0) std::cout << backends::EnvironmentToDot(plan->environments.at(0));
  });
}

}  // namespace nbc::cli
