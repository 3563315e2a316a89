// SPDX-License-Identifier: Apache-2.0
// Test helper for the consistency checks: every backend's files for the only
// environment of a two-node project, with one file tampered with.
#pragma once

#include <gtest/gtest.h>

#include "backends/registry.h"
#include "test_project.h"

namespace nbc::testing {

struct TamperedBuild {
  std::unique_ptr<Compiled> compiled;
  ir::Plan environment;     // the plan of the only environment, dev
  backends::OutputSet files;
  std::string Render(const ir::Diagnostics& diags) const {
    return diags.Render(compiled->files, ir::ErrorFormat::kText);
  }
};

// Node type web (two nodes in eu-west-1a) running service hello; the first
// `from` in `path` replaced by `to` (nothing changed if `path` is empty).
inline TamperedBuild Tampered(const std::string& path = "", const std::string& from = "",
                              const std::string& to = "", backends::BackendOptions options = {}) {
  TamperedBuild b;
  b.compiled = Compile(With(MinimalProject(),
                            {{"node_types/web.yaml", "roles: [web]\ngrade: small\ncount: 2\n"},
                             {"environments/dev.yaml",
                              "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n"
                              "services: [hello]\nnode_types: { web: {} }\nversion: \"1.0.0\"\n"}}));
  EXPECT_TRUE(b.compiled->plan) << b.compiled->Diagnostics();
  if (!b.compiled->plan) return b;
  b.environment = backends::SingleEnvironment(*b.compiled->plan, 0);
  backends::OutputSet out;
  ir::Diagnostics emitted;
  for (const auto& backend : backends::AllBackends(options)) backend->Emit(b.environment, out, emitted);
  EXPECT_EQ(b.Render(emitted), "");
  for (auto [file, text] : out.files()) {
    if (file == path) {
      size_t at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from << " not in " << path;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    b.files.Add(file, text);
  }
  return b;
}

}  // namespace nbc::testing
