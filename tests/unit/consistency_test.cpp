// SPDX-License-Identifier: Apache-2.0
// The consistency check of chef node files, bootstraps and CloudFormation
// metadata (consistency.h): what the backends write passes; a chef node
// file that differs from the plan, or repeats a key, is reported, and the
// message comes from the document-building explanation the fast reading
// falls back to; a node with a template resource that differs, or with not
// exactly one, is reported.
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

constexpr const char* kTemplate = "cloudformation/dev.json";

// The template is read for each resource's Metadata.nbc only
// (cfn_metadata_reader.h); each node must have exactly one resource that
// carries its address, its run list and the digest of its parameters.
TEST(Consistency, CloudFormationMetadataThatDiffersFromThePlanIsReported) {
  EXPECT_EQ(FirstError(Check(kTemplate, "\"run_list\": [", "\"run_list\": [\"extra\",")),
            std::string(kNode) + "the CloudFormation metadata's run_list differs from the plan");
  EXPECT_EQ(FirstError(Check(kTemplate, "\"params_sha256\": \"", "\"params_sha256\": \"0")),
            std::string(kNode) + "the CloudFormation metadata's params_sha256 differs from the plan");
}

TEST(Consistency, ANodeWithoutExactlyOneCloudFormationResourceIsReported) {
  const std::string none = std::string(kNode) + "0 CloudFormation resources carry its address, not 1";
  EXPECT_EQ(FirstError(Check(kTemplate, "\"dev/web/eu-west-1a/1\"", "\"dev/web/eu-west-1a/2\"")), none);
  // Metadata.nbc counts only directly under a resource.
  EXPECT_EQ(FirstError(Check(kTemplate, "\"Metadata\": {\n        \"nbc\"", "\"Metadata\": {\n        \"nbcx\"")),
            none);
  EXPECT_EQ(FirstError(Check(kTemplate, "\"Metadata\": {", "\"Metadata\": [1], \"Other\": {")), none);
  EXPECT_EQ(FirstError(Check(kTemplate, "{", "[")), none);  // not JSON
  // Another resource with the address, or the same logical ID written twice
  // (a document would keep only the last).
  const std::string two = std::string(kNode) + "2 CloudFormation resources carry its address, not 1";
  const std::string copy = "{\"Metadata\": {\"nbc\": {\"address\": \"dev/web/eu-west-1a/1\"}}},\n";
  EXPECT_EQ(FirstError(Check(kTemplate, "\"InstanceWebEuWest1a2\": {",
                             "\"Other\": " + copy + "\"InstanceWebEuWest1a2\": {")),
            two);
  EXPECT_EQ(FirstError(Check(kTemplate, "\"InstanceWebEuWest1a2\": {",
                             "\"InstanceWebEuWest1a1\": " + copy + "\"InstanceWebEuWest1a2\": {")),
            two);
}

}  // namespace
}  // namespace nbc::testing
