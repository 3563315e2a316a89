// SPDX-License-Identifier: Apache-2.0
// `nbc explain ENV NODE KEY.PATH`: the value of one key on one node and the
// chain of layers that set or overrode it; `nbc explain ENV HOST services`:
// which key of the Daybook host map gives a host its services.
#include <iostream>

#include "backends/host_patterns.h"
#include "compiler/cli/common.h"
#include "compiler/explain.h"
#include "compiler/planner.h"

namespace nbc::cli {

void RegisterExplain(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto args = std::make_shared<std::array<std::string, 3>>();
  CLI::App* cmd = app.add_subcommand("explain", "show how a node's value came to be, layer by layer");
  cmd->add_option("environment", (*args)[0], "environment")->required();
  cmd->add_option("node", (*args)[1],
                  "node address (ENV/TYPE/ZONE/INDEX), hostname, or node type; for 'services' any host name")
      ->required();
  cmd->add_option("key", (*args)[2],
                  "dotted parameter path (nginx.workers), 'flavor', or 'services' (the host map)")
      ->required();
  cmd->callback([&options, &exit_code, args] {
    Session session;
    std::optional<std::string> text;
    if (LoadProject(options, session)) {
      std::optional<ir::Plan> plan = compiler::BuildPlan(*session.model, {(*args)[0]}, session.diags);
      // `services`: the Daybook host map's lookup of the host (docs/backend-consul-kv.md).
      if (plan && (*args)[2] == "services")
        text = backends::ExplainHostServices(plan->environments.front(), (*args)[1], session.diags);
      else if (plan)
        text = compiler::Explain(*session.model, plan->environments.front(), (*args)[1], (*args)[2],
                                 session.diags);
    }
    exit_code = Finish(options, session);
    if (text && exit_code == 0) std::cout << *text;
  });
}

}  // namespace nbc::cli
