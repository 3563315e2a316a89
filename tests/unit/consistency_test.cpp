// SPDX-License-Identifier: Apache-2.0
// The consistency check of chef node files and bootstraps (consistency.h):
// what the backends write passes; a chef node file that differs from the
// plan, or repeats a key, is reported, and the message comes from the
// document-building explanation the fast reading falls back to.
#include <gtest/gtest.h>

#include "backends/consistency.h"
#include "tampered_build.h"

namespace nbc::testing {
namespace {

constexpr const char* kNodeFile = "chef/nodes/web-dev-eu-west-1a-1.json";

// The check of every backend's files, one of them tampered with
// (tampered_build.h).
std::string Check(const std::string& path = "", const std::string& from = "",
                  const std::string& to = "") {
  TamperedBuild b = Tampered(path, from, to);
  ir::Diagnostics diags;
  backends::CheckConsistency(b.environment, b.files, diags);
  return b.Render(diags);
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
