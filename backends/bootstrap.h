// SPDX-License-Identifier: Apache-2.0
// The bootstrap backend: one POSIX sh script per node that runs chef, which
// fetches the release, resolves secrets, writes the chef-solo files, runs
// chef-solo and probes health checks (docs/backend-bootstrap.md).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include <string>

#include "backends/backend.h"

namespace nbc::backends {

// Where a bootstrap keeps its files on the host (fixed, documented).
inline constexpr const char* kBootstrapChefDir = "/var/lib/nbc/chef";
inline constexpr const char* kBootstrapSecretsDir = "/etc/nbc/secrets";

// The exit codes of a bootstrap, one per failing step (docs/backend-bootstrap.md).
enum BootstrapExit : int {
  kExitReleaseFetch = 10,
  kExitReleaseChecksum = 11,
  kExitReleaseExtract = 12,
  kExitSecret = 20,
  kExitChefFiles = 30,
  kExitChefSolo = 40,
  kExitHealthCheck = 50,
};

// Writes bootstrap/<hostname>.sh for every node that runs chef (not rds).
// Values a script cannot carry safely are errors: a version or packager name
// that is not a plain folder name, a sha256 that is not 64 hex digits, a
// secret name AWS would refuse, a NUL byte in any shell-quoted value.
class BootstrapBackend : public Backend {
 public:
  std::string_view name() const override { return "bootstrap"; }
  void Emit(const ir::Plan& plan, OutputSet& out, ir::Diagnostics& diags) const override;
};

// The scripts of one environment's nodes. Each embeds ChefNodeJson(env,
// node) byte for byte in a heredoc delimited by 'NBC_NODE_JSON'
// (backends/consistency.h). What the scripts share (the services by name,
// the chef environment) is made once, at construction.
class BootstrapWriter {
 public:
  BootstrapWriter(const ir::Plan& plan, const ir::PlanEnvironment& env);
  std::string Script(const ir::PlanNode& node) const;

 private:
  const ir::Plan& plan_;
  const ir::PlanEnvironment& env_;
  std::string environment_json_;
  std::unordered_map<std::string_view, const ir::PlanService*> services_;
};


// Whether a value can be one folder of a path: not empty, no NUL, and no
// part between slashes that is "." or "..", so <install_dir>/<name>/<version>
// never leaves <install_dir>.
bool IsSafePathPart(std::string_view value);

// Whether AWS Secrets Manager accepts the name (1–512 of A-Z a-z 0-9 /_+=.@-)
// and it maps to a file below the secrets folder (no empty, "." or ".." part,
// none longer than a file name may be).
bool IsSafeSecretName(std::string_view name);

// Linux's limits (NAME_MAX, PATH_MAX less its NUL): a host refuses a path
// with a longer part or a longer whole, so nbc refuses to generate one.
inline constexpr size_t kMaxFileNameBytes = 255;
inline constexpr size_t kMaxPathBytes = 4095;
bool FitsFileSystem(std::string_view path);

// A bootstrap's health-check path is one curl argument (docs/backend-bootstrap.md).
inline constexpr size_t kMaxHealthPathBytes = 1024;

}  // namespace nbc::backends
