// SPDX-License-Identifier: Apache-2.0
// The consistency check of chef node files and bootstraps (consistency.h):
// what the backends write passes; a chef node file that differs from the
// plan, or reads differently from its bytes' order, is reported once, by
// the document-building explanation the fast reading falls back to.
#include <gtest/gtest.h>

#include "backends/consistency.h"
#include "backends/registry.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

constexpr const char* kNodeFile = "chef/nodes/web-dev-eu-west-1a-1.json";

// The check of every backend's files for the project's only environment,
// with the first `from` in `path` replaced by `to` (nothing if empty).
std::string Check(const std::string& path = "", const std::string& from = "",
                  const std::string& to = "") {
  auto c = Compile(With(MinimalProject(),
                        {{"node_types/web.yaml", "roles: [web]\ngrade: small\ncount: 2\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n"
                          "services: [hello]\nnode_types: { web: {} }\nversion: \"1.0.0\"\n"}}));
  EXPECT_TRUE(c->plan) << c->Diagnostics();
  ir::Plan one = backends::SingleEnvironment(*c->plan, 0);
  backends::OutputSet out;
  ir::Diagnostics emitted;
  for (const auto& backend : backends::AllBackends({})) backend->Emit(one, out, emitted);
  backends::OutputSet changed;
  for (auto [file, text] : out.files()) {
    if (file == path) {
      size_t at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from << " not in " << path;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    changed.Add(file, text);
  }
  ir::Diagnostics diags;
  backends::CheckConsistency(one, changed, diags);
  return diags.Render(c->files, ir::ErrorFormat::kText);
}

// The first error's message, without its hint.
std::string FirstError(const std::string& rendered) { return rendered.substr(0, rendered.find('\n')); }

constexpr const char* kNode = "error: inconsistent artifacts for node dev/web/eu-west-1a/1: ";

TEST(Consistency, WhatTheBackendsWritePasses) { EXPECT_EQ(Check(), ""); }

TEST(Consistency, AChefNodeFileThatDiffersFromThePlanIsReported) {
  EXPECT_EQ(FirstError(Check(kNodeFile, "\"workers\": 1", "\"workers\": 2")),
            std::string(kNode) + "chef attributes differ from the plan");
  EXPECT_EQ(FirstError(Check(kNodeFile, "\"role[hello]\"", "\"role[other]\"")),
            std::string(kNode) + "chef run_list differs from the plan");
  EXPECT_EQ(FirstError(Check(kNodeFile, "{", "[")),
            std::string(kNode) + "its chef node file is not a JSON object");
}

TEST(Consistency, AChefNodeFileWithARepeatedKeyIsReported) {
  // A repeated key reads as its last value in a document, but nbc never
  // writes one: the fast reading refuses it, and the explanation says why.
  EXPECT_EQ(FirstError(Check(kNodeFile, "\"automatic\": {},", "\"automatic\": {},\n  \"automatic\": {},")),
            std::string(kNode) + "its chef node file repeats a key or does not sort its keys");
}

}  // namespace
}  // namespace nbc::testing
