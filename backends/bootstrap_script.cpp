// SPDX-License-Identifier: Apache-2.0
// The text of a node's bootstrap script. Configuration values reach the
// script in exactly two ways: as one ShellQuote'd word, or as JSON inside a
// heredoc whose delimiter is quoted (<<'NBC_…'), where sh expands nothing.
#include <algorithm>
#include <cctype>
#include <map>

#include "backends/bootstrap.h"
#include "backends/bootstrap_stack.h"
#include "backends/chef_solo.h"
#include "backends/shell_quote.h"
#include "ir/names.h"

namespace nbc::backends {
namespace {

std::string Q(std::string_view value) { return ShellQuote(value); }
std::string Q(int value) { return ShellQuote(std::to_string(value)); }

bool HasPackager(const ir::Plan& plan) {
  return !plan.packager.bucket.empty() && !plan.packager.name.empty();
}

// Names are validated by the compiler; the header comment shows them only if
// they are plain, so no value can ever end the comment line.
std::string CommentSafe(const std::string& text) {
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '/' || c == '.' || c == '_';
  });
  return plain ? text : "(see NBC_ADDRESS)";
}

// `command <<'DELIMITER'`, the body, the delimiter. The body is pretty JSON or
// solo.rb, which never hold a line equal to the delimiter; the check is a
// guard against a future format change.
void AppendHeredoc(std::string& out, const std::string& command, const std::string& delimiter,
                   const std::string& body) {
  std::string line = "\n" + delimiter + "\n";
  bool safe = ("\n" + body).find(line) == std::string::npos && body.ends_with("\n");
  out += command + " <<'" + delimiter + "'\n";
  out += safe ? body : std::string("nbc: the heredoc body was not safe to embed\n");
  out += delimiter + "\n";
}

constexpr const char* kExitCodes = R"SH(# Exit codes (docs/backend-bootstrap.md):
#   0   done
#   10  the release download failed
#   11  the release checksum differs
#   12  the release could not be extracted
#   20  a secret could not be fetched
#   30  the chef files could not be written
#   40  chef-solo failed
#   45  a seed step failed
#   46  the stack could not be enabled or started
#   50  a health check failed
#   any other: an unexpected failure (set -e)
set -eu
)SH";

constexpr const char* kCommonFunctions = R"SH(
nbc_log() {
  printf 'nbc-bootstrap: %s\n' "$*" >&2
}

# nbc_fail CODE MESSAGE: a log line, then the step's exit code.
nbc_fail() {
  nbc_log "error: $2"
  exit "$1"
}

# nbc_write FILE: stdin into FILE through a temporary file and a rename, so
# that a failed write never leaves half a file behind.
nbc_write() {
  mkdir -p "${1%/*}" || nbc_fail 30 "cannot create ${1%/*}"
  cat >"$1.nbc-part" || nbc_fail 30 "cannot write $1"
  mv -f "$1.nbc-part" "$1" || nbc_fail 30 "cannot write $1"
}

nbc_write_role() {
  nbc_write "$NBC_CHEF_DIR/roles/$1.json"
}
)SH";

constexpr const char* kReleaseFunctions = R"SH(
# Step 1: the release tarball from S3, checked and extracted once; the marker
# file .nbc-extracted makes a second run skip it.
nbc_release() {
  if [ -f "$NBC_RELEASE_DIR/.nbc-extracted" ]; then
    nbc_log "release $NBC_TARBALL is already extracted in $NBC_RELEASE_DIR"
    return 0
  fi
  mkdir -p "$NBC_RELEASE_DIR" || nbc_fail 12 "cannot create $NBC_RELEASE_DIR"
  nbc_download="$NBC_RELEASE_DIR.nbc-download"
  nbc_log "fetching s3://$NBC_BUCKET/$NBC_TARBALL"
  aws s3 cp "s3://$NBC_BUCKET/$NBC_TARBALL" "$nbc_download" ||
    nbc_fail 10 "cannot fetch s3://$NBC_BUCKET/$NBC_TARBALL"
  if [ -n "$NBC_SHA256" ]; then
    nbc_sum=$(sha256sum <"$nbc_download") || nbc_fail 11 "cannot compute the sha256 of $nbc_download"
    nbc_sum=${nbc_sum%% *}
    if [ "$nbc_sum" != "$NBC_SHA256" ]; then
      rm -f "$nbc_download"
      nbc_fail 11 "sha256 of $NBC_TARBALL is $nbc_sum, expected $NBC_SHA256"
    fi
  fi
  tar -xzf "$nbc_download" -C "$NBC_RELEASE_DIR" ||
    nbc_fail 12 "cannot extract $NBC_TARBALL into $NBC_RELEASE_DIR"
  rm -f "$nbc_download"
  : >"$NBC_RELEASE_DIR/.nbc-extracted" || nbc_fail 12 "cannot mark $NBC_RELEASE_DIR as extracted"
  nbc_log "release extracted in $NBC_RELEASE_DIR"
}

