// SPDX-License-Identifier: Apache-2.0
// The bootstrap backend: checks that the values a script carries are safe to
// carry, then writes one script per node that runs chef.
#include "backends/bootstrap.h"

#include <algorithm>
#include <map>

#include "backends/bootstrap_stack.h"
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
      if (service->health_check)
        CheckHealthPath(service->health_check->path, service->health_check->at,
                        "the health_check path of service '" + service->name + "'");
    // The bootstrap probes the load balancer's check too (bootstrap_script.cpp).
    for (const ir::PlanNodeType& type : env.node_types)
      if (type.load_balancer && type.kind != "rds")
        CheckHealthPath(type.load_balancer->health_check_path, type.load_balancer->at,
                        "the load balancer health check path of node type '" + type.name + "'");
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
    else if (IsSafePathPart(p.name) && IsSafePathPart(env.version))
      CheckReleaseLength(env);
  }

  // The download, <install_dir>/<name>/<version>.nbc-download, is the
  // longest path the script creates; Linux refuses it (and the script would
  // fail with exit 12 on the host) if a part is over 255 bytes or the whole
  // over 4095.
  void CheckReleaseLength(const ir::PlanEnvironment& env) {
    const ir::Packager& p = plan_.packager;
    std::string download = p.install_dir + "/" + p.name + "/" + env.version + ".nbc-download";
    if (FitsFileSystem(download)) return;
    diags_.Error(p.at, "the release download " + Quoted(download) + " of environment '" + env.name +
                           "' has a part longer than " + std::to_string(kMaxFileNameBytes) +
                           " bytes or is longer than " + std::to_string(kMaxPathBytes) + " bytes",
                 "shorten the packager's install_dir or name, or the environment's version");
  }

  void CheckSecret(const std::string& name, const ir::SourceSpan& at) {
    if (IsSafeSecretName(name)) return;
    diags_.Error(at, "secret name " + Quoted(name) + " is not a name AWS Secrets Manager accepts",
                 "use 1 to 512 letters, digits and /_+=.@-, without an empty, '.' or '..' part "
                 "between slashes; the bootstrap stores it as " +
                     std::string(kBootstrapSecretsDir) + "/<name>");
  }

  void CheckHealthPath(const std::string& path, const ir::SourceSpan& at, const std::string& what) {
    if (!ShellSafe(path))
      diags_.Error(at, what + " holds a NUL byte, which no shell script can carry");
    // One curl argument; Linux caps an argument at 128 KiB, servers a
    // request line at a few KiB, load balancers a health path at 1024.
    else if (path.size() > kMaxHealthPathBytes)
      diags_.Error(at,
                   what + " is longer than " + std::to_string(kMaxHealthPathBytes) + " bytes (" +
                       std::to_string(path.size()) + ")",
                   "use a short path such as /healthz");
  }

  const ir::Plan& plan_;
  ir::Diagnostics& diags_;
};

}  // namespace

bool FitsFileSystem(std::string_view path) {
  if (path.size() > kMaxPathBytes) return false;
  for (std::string_view part : PathParts(path))
    if (part.size() > kMaxFileNameBytes) return false;
  return true;
}

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
    if (part.empty() || part == "." || part == ".." || part.size() > kMaxFileNameBytes)
      return false;
  return true;
}

// Emit receives exactly one environment (backends/registry.h).
void BootstrapBackend::Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const {
  if (plan.environments.empty()) return;
  const ir::PlanEnvironment& env = plan.environments.front();
  InputChecker(plan, diags).Run(env);
  CheckStackValues(plan, env, diags);  // backends/bootstrap_stack.h
  BootstrapWriter writer(plan, env);
  for (const ir::PlanNode& node : env.nodes)
    if (RunsChef(node)) out.Add("bootstrap/" + node.hostname + ".sh", writer.Script(node));
}

}  // namespace nbc::backends
