// SPDX-License-Identifier: Apache-2.0
// Test helper: a project written to a temporary directory, compiled through
// the real driver and planner.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "compiler/driver.h"
#include "compiler/planner.h"

namespace nbc::testing {

// The whole content of a file, or "" if it cannot be read.
inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The minimal project every test starts from; tests replace files.
inline std::map<std::string, std::string> MinimalProject() {
  return {
      {"nbc.yaml",
       "project: hello\n"
       "grades:\n"
       "  small: { cpu: 1, memory_gib: 1 }\n"
       "  large: { cpu: 4, memory_gib: 16 }\n"
       "providers:\n"
       "  aws:\n"
       "    flavors:\n"
       "      t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }\n"
       "      t3.nano: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }\n"
       "      m5.xlarge: { cpu: 4, memory_gib: 16, hourly_usd: 0.192 }\n"
       "      db.m5.xlarge: { cpu: 4, memory_gib: 16, hourly_usd: 0.342, kind: rds }\n"
       "packager: { bucket: hello-releases, name: hello }\n"},
      {"services/hello.yaml",
       "requires: { role: web }\n"
       "params: { nginx: { workers: 1 } }\n"},
      {"node_types/web.yaml", "roles: [web]\ngrade: small\n"},
      {"environments/dev.yaml",
       "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n"
       "services: [hello]\nnode_types: { web: {} }\n"},
  };
}

class TempProject {
 public:
  explicit TempProject(const std::map<std::string, std::string>& files) {
    std::string pattern = (std::filesystem::temp_directory_path() / "nbc-test-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    for (const auto& [path, text] : files) {
      std::filesystem::create_directories((dir_ / path).parent_path());
      std::ofstream(dir_ / path, std::ios::binary) << text;
    }
  }
  ~TempProject() { std::filesystem::remove_all(dir_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

struct Compiled {
  ir::SourceFiles files;
  ir::Diagnostics diags;
  std::optional<ir::Model> model;
  std::optional<ir::Plan> plan;
  std::string Diagnostics() const { return diags.Render(files, ir::ErrorFormat::kText); }
};

inline std::unique_ptr<Compiled> Compile(const std::map<std::string, std::string>& files,
                                         const std::vector<std::string>& environments = {}) {
  TempProject project(files);
  auto c = std::make_unique<Compiled>();
  c->model = compiler::LoadModel(project.dir(), c->files, c->diags);
  if (c->model) c->plan = compiler::BuildPlan(*c->model, environments, c->diags);
  return c;
}

inline std::map<std::string, std::string> With(std::map<std::string, std::string> files,
                                               const std::map<std::string, std::string>& changes) {
  for (const auto& [path, text] : changes) files[path] = text;
  return files;
}

}  // namespace nbc::testing
