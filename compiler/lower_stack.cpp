// SPDX-License-Identifier: Apache-2.0
// Lowering of how the release runs and is seeded (Neckbeard): the stack's
// unit name, service and environment variables in nbc.yaml, and a node
// type's `seed` (docs/stack-and-seeding.md).
#include <algorithm>
#include <regex>

#include "compiler/lower_context.h"
#include "ir/visible_text.h"

namespace nbc::compiler {
namespace {

bool IsVariableName(const std::string& name) {
  static const std::regex kName("[A-Za-z_][A-Za-z0-9_]*");
  return name.size() <= 128 && std::regex_match(name, kName);
}

// A system user as useradd accepts it by default (Debian's NAME_REGEX).
bool IsUserName(const std::string& name) {
  static const std::regex kUser("[a-z_][a-z0-9_-]{0,31}");
  return std::regex_match(name, kUser);
}

bool IsParamPath(const std::string& path) {
  return !path.empty() && path.front() != '.' && path.back() != '.' &&
         path.find("..") == std::string::npos;
}

void LowerStackEnvironment(LowerContext& cx, ir::Stack& s, const DocNode* node) {
  const DocNode* map = ExpectMap(node, "environment of the stack", cx.diags);
  if (!node || !map) return;
  for (const DocEntry& e : map->entries) {
    std::optional<std::string> path = ScalarText(e.value, "stack.environment." + e.key, cx.diags);
    if (!path) continue;
    if (!IsVariableName(e.key)) {
      cx.diags.Error(e.key_at, "stack environment variable '" + ir::Visible(e.key) +
                                   "' is not a variable name",
                     "use letters, digits and underscores, not starting with a digit");
    } else if (e.key == "PORT" && s.port != 0) {
      cx.diags.Error(e.key_at, "stack environment variable PORT is set from stack.port",
                     "remove it here, or remove stack.port");
    } else if (!IsParamPath(*path)) {
      cx.diags.Error(e.value->at, "stack environment variable " + e.key + " names '" +
                                      ir::Visible(*path) + "', which is not a parameter path",
                     "write a dotted path such as app.workers");
    } else {
      s.environment.push_back({e.key, *path, e.key_at});
    }
  }
  // Sorted by name: the unit lists its variables in a stable order.
  std::sort(s.environment.begin(), s.environment.end(),
            [](const ir::StackVariable& a, const ir::StackVariable& b) { return a.name < b.name; });
}

}  // namespace

void LowerStackRun(LowerContext& cx, ir::Stack& s, MapReader& r) {
  if (!s.user.empty() && !IsUserName(s.user))
    cx.diags.Error(r.KeyAt("user"), "stack user '" + ir::Visible(s.user) + "' is not a user name",
                   "use up to 32 lowercase letters, digits, '_' and '-', starting with a letter or '_'");
  if (auto name = r.String("name")) {
    s.name = *name;
    CheckName(s.name, "stack name", r.KeyAt("name"), cx.diags);
  }
  if (auto service = r.String("service")) {
    s.service_at = r.Get("service")->at;
    if (auto id = cx.services.Lookup({*service, s.service_at}, "the stack runs as", cx.diags))
      s.service = cx.services.names[*id];
  }
  LowerStackEnvironment(cx, s, r.Get("environment"));
  if (s.service.empty()) return;
  if (s.command.empty())
    cx.diags.Error(s.at, "the stack runs as service '" + s.service + "' but has no command",
                   "write `command: \"gunicorn app:wsgi\"`, the command that starts the application");
  // The unit is `<name>.service`: the stack's name, else the release's.
  if (s.name.empty()) s.name = cx.model.project.packager.name;
  if (s.name.empty()) s.name = cx.model.project.name;
  if (!IsValidName(s.name))
    cx.diags.Error(s.at, "the stack's unit name '" + ir::Visible(s.name) +
                             "' (from the packager's name) is not a name",
                   "set `name:` in stack: lowercase letters, digits and hyphens");
}

void LowerSeed(LowerContext& cx, ir::NodeType& n, const DocNode* node) {
  if (!node || node->kind == DocKind::kNull) return;
  std::string what = "seed of node type '" + n.name + "'";
  MapReader r(node, what, cx.diags);
  if (!r.ok()) return;
  ir::Seed seed;
  seed.at = node->at;
  if (auto from = r.String("from")) {
    seed.from_at = r.Get("from")->at;
    if (auto id = cx.environments.Lookup({*from, seed.from_at}, what + " comes from", cx.diags))
      seed.from = cx.environments.names[*id];
  } else if (!r.Get("from")) {
    cx.diags.Error(seed.at, what + " has no `from:`",
                   "name the environment whose data it copies: `seed: { from: production, steps: [...] }`");
  }
  if (auto steps = r.StringList("steps")) {
    for (size_t i = 0; i < steps->size(); ++i) {
      const SpannedString& step = (*steps)[i];
      if (step.value.find_first_not_of(" \t") == std::string::npos)
        cx.diags.Error(step.at, "step " + std::to_string(i + 1) + " of the " + what + " is empty",
                       "write the command to run, or remove the step");
      else
        seed.steps.push_back(step.value);
    }
  }
  if (!r.Get("steps") || seed.steps.empty())
    cx.diags.Error(seed.at, what + " has no steps",
                   "list the commands that load the data: `steps: [\"python3 manage.py seed\"]`");
  if (n.kind == "rds")
    cx.diags.Error(seed.at, what + ": a node of kind rds runs no bootstrap, so nothing would seed it",
                   "put the seed on a node type whose hosts reach the database, e.g. the app's");
  n.seed = std::move(seed);
}

}  // namespace nbc::compiler