# Cookbooks travel in the release (its cookbooks/ folder): chef/cookbooks
# links to the current release's. A real folder there is left alone.
nbc_link_cookbooks() {
  if [ ! -d "$NBC_RELEASE_DIR/cookbooks" ]; then
    nbc_log "the release has no cookbooks/ folder; chef-solo uses $NBC_CHEF_DIR/cookbooks as it is"
  elif [ -L "$NBC_CHEF_DIR/cookbooks" ] || [ ! -e "$NBC_CHEF_DIR/cookbooks" ]; then
    rm -f "$NBC_CHEF_DIR/cookbooks" || nbc_fail 30 "cannot replace $NBC_CHEF_DIR/cookbooks"
    ln -s "$NBC_RELEASE_DIR/cookbooks" "$NBC_CHEF_DIR/cookbooks" ||
      nbc_fail 30 "cannot link $NBC_CHEF_DIR/cookbooks to the release"
  else
    nbc_log "keeping the folder $NBC_CHEF_DIR/cookbooks"
  fi
}
)SH";

constexpr const char* kSecretFunctions = R"SH(
# Step 2: nbc_secret NAME stores the secret's value in the root-only file
# $NBC_SECRETS_DIR/NAME (mode 0600), as `aws --output text` prints it (with a
# final newline). The chef JSON holds only {"$secret": NAME}.
nbc_secret() {
  nbc_file="$NBC_SECRETS_DIR/$1"
  nbc_log "fetching secret $1"
  (umask 077 && mkdir -p "${nbc_file%/*}") || nbc_fail 20 "cannot create ${nbc_file%/*}"
  rm -f "$nbc_file.nbc-part"
  if ! (umask 077 && aws secretsmanager get-secret-value --secret-id="$1" \
    --query SecretString --output text >"$nbc_file.nbc-part"); then
    rm -f "$nbc_file.nbc-part"
    nbc_fail 20 "cannot fetch secret $1"
  fi
  mv -f "$nbc_file.nbc-part" "$nbc_file" || nbc_fail 20 "cannot write $nbc_file"
}
)SH";

constexpr const char* kCheckFunctions = R"SH(
# nbc_probe SECONDS http PORT PATH | SECONDS tcp PORT: one attempt.
nbc_probe() {
  case $2 in
    http) curl -fsS --globoff --max-time "$1" -o /dev/null "http://127.0.0.1:$3$4" ;;
    *)
      if command -v nc >/dev/null 2>&1; then
        nc -z -w "$1" 127.0.0.1 "$3"
      else
        # Without nc, curl's telnet client: exit 7 means the connection was
        # refused; 0 (closed by the server) or 28 (still open) mean it connected.
        nbc_rc=0
        curl -s --max-time 1 "telnet://127.0.0.1:$3" </dev/null >/dev/null || nbc_rc=$?
        [ "$nbc_rc" -eq 0 ] || [ "$nbc_rc" -eq 28 ]
      fi
      ;;
  esac
}

# nbc_check SERVICE SECONDS PROTOCOL PORT [PATH]: step 7, one health check,
# tried once a second until it passes or SECONDS have passed.
nbc_check() {
  nbc_service=$1
  nbc_timeout=$2
  shift 2
  nbc_deadline=$(($(date +%s) + nbc_timeout))
  while :; do
    nbc_left=$((nbc_deadline - $(date +%s)))
    [ "$nbc_left" -ge 1 ] || nbc_left=1
    if nbc_probe "$nbc_left" "$@"; then
      nbc_log "health check of $nbc_service passed"
      return 0
    fi
    [ "$(date +%s)" -lt "$nbc_deadline" ] || break
    sleep 1
  done
  nbc_fail 50 "health check of $nbc_service ($1 port $2) failed for $nbc_timeout seconds"
}
)SH";

struct HealthCall {
  std::string service;
  ir::HealthCheck check;
};

// What a node's script needs more than once, found once.
struct NodeFacts {
  std::vector<const ir::PlanService*> services;  // of its run list, in its order
  std::map<std::string, ir::SourceSpan> secrets;
  std::vector<HealthCall> checks;
  const ir::PlanNodeType* seed = nullptr;
  bool runs_stack = false;
};

