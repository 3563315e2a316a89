// SPDX-License-Identifier: Apache-2.0
// `nbc state show|history|record|promote|retire|lock|unlock|verify ENV`: the
// coordinator's command line (docs/state.md), and the comparison with the
// recorded state behind `nbc plan --state`. The work is in state/.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "backends/plan_json.h"
#include "compiler/cli/common.h"
#include "state/codec.h"
#include "state/coordinator.h"
#include "state/report.h"

namespace nbc::cli {
namespace {

struct StateOptions {
  std::string environment;
  std::string plan;
  std::vector<std::string> addresses;
  std::string actor;
  std::string lock_id;
  std::string reason;
  int64_t ttl_s = 3600;
  std::string format = "text";
};

state::StoreConfig ConfigOf(const GlobalOptions& options, const ir::Model& model) {
  const ir::StateConfig& c = model.project.state;
  std::filesystem::path path(c.path);
  // Relative to the project directory, wherever nbc runs from.
  if (path.is_relative()) path = std::filesystem::path(options.directory) / path;
  return {.backend = c.backend, .path = path.lexically_normal().string(), .endpoints = c.endpoints,
          .prefix = c.prefix, .ns = model.project.name, .timeout_ms = c.timeout_ms};
}

// A state error goes through the diagnostics, so --error-format applies.
int Fail(const GlobalOptions& options, Session& session, const state::Status& status) {
  session.diags.Error({}, status.message, status.hint);
  return Finish(options, session);
}

// Loads the project for nbc.yaml's `state:` and opens the store. The name
// becomes a file name and an etcd key, so it must be an nbc name.
std::unique_ptr<state::Store> Open(const GlobalOptions& options, Session& session,
                                   const std::string& env, int& code) {
  static const std::regex kName("[a-z][a-z0-9-]{0,39}");
  if (!LoadProject(options, session) || session.diags.has_errors()) {
    code = Finish(options, session);
    return nullptr;
  }
  if (!std::regex_match(env, kName)) {
    code = Fail(options, session,
                state::Status::Error("'" + env + "' is not an environment name",
                                     "names are lowercase letters, digits and hyphens"));
    return nullptr;
  }
  return state::OpenStore(ConfigOf(options, *session.model));
}

state::Actor ActorOf(const StateOptions& o, const std::string& command) {
  std::string name = o.actor;
  for (const char* var : {"USER", "LOGNAME"})
    if (name.empty() && std::getenv(var)) name = std::getenv(var);
  return {.name = name.empty() ? "unknown" : name, .command = command, .time = state::UtcNow(),
          .lock_id = o.lock_id};
}

state::Status ReadPlanFile(const std::string& path, std::string& bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return state::Status::Error("cannot read the plan " + path + ": " + ec.message());
  if (size > state::kMaxStateBytes) return state::Status::Error("the plan " + path + " is larger than 64 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return state::Status::Error("cannot read the plan " + path);
  bytes = text.str();
  return state::Status::Ok();
}

using Action = int (*)(const GlobalOptions&, Session&, state::Store&, const StateOptions&);

int Show(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  std::optional<state::Record> record;
  std::optional<state::LockInfo> lock;
  if (state::Status s = store.Read(o.environment, record); !s) return Fail(options, session, s);
  if (state::Status s = store.ReadLock(o.environment, lock); !s) return Fail(options, session, s);
  std::cout << (o.format == "json" ? state::ShowJson(o.environment, record, lock)
                                   : state::ShowText(o.environment, store.Describe(), record, lock));
  return 0;
}

int History(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  std::vector<state::TrailEntry> trail;
  if (state::Status s = store.ReadTrail(o.environment, trail); !s) return Fail(options, session, s);
  std::cout << (o.format == "json" ? state::HistoryJson(trail) : state::HistoryText(o.environment, trail));
  return 0;
}

int Record(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  std::string bytes;
  state::PlanFacts facts;
  if (state::Status s = ReadPlanFile(o.plan, bytes); !s) return Fail(options, session, s);
  if (state::Status s = state::ReadPlanFacts(bytes, facts); !s) return Fail(options, session, s);
  if (facts.project != session.model->project.name)
    return Fail(options, session, state::Status::Error(
        "the plan is for project '" + facts.project + "', not '" + session.model->project.name + "'"));
  state::WriteOutcome out;
  state::Status s = state::RecordPlan(store, o.environment, bytes, ActorOf(o, "record"), out);
  if (!s) return Fail(options, session, s);
  std::cout << "recorded " << o.environment << " at serial " << out.serial << ": " << out.summary << "\n";
  return 0;
}

int Promote(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  state::WriteOutcome out;
  state::Status s = state::PromoteNodes(store, o.environment, o.addresses, ActorOf(o, "promote"), out);
  if (!s) return Fail(options, session, s);
  if (!out.written) std::cout << o.environment << ": nothing pending to promote\n";
  else std::cout << "promoted " << o.environment << " at serial " << out.serial << ": " << out.summary << "\n";
  return 0;
}

int Retire(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  state::WriteOutcome out;
  state::Status s = state::RetireNodes(store, o.environment, ActorOf(o, "retire"), out);
  if (!s) return Fail(options, session, s);
  if (!out.written) std::cout << o.environment << ": no old generation to retire\n";
  else std::cout << "retired " << o.environment << " at serial " << out.serial << ": " << out.summary << "\n";
  return 0;
}

int Lock(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  state::LockInfo lock{.actor = ActorOf(o, "lock").name, .reason = o.reason, .ttl_s = o.ttl_s};
  if (state::Status s = store.Lock(o.environment, lock); !s) return Fail(options, session, s);
  std::cerr << o.environment << " locked until " << lock.expires << "; release it with `nbc state unlock "
            << o.environment << " " << lock.id << "`\n";
  std::cout << lock.id << "\n";  // alone on stdout: `id=$(nbc state lock …)`
  return 0;
}

int Unlock(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  if (state::Status s = store.Unlock(o.environment, o.lock_id); !s) return Fail(options, session, s);
  std::cout << "unlocked " << o.environment << "\n";
  return 0;
}

int Verify(const GlobalOptions& options, Session& session, state::Store& store, const StateOptions& o) {
  std::optional<state::Record> record;
  std::vector<state::TrailEntry> trail;
  if (state::Status s = store.Read(o.environment, record); !s) return Fail(options, session, s);
  if (state::Status s = store.ReadTrail(o.environment, trail); !s) return Fail(options, session, s);
  if (state::Status s = state::VerifyTrail(o.environment, record, trail); !s)
    return Fail(options, session, s);
  std::cout << o.environment << ": the trail verifies: " << trail.size()
            << (trail.size() == 1 ? " entry" : " entries") << ", record at serial "
            << (record ? record->serial : 0) << "\n";
  return 0;
}

CLI::App* Add(CLI::App* state, const char* name, const char* help, Action action,
              GlobalOptions& options, int& exit_code, std::shared_ptr<StateOptions> o) {
  CLI::App* cmd = state->add_subcommand(name, help);
  cmd->add_option("environment", o->environment, "environment name")->required();
  cmd->callback([&options, &exit_code, o, action] {
    Session session;
    int code = 0;
    std::unique_ptr<state::Store> store = Open(options, session, o->environment, code);
    exit_code = store ? action(options, session, *store, *o) : code;
    if (store && exit_code == 0) Finish(options, session);  // warnings, if any
  });
  return cmd;
}

void AddWriterOptions(CLI::App* cmd, StateOptions& o) {
  cmd->add_option("--actor", o.actor, "who acts, for the audit trail (default: $USER)");
  cmd->add_option("--lock-id", o.lock_id, "act under this lock, taken with `nbc state lock`");
}

}  // namespace

bool CompareWithState(const GlobalOptions& options, Session& session, ir::Plan& plan, bool& changed) {
  std::unique_ptr<state::Store> store = state::OpenStore(ConfigOf(options, *session.model));
  state::Status s = state::CompareAndAnnotate(*store, backends::PlanToJson(plan), plan, changed);
  if (!s) session.diags.Error({}, s.message, s.hint);
  return s.ok;
}

void RegisterState(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* state = app.add_subcommand(
      "state", "the recorded state: generations, locks and the audit trail (docs/state.md)");
  state->require_subcommand(1);
  auto o = std::make_shared<StateOptions>();
  auto format = [&o](CLI::App* cmd) {
    cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  };
  format(Add(state, "show", "the current record: serial, generations, lock", Show, options, exit_code, o));
  format(Add(state, "history", "the audit trail, oldest first", History, options, exit_code, o));
  CLI::App* record = Add(state, "record", "record a plan made with `nbc plan ENV --state --format json`",
                         Record, options, exit_code, o);
  record->add_option("plan", o->plan, "the plan.json file")->required();
  AddWriterOptions(record, *o);
  CLI::App* promote = Add(state, "promote", "pending generations become active, active ones old",
                          Promote, options, exit_code, o);
  promote->add_option("addresses", o->addresses, "only these node addresses (default: all)");
  AddWriterOptions(promote, *o);
  AddWriterOptions(Add(state, "retire", "drop old generations", Retire, options, exit_code, o), *o);
  CLI::App* lock = Add(state, "lock", "lock the state for a person; prints the lock id", Lock,
                       options, exit_code, o);
  lock->add_option("--reason", o->reason, "why, shown to whoever finds it locked")->required();
  lock->add_option("--ttl", o->ttl_s, "seconds until the lock expires by itself (default 3600)")
      ->check(CLI::Range(int64_t{1}, int64_t{7 * 24 * 3600}));
  lock->add_option("--actor", o->actor, "who locks (default: $USER)");
  CLI::App* unlock = Add(state, "unlock", "release a lock", Unlock, options, exit_code, o);
  unlock->add_option("lock_id", o->lock_id, "the id `nbc state lock` printed")->required();
  Add(state, "verify", "check the audit trail's hash chain against the record", Verify, options,
      exit_code, o);
}

}  // namespace nbc::cli
