// SPDX-License-Identifier: Apache-2.0
// `nbc diff OLD NEW [--format text|json|markdown] [--fail-on RULES]`: each side
// a plan JSON file (with its provenance sidecar, if any) or a project
// directory planned here like `nbc plan` does. Exit codes (SPEC §6): 0 no
// change, 2 changes, 3 changes that --fail-on forbids, 1 errors.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "backends/plan_diff_policy.h"
#include "backends/plan_diff_render.h"
#include "backends/plan_json.h"
#include "backends/provenance_json.h"
#include "compiler/cli/common.h"
#include "compiler/planner.h"

namespace nbc::cli {
namespace {

namespace fs = std::filesystem;

struct DiffOptions {
  std::string old_path, new_path;
  std::string format = "text";
  std::vector<std::string> fail_on;
  std::string old_provenance, new_provenance;
  std::string output = "-";
};

// Reads a whole file into `text` at once: plans of 200,000 nodes are
// hundreds of megabytes, and a growing string buffer would copy them often.
bool ReadFile(const fs::path& path, const std::string& label, std::string& text,
              ir::Diagnostics& diags, const char* hint) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  uintmax_t size = in ? fs::file_size(path, ec) : 0;
  if (in && !ec) {
    text.resize(size);
    in.read(text.data(), static_cast<std::streamsize>(size));
  }
  if (!in || ec || in.gcount() != static_cast<std::streamsize>(size)) {
    diags.Error({}, "cannot read '" + label + "': " + std::strerror(errno ? errno : EIO), hint);
    return false;
  }
  return true;
}

constexpr const char* kPlanHint =
    "give a plan file (`nbc plan --format json -o FILE`) or a project directory";
constexpr const char* kProvenanceHint =
    "give the file `nbc plan --provenance FILE` wrote with that plan";

// The sidecar `nbc plan --provenance` writes next to a plan, by convention:
// X.json and X.plan.json both look for X.provenance.json.
fs::path SiblingProvenance(const fs::path& plan) {
  std::string name = plan.filename().string();
  for (const char* suffix : {".json", ".plan"})
    if (name.size() > std::strlen(suffix) && name.ends_with(suffix))
      name.resize(name.size() - std::strlen(suffix));
  return plan.parent_path() / (name + ".provenance.json");
}

// Diagnostics of a project named by `label`: file paths are shown under it,
// so the two sides' messages can be told apart.
void PrintProjectDiagnostics(const GlobalOptions& options, const Session& session,
                             const std::string& label) {
  Session shown;
  for (size_t i = 0; i < session.files.size(); ++i)
    shown.files.Add((fs::path(label) / session.files.path(static_cast<ir::FileId>(i))).string());
  shown.diags = session.diags;
  Finish(options, shown);
}

// One side of the diff, and where the provenance of its values comes from.
struct DiffSide {
  backends::PlanDocument doc;
  std::optional<ir::Plan> plan;  // a project directory: provenance is made from it
  std::string sidecar;           // a plan file: its provenance file, if any
};

// Plans a project directory with the same code as `nbc plan --all`.
bool LoadProjectSide(const GlobalOptions& options, const fs::path& dir, const std::string& label,
                     DiffSide& side) {
  GlobalOptions project_options = options;
  project_options.directory = dir.string();
  Session session;
  if (LoadProject(project_options, session))
    side.plan = compiler::BuildPlan(*session.model, {}, session.diags);
  PrintProjectDiagnostics(options, session, label);
  if (!side.plan || session.diags.has_errors()) return false;
  ir::Diagnostics diags;  // the JSON was just written by nbc: a failure here is a bug
  if (backends::ParsePlanDocument(backends::PlanToJson(*side.plan), label, side.doc, diags))
    return true;
  std::cerr << diags.Render({}, ir::ErrorFormat::kText);
  return false;
}

bool LoadFileSide(const fs::path& path, const std::string& label, const std::string& provenance,
                  DiffSide& side, ir::Diagnostics& diags) {
  std::string text;
  if (!ReadFile(path, label, text, diags, kPlanHint) ||
      !backends::ParsePlanDocument(text, label, side.doc, diags))
    return false;
  std::error_code ec;
  if (!provenance.empty()) side.sidecar = provenance;  // must exist: read later
  else if (fs::is_regular_file(SiblingProvenance(path), ec)) side.sidecar = SiblingProvenance(path);
  return true;
}

bool LoadSide(const GlobalOptions& options, const std::string& path, const std::string& provenance,
              const char* provenance_flag, DiffSide& side) {
  // Paths are as given (relative to the working directory, like -o);
  // -C names the project of the other commands and does not apply here.
  fs::path resolved(path);
  std::error_code ec;
  Session session;
  if (fs::is_directory(resolved, ec)) {
    if (provenance.empty()) return LoadProjectSide(options, resolved, path, side);
    session.diags.Error({}, std::string(provenance_flag) + " is for a plan file, but '" + path +
                                "' is a project directory",
                        "a project directory has its provenance in memory; drop the option");
    Finish(options, session);
    return false;
  }
  bool ok = LoadFileSide(resolved, path, provenance, side, session.diags);
  Finish(options, session);
  return ok;
}

// The plan cut down to the nodes in `keep`, so that only their provenance is made.
ir::Plan Selected(const ir::Plan& plan, const backends::NodeSelection& keep) {
  ir::Plan out;
  out.format_version = plan.format_version;
  out.files = plan.files;
  out.layers = plan.layers;
  for (const ir::PlanEnvironment& e : plan.environments) {
    auto addresses = keep.find(e.name);
    if (addresses == keep.end()) continue;
    ir::PlanEnvironment& copy = out.environments.emplace_back();
    copy.name = e.name;
    copy.node_types = e.node_types;
    for (const ir::PlanNode& n : e.nodes)
      if (addresses->second.count(n.address)) copy.nodes.push_back(n);
  }
  return out;
}

// Reads the provenance of the nodes whose parameter changes need a cause.
bool LoadCauses(const GlobalOptions& options, DiffSide& side,
                const backends::NodeSelection& keep) {
  Session session;
  bool ok = true;
  if (side.plan) {
    ok = backends::AttachProvenance(backends::ProvenanceToJson(Selected(*side.plan, keep)),
                                    side.doc.label, side.doc, session.diags);
  } else if (!side.sidecar.empty()) {
    std::string text;
    ok = ReadFile(side.sidecar, side.sidecar, text, session.diags, kProvenanceHint) &&
         backends::AttachProvenance(text, side.sidecar, side.doc, session.diags, &keep);
  }
  Finish(options, session);
  return ok;
}

// Colour only on a terminal, and never with NO_COLOR (set at all) or TERM=dumb.
bool UseColor(const DiffOptions& diff_options) {
  const char* term = std::getenv("TERM");
  return diff_options.format == "text" && diff_options.output == "-" && isatty(STDOUT_FILENO) &&
         std::getenv("NO_COLOR") == nullptr && !(term && std::string_view(term) == "dumb");
}

int RunDiff(const GlobalOptions& options, const DiffOptions& diff_options) {
  backends::DiffPolicy policy;
  std::string error;
  if (!backends::ParseFailOn(diff_options.fail_on, policy, error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  DiffSide old_side, new_side;
  // Both sides are loaded before giving up, so every error of a run shows.
  bool old_ok = LoadSide(options, diff_options.old_path, diff_options.old_provenance,
                         "--old-provenance", old_side);
  bool new_ok = LoadSide(options, diff_options.new_path, diff_options.new_provenance,
                         "--new-provenance", new_side);
  if (!old_ok || !new_ok) return 1;

  backends::PlanDiff diff = backends::ComparePlans(old_side.doc, new_side.doc);
  backends::CauseNeeds needs = backends::NeededCauses(diff);
  old_ok = LoadCauses(options, old_side, needs.old_nodes);
  new_ok = LoadCauses(options, new_side, needs.new_nodes);
  if (!old_ok || !new_ok) return 1;
  backends::AttachCauses(diff, old_side.doc, new_side.doc);
  std::vector<std::string> violations = backends::PolicyViolations(diff, policy);
  std::string text = diff_options.format == "json" ? backends::DiffToJson(diff, violations)
                     : diff_options.format == "markdown"
                         ? backends::DiffToMarkdown(diff, violations)
                         : backends::DiffToText(diff, violations, UseColor(diff_options));
  if (!WriteFileAtomically(diff_options.output, text, error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  // The text on a terminal already ends with them; other forms say them here.
  if (diff_options.format != "text" || diff_options.output != "-")
    for (const std::string& v : violations) std::cerr << "forbidden: " << v << "\n";
  return backends::DiffExitCode(diff, violations);
}

}  // namespace

void RegisterDiff(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto diff_options = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "compare two plans: exit 0 no change, 2 changes, 3 forbidden changes, 1 error");
  cmd->add_option("old", diff_options->old_path, "the old plan: plan JSON file or project directory")
      ->required();
  cmd->add_option("new", diff_options->new_path, "the new plan: plan JSON file or project directory")
      ->required();
  cmd->add_option("--format", diff_options->format, "text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("--fail-on", diff_options->fail_on,
                  "exit 3 on: replace, delete, cost-increase[:PERCENT] (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--old-provenance", diff_options->old_provenance,
                  "provenance of the old plan file (default: X.provenance.json next to it)");
  cmd->add_option("--new-provenance", diff_options->new_provenance,
                  "provenance of the new plan file (default: X.provenance.json next to it)");
  cmd->add_option("-o,--output", diff_options->output, "write the diff to FILE (default: stdout)");
  cmd->callback([&options, &exit_code, diff_options] { exit_code = RunDiff(options, *diff_options); });
}

}  // namespace nbc::cli