std::vector<HealthCall> HealthChecks(const ir::PlanEnvironment& env, const ir::PlanNode& node,
                                     const std::vector<const ir::PlanService*>& services) {
  std::vector<HealthCall> out;
  for (const ir::PlanService* service : services)
    if (service->health_check) out.push_back({service->name, *service->health_check});
  // The final probe: what the load balancer's target group will probe, unless
  // a service's check above is that very check.
  for (const ir::PlanNodeType& t : env.node_types) {
    if (t.name != node.node_type || !t.load_balancer) continue;
    const ir::LoadBalancer& lb = *t.load_balancer;
    bool known = std::any_of(out.begin(), out.end(), [&](const HealthCall& c) {
      std::string path = c.check.path.starts_with("/") ? c.check.path : "/" + c.check.path;
      return c.check.protocol == "http" && c.check.port == lb.target_port && path == lb.health_check_path;
    });
    if (!known)
      out.push_back({"load balancer", {.port = lb.target_port, .protocol = "http",
                                       .path = lb.health_check_path,
                                       .timeout_s = lb.health_check_timeout_s}});
  }
  return out;
}

// The configuration's values, each single-quoted once, at the top.
void AppendData(std::string& out, const ir::Plan& plan, const ir::PlanEnvironment& env,
                const ir::PlanNode& node, const NodeFacts& facts) {
  out += "\n# The configuration's values, each single-quoted: the steps below only\n"
         "# expand these variables inside double quotes and never re-parse them.\n";
  out += "NBC_ADDRESS=" + Q(node.address) + "\n";
  out += "NBC_HOSTNAME=" + Q(node.hostname) + "\n";
  out += "NBC_ENVIRONMENT=" + Q(ir::FlatName(env.name)) + "\n";  // the chef environment
  if (HasPackager(plan)) {
    std::string sha256 = plan.packager.sha256;
    std::transform(sha256.begin(), sha256.end(), sha256.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out += "NBC_BUCKET=" + Q(plan.packager.bucket) + "\n";
    out += "NBC_NAME=" + Q(plan.packager.name) + "\n";
    out += "NBC_VERSION=" + Q(env.version) + "\n";
    out += "NBC_SHA256=" + Q(sha256) + "\n";
    out += "NBC_INSTALL_DIR=" + Q(plan.packager.install_dir) + "\n";
  }
  if (facts.seed) out += "NBC_SEED_FROM=" + Q(facts.seed->seed->from) + "\n";
  out += "\n# Where the bootstrap keeps its files on the host.\n";
  out += "NBC_CHEF_DIR=" + Q(kBootstrapChefDir) + "\n";
  if (facts.runs_stack) {
    out += "NBC_UNIT_DIR=" + Q(kSystemdUnitDir) + "\n";
    out += "NBC_STACK_UNIT=" + Q(plan.stack.name + ".service") + "\n";
  }
  if (facts.seed) {
    out += "NBC_SEED_MARKER=" + Q(kBootstrapSeedMarker) + "\n";
    out += HasPackager(plan) ? "NBC_SEED_DIR=\"$NBC_INSTALL_DIR/$NBC_NAME/$NBC_VERSION\"\n"
                             : "NBC_SEED_DIR=/\n";
  }
  if (!facts.secrets.empty())
    out += "NBC_SECRETS_DIR=" + Q(kBootstrapSecretsDir) + "\n";
  if (HasPackager(plan)) {
    out += "NBC_RELEASE_DIR=\"$NBC_INSTALL_DIR/$NBC_NAME/$NBC_VERSION\"\n";
    out += "NBC_TARBALL=\"$NBC_NAME-$NBC_VERSION.tar.gz\"\n";
  }
}

void AppendChefFiles(std::string& out, const ir::Plan& plan, const ir::PlanEnvironment& env,
                     const ir::PlanNode& node, const NodeFacts& facts,
                     const std::string& environment_json) {
  out += "\n# Step 3: the chef-solo files, the same bytes as chef/ of `nbc build`.\n";
  AppendHeredoc(out, "nbc_write \"$NBC_CHEF_DIR/solo.rb\"", "NBC_SOLO_RB", ChefSoloRb());
  AppendHeredoc(out, "nbc_write \"$NBC_CHEF_DIR/environments/$NBC_ENVIRONMENT.json\"",
                "NBC_ENVIRONMENT_JSON", environment_json);
  for (const ir::PlanService* service : facts.services)
    AppendHeredoc(out, "nbc_write_role " + Q(ir::FlatName(service->name)), "NBC_ROLE_JSON",
                  ChefRoleJson(*service));
  AppendHeredoc(out, "nbc_write \"$NBC_CHEF_DIR/nodes/$NBC_HOSTNAME.json\"", "NBC_NODE_JSON",
                ChefNodeJson(env, node));
  if (HasPackager(plan)) out += "nbc_link_cookbooks\n";
  if (facts.runs_stack)
    AppendHeredoc(out, "nbc_write_unit \"$NBC_UNIT_DIR/$NBC_STACK_UNIT\"", "NBC_STACK_UNIT_FILE",
                  StackUnit(plan, env, node));
}

void AppendSteps(std::string& out, const ir::Plan& plan, const ir::PlanEnvironment& env,
                 const ir::PlanNode& node, const NodeFacts& facts,
                 const std::string& environment_json) {
  out += "\nnbc_log \"bootstrap of $NBC_ADDRESS ($NBC_HOSTNAME)\"\n";
  out += "\n# Step 1: the release.\n";
  out += HasPackager(plan) ? "nbc_release\n"
                           : "nbc_log \"the project has no packager: no release to fetch\"\n";
  out += "\n# Step 2: the secrets the node's parameters name.\n";
  for (const auto& [name, at] : facts.secrets) out += "nbc_secret " + Q(name) + "\n";
  if (facts.secrets.empty()) out += "nbc_log \"no secrets to fetch\"\n";
  AppendChefFiles(out, plan, env, node, facts, environment_json);
  out += "\n# Step 4: chef-solo in local mode reads the node object written above;\n"
         "# no --json-attributes, which would nest it under `normal`.\n"
         "nbc_log \"running chef-solo\"\n"
         "chef-solo --config \"$NBC_CHEF_DIR/solo.rb\" --node-name \"$NBC_HOSTNAME\" ||\n"
         "  nbc_fail 40 \"chef-solo failed\"\n";
  if (const ir::PlanNodeType* seed = facts.seed) {
    out += "\n# Step 5: seeding from " + CommentSafe(seed->seed->from) +
           ", on this node's first generation only.\n"
           "# shellcheck disable=SC2016 # each step is a command for sh -c, where its $ expands\n"
           "if nbc_seed_needed; then\n";
    for (const std::string& step : seed->seed->steps) out += "  nbc_seed_step " + Q(step) + "\n";
    out += "  nbc_seed_done\nfi\n";
  }
  if (facts.runs_stack) out += "\n# Step 6: the stack, started after chef-solo.\nnbc_stack\n";
  out += "\n# Step 7: the health checks of the node's services, in run-list order, then\n"
         "# the load balancer's if it is another.\n";
  for (const HealthCall& c : facts.checks) {
    std::string path = c.check.path.starts_with("/") ? c.check.path : "/" + c.check.path;
    out += "nbc_check " + Q(c.service) + " " + Q(c.check.timeout_s) + " " + Q(c.check.protocol) +
           " " + Q(c.check.port) + (c.check.protocol == "http" ? " " + Q(path) : "") + "\n";
  }
  if (facts.checks.empty()) out += "nbc_log \"no health checks\"\n";
  out += "nbc_log \"bootstrap of $NBC_HOSTNAME done\"\n";
}

}  // namespace

