// SPDX-License-Identifier: Apache-2.0
// The plan records the SHA-256 of each input file as nbc parsed it: the
// digest of exactly the bytes the loader read, in one read, whatever the
// file holds on disk before or after (ir::Plan::inputs, plan.json `inputs`).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "backends/plan_json.h"
#include "compiler/project_loader.h"
#include "compiler/yaml_loader.h"
#include "ir/sha256.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

namespace fs = std::filesystem;

// Digests computed outside nbc (`printf ... | sha256sum`), so that the test
// does not check ir::Sha256Hex against itself.
constexpr const char* kNodeTypeDigest =  // "roles: [web]\ngrade: small\n"
    "a9263f02395f16658617965fef74591ca8f92ccd28ae2c4b3e5bcef61748661b";

TEST(InputDigest, ParseYamlRecordsTheDigestOfTheBytesItWasGiven) {
  ir::Diagnostics diags;
  // A BOM and CRLF line ends are dropped before parsing; the digest is of
  // the bytes as read, so that it equals `sha256sum` of the file.
  std::string bytes = "\xEF\xBB\xBF" "description: x\r\n";
  auto doc = compiler::ParseYaml(bytes, 0, diags);
  ASSERT_TRUE(doc) << diags.Render(ir::SourceFiles(), ir::ErrorFormat::kText);
  EXPECT_EQ(doc->sha256, ir::Sha256Hex(bytes));
  EXPECT_NE(doc->sha256, ir::Sha256Hex("description: x\n"));
}

TEST(InputDigest, TheLoaderRecordsEachParsedFile) {
  TempProject project(MinimalProject());
  ir::SourceFiles files;
  ir::Diagnostics diags;
  compiler::LoadProjectSources(project.dir(), files, diags);
  ASSERT_FALSE(diags.has_errors());
  size_t recorded = 0;
  for (ir::FileId id = 0; id < files.size(); ++id) {
    if (files.sha256(id).empty()) continue;
    ++recorded;
    EXPECT_EQ(files.sha256(id), ir::Sha256Hex(MinimalProject().at(files.path(id)))) << files.path(id);
  }
  EXPECT_EQ(recorded, MinimalProject().size());
}

TEST(InputDigest, AKnownDigest) {
  // Guards the hex spelling (lowercase, 64 digits) against an outside value.
  EXPECT_EQ(ir::Sha256Hex("roles: [web]\ngrade: small\n").size(), 64u);
  auto c = Compile(MinimalProject());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto it = std::find_if(c->plan->inputs.begin(), c->plan->inputs.end(),
                         [](const ir::PlanInput& i) { return i.path == "node_types/web.yaml"; });
  ASSERT_NE(it, c->plan->inputs.end());
  EXPECT_EQ(it->sha256, kNodeTypeDigest);
}

TEST(InputDigest, AFileThatStatSaysIsEmptyIsRecordedAsRead) {
  // /proc files have size 0 on stat and content when read, the way a file
  // that grows between fstat and read looks: the digest is of what was read.
  std::ifstream proc("/proc/sys/kernel/ostype", std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(proc)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(content.empty());
  TempProject project(MinimalProject());
  fs::create_symlink("/proc/sys/kernel/ostype", project.dir() / "services/grown.yaml");
  ir::SourceFiles files;
  ir::Diagnostics diags;
  compiler::LoadProjectSources(project.dir(), files, diags);  // "Linux" is no mapping: an error later
  bool found = false;
  for (ir::FileId id = 0; id < files.size(); ++id)
    if (files.path(id) == "services/grown.yaml") {
      found = true;
      EXPECT_EQ(files.sha256(id), ir::Sha256Hex(content));
    }
  EXPECT_TRUE(found);
}

TEST(InputDigest, AFileThatDoesNotParseHasNoDigest) {
  TempProject project(With(MinimalProject(), {{"services/bad.yaml", "a: [\n"}}));
  ir::SourceFiles files;
  ir::Diagnostics diags;
  compiler::LoadProjectSources(project.dir(), files, diags);
  ASSERT_TRUE(diags.has_errors());
  for (ir::FileId id = 0; id < files.size(); ++id)
    if (files.path(id) == "services/bad.yaml") {
      EXPECT_EQ(files.sha256(id), "");
    }
}

TEST(InputDigest, PlanJsonListsInputsSortedByPath) {
  auto c = Compile(With(MinimalProject(), {{"services/aaa.yaml", "requires: { role: web }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto plan = nlohmann::json::parse(backends::PlanToJson(*c->plan));
  std::vector<std::string> paths;
  for (const auto& input : plan["inputs"]) {
    paths.push_back(input["path"]);
    EXPECT_EQ(input.size(), 2u);
    EXPECT_EQ(input["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"environments/dev.yaml", "nbc.yaml", "node_types/web.yaml",
                                             "services/aaa.yaml", "services/hello.yaml"}));
}

}  // namespace
}  // namespace nbc::testing
