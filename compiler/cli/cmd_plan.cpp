// SPDX-License-Identifier: Apache-2.0
// `nbc plan [ENV…|--all] [-o FILE] [--format text|json] [--provenance FILE]`.
#include <iostream>

#include "backends/plan_json.h"
#include "backends/plan_text.h"
#include "backends/provenance_json.h"
#include "compiler/cli/common.h"
#include "compiler/planner.h"

namespace nbc::cli {
namespace {

struct PlanOptions {
  std::vector<std::string> environments;
  bool all = false;
  std::string output = "-";
  std::string format = "text";
  std::string provenance;
  bool state = false;
};

int RunPlan(const GlobalOptions& options, const PlanOptions& plan_options) {
  Session session;
  std::optional<ir::Plan> plan;
  if (LoadProject(options, session))
    plan = compiler::BuildPlan(*session.model, plan_options.environments, session.diags);
  bool changed = false;  // against the recorded state: exit 2, as `nbc diff` does
  if (plan && plan_options.state && !CompareWithState(options, session, *plan, changed)) plan.reset();
  int code = Finish(options, session);
  if (!plan || code != 0) return 1;
  std::string error;
  if (!plan_options.provenance.empty() &&
      !WriteFileAtomically(plan_options.provenance, backends::ProvenanceToJson(*plan), error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  // plan.json is written as it is made: at fleet scale it is gigabytes.
  auto write = [&](const backends::TextSink& sink) {
    if (plan_options.format == "json") backends::WritePlanJson(*plan, sink);
    else sink(backends::PlanToText(*plan));
  };
  if (!WriteFileAtomically(plan_options.output, write, error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  KeepUntilExit(std::move(plan));
  KeepUntilExit(std::move(session));
  return changed ? 2 : 0;
}

}  // namespace

void RegisterPlan(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto plan_options = std::make_shared<PlanOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "compute the plan of environments");
  cmd->add_option("environments", plan_options->environments, "environments to plan (default: all)");
  cmd->add_flag("--all", plan_options->all, "plan every concrete environment (the default)");
  cmd->add_option("-o,--output", plan_options->output, "write the plan to FILE (default: stdout)");
  cmd->add_option("--format", plan_options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--provenance", plan_options->provenance,
                  "also write the origin chain of every value to FILE");
  cmd->add_flag("--state", plan_options->state,
                "compare with the recorded state (docs/state.md): mark each node create, update, "
                "replace or delete; exit 2 if recording the plan would change it");
  cmd->callback([&options, &exit_code, plan_options] {
    if (plan_options->all) plan_options->environments.clear();
    exit_code = RunPlan(options, *plan_options);
  });
}

}  // namespace nbc::cli
