// SPDX-License-Identifier: Apache-2.0
// The bootstrap backend: checks that the values a script carries are safe to
// carry, then writes one script per node that runs chef.
#include "backends/bootstrap.h"

#include <algorithm>
#include <map>

#include "backends/chef_solo.h"
#include "backends/shell_quote.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

bool IsHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// The parts of a path between slashes, empty ones included.
std::vector<std::string_view> PathParts(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

std::string Quoted(std::string_view value) { return "'" + ir::Visible(value) + "'"; }

class InputChecker {
 public:
  InputChecker(const ir::Plan& plan, ir::Diagnostics& diags) : plan_(plan), diags_(diags) {}

  // Only what a script of this environment will carry: nothing without a
  // node that runs chef (an environment of rds nodes only, or none).
  void Run(const ir::PlanEnvironment& env) {
    if (std::none_of(env.nodes.begin(), env.nodes.end(), RunsChef)) return;
    if (!plan_.packager.bucket.empty() && !plan_.packager.name.empty()) CheckRelease(env);
    std::map<std::string, ir::SourceSpan> secrets;
    for (const ir::PlanNode& node : env.nodes)
      if (RunsChef(node)) secrets.merge(SecretNames(node.params));
    for (const auto& [name, at] : secrets) CheckSecret(name, at);
    for (const ir::PlanService* service : ChefRoleServices(env))
      if (service->health_check) CheckHealthPath(*service);
  }

 private:
  void CheckRelease(const ir::PlanEnvironment& env) {
    const ir::Packager& p = plan_.packager;
    if (!IsSafePathPart(p.name))
      diags_.Error(p.at, "packager name " + Quoted(p.name) + " cannot be a folder of " +
                             ir::Visible(p.install_dir) + "/<name>/<version>/",
                   "use a name without a NUL byte and without '.' or '..' between slashes");
    if (env.version.empty())
      diags_.Error(p.at, "environment '" + env.name + "' has no version, so its bootstraps "
                         "cannot name the release " + ir::Visible(p.name) + "-<version>.tar.gz",
                   "set `version: \"1.0.0\"` in environments/" + env.name + ".yaml");
    else if (!IsSafePathPart(env.version))
      diags_.Error({}, "version " + Quoted(env.version) + " of environment '" + env.name +
                           "' cannot be a folder of " + ir::Visible(p.install_dir + "/" + p.name) + "/",
                   "use a version without a NUL byte and without '.' or '..' between slashes");
    if (!p.sha256.empty() && (p.sha256.size() != 64 || !IsHex(p.sha256)))
      diags_.Error(p.at, "packager sha256 " + Quoted(p.sha256) + " is not 64 hexadecimal digits",
                   "write what `sha256sum " + ir::Visible(p.name) + "-<version>.tar.gz` prints first");
    if (!ShellSafe(p.bucket) || !ShellSafe(p.install_dir))
      diags_.Error(p.at, "the packager's bucket or install_dir holds a NUL byte, which no shell "
                         "script can carry");
  }

  void CheckSecret(const std::string& name, const ir::SourceSpan& at) {
    if (IsSafeSecretName(name)) return;
    diags_.Error(at, "secret name " + Quoted(name) + " is not a name AWS Secrets Manager accepts",
                 "use 1 to 512 letters, digits and /_+=.@-, without an empty, '.' or '..' part "
                 "between slashes; the bootstrap stores it as " +
                     std::string(kBootstrapSecretsDir) + "/<name>");
  }

  void CheckHealthPath(const ir::PlanService& service) {
    if (ShellSafe(service.health_check->path)) return;
    diags_.Error(service.health_check->at, "the health_check path of service '" + service.name +
                                               "' holds a NUL byte, which no shell script can carry");
  }

  const ir::Plan& plan_;
  ir::Diagnostics& diags_;
};

}  // namespace

bool IsSafePathPart(std::string_view value) {
  if (value.empty() || !ShellSafe(value)) return false;
  for (std::string_view part : PathParts(value))
    if (part == "." || part == "..") return false;
  return true;
}

bool IsSafeSecretName(std::string_view name) {
  if (name.empty() || name.size() > 512) return false;
  bool charset = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("/_+=.@-").find(c) != std::string_view::npos;
  });
  if (!charset) return false;
  for (std::string_view part : PathParts(name))
    if (part.empty() || part == "." || part == "..") return false;
  return true;
}

// Emit receives exactly one environment (backends/registry.h).
void BootstrapBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const {
  if (plan.environments.empty()) return;
  const ir::PlanEnvironment& env = plan.environments.front();
  InputChecker(plan, diags).Run(env);
  for (const ir::PlanNode& node : env.nodes)
    if (RunsChef(node)) out.Add("bootstrap/" + node.hostname + ".sh", BootstrapScript(plan, env, node));
}

}  // namespace nbc::backends