BootstrapWriter::BootstrapWriter(const ir::Plan& plan, const ir::PlanEnvironment& env)
    : plan_(plan), env_(env), environment_json_(ChefEnvironmentJson(plan, env)) {
  for (const ir::PlanService& service : env.services) services_.emplace(service.name, &service);
}

std::string BootstrapWriter::Script(const ir::PlanNode& node) const {
  NodeFacts facts;
  for (const std::string& name : node.run_list)
    if (auto it = services_.find(name); it != services_.end()) facts.services.push_back(it->second);
  facts.secrets = SecretNames(node.params);
  facts.checks = HealthChecks(env_, node, facts.services);
  facts.seed = SeedOf(env_, node);
  facts.runs_stack = RunsStack(env_, node);

  std::string out = "#!/bin/sh\n";
  out += "# Generated by nbc: the bootstrap of node " + CommentSafe(node.address) + ".\n";
  out += "# (1) fetch the release, (2) fetch secrets, (3) write the chef-solo files\n"
         "# and the stack's unit, (4) run chef-solo, (5) seed data on a first\n"
         "# generation, (6) start the stack, (7) probe health checks. Running it again\n"
         "# is harmless: the release is extracted and data seeded once; files are\n"
         "# rewritten, chef-solo converges, the stack restarts only if its unit changed.\n";
  out += kExitCodes;
  AppendData(out, plan_, env_, node, facts);
  out += kCommonFunctions;
  if (HasPackager(plan_)) out += kReleaseFunctions;
  if (!facts.secrets.empty()) out += kSecretFunctions;
  if (facts.runs_stack) out += kStackFunctions;
  if (facts.seed) out += kSeedFunctions;
  if (!facts.checks.empty()) out += kCheckFunctions;
  AppendSteps(out, plan_, env_, node, facts, environment_json_);
  return out;
}

}  // namespace nbc::backends
