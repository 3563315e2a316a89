// SPDX-License-Identifier: Apache-2.0
// Daybook's host-pattern map and the consul-kv backend: glob matching, "most
// specific wins", ties, the map of every example (every host's lookup gives
// exactly its run list), exact keys where a node differs, and the explanation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "backends/consul_kv.h"
#include "backends/host_patterns.h"
#include "backends/registry.h"
#include "compiler/driver.h"
#include "compiler/planner.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using backends::HostPattern;

TEST(HostPatterns, GlobMatchesTheWholeNameAndStarMatchesAnyRunAlsoNone) {
  EXPECT_TRUE(backends::PatternMatches("web-production-*", "web-production-us-east-1a-1"));
  EXPECT_TRUE(backends::PatternMatches("web-production-*", "web-production-"));
  EXPECT_FALSE(backends::PatternMatches("web-production-*", "web-production"));
  EXPECT_FALSE(backends::PatternMatches("web-production-*", "xweb-production-1"));
  EXPECT_TRUE(backends::PatternMatches("*-1", "web-production-us-east-1a-1"));
  EXPECT_TRUE(backends::PatternMatches("w*-*-1*-1", "web-production-us-east-1a-1"));
  EXPECT_FALSE(backends::PatternMatches("w*-*-2*-1", "web-production-us-east-1a-1"));
  EXPECT_TRUE(backends::PatternMatches("a*a*a", "aaa"));
  EXPECT_FALSE(backends::PatternMatches("a*a*a", "aa"));
  EXPECT_TRUE(backends::PatternMatches("web-1", "web-1"));
  EXPECT_FALSE(backends::PatternMatches("web-1", "web-12"));
  EXPECT_TRUE(backends::PatternMatches("*", ""));
  EXPECT_FALSE(backends::PatternMatches("", "a"));
}

TEST(HostPatterns, MoreLiteralsWinThenFewerWildcards) {
  EXPECT_EQ(backends::SpecificityOf("web-production-*"), (backends::Specificity{15, 1}));
  EXPECT_TRUE(backends::MoreSpecific({16, 1}, {15, 1}));
  EXPECT_TRUE(backends::MoreSpecific({5, 0}, {5, 1}));
  EXPECT_FALSE(backends::MoreSpecific({5, 1}, {5, 1}));
  std::vector<HostPattern> map = {{"*", {"all"}, "a", ""},
                                  {"web-*", {"web"}, "b", ""},
                                  {"web-production-*", {"prod"}, "c", ""},
                                  {"web-production-us-east-1a-1", {"one"}, "d", ""}};
  backends::HostMatch m = backends::MatchHost(map, "web-production-us-east-1a-1");
  ASSERT_EQ(m.matching.size(), 4u);
  EXPECT_FALSE(m.tie);
  EXPECT_EQ(m.best()->services, std::vector<std::string>{"one"});
  EXPECT_EQ(backends::MatchHost(map, "web-production-us-east-1a-2").best()->services,
            std::vector<std::string>{"prod"});
  EXPECT_EQ(backends::MatchHost(map, "web-staging-1").best()->services,
            std::vector<std::string>{"web"});
}

TEST(HostPatterns, TwoEquallySpecificMatchesAreATieWhateverTheMapOrder) {
  std::vector<HostPattern> map = {{"web-*", {"x"}, "node type x", ""},
                                  {"*-web", {"y"}, "node type y", ""}};
  for (int reversed = 0; reversed < 2; ++reversed) {
    backends::HostMatch m = backends::MatchHost(map, "web-web");
    EXPECT_TRUE(m.tie);
    EXPECT_EQ(m.best(), nullptr);
    EXPECT_EQ(m.matching[0]->pattern, "*-web");  // ties listed by pattern
    std::reverse(map.begin(), map.end());
  }
  ir::Diagnostics diags;
  EXPECT_FALSE(backends::ExplainLookup(map, "web-web", "web-web", diags));
  ir::SourceFiles files;
  EXPECT_EQ(
      diags.Render(files, ir::ErrorFormat::kText),
      "error: host 'web-web' matches two equally specific patterns, '*-web' (node type y) and "
      "'web-*' (node type x), 4 literal characters, 1 wildcard each\n"
      "  hint: Daybook would pick one of them by chance; make one pattern more specific or add "
      "an exact key for the host\n");
}

// Every project under examples/ (a folder with nbc.yaml), planned whole.
std::vector<std::filesystem::path> Examples() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(NBC_SOURCE_DIR "/examples"))
    if (entry.path().filename() == "nbc.yaml") out.push_back(entry.path().parent_path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(HostPatterns, InEveryExampleEachHostsMostSpecificKeyGivesExactlyItsRunList) {
  std::vector<std::filesystem::path> examples = Examples();
  ASSERT_GE(examples.size(), 2u);
  size_t hosts = 0;
  for (const auto& dir : examples) {
    ir::SourceFiles files;
    ir::Diagnostics diags;
    std::optional<ir::Model> model = compiler::LoadModel(dir, files, diags);
    std::optional<ir::Plan> plan = model ? compiler::BuildPlan(*model, {}, diags) : std::nullopt;
    ASSERT_TRUE(plan) << dir << "\n" << diags.Render(files, ir::ErrorFormat::kText);
    for (const ir::PlanEnvironment& env : plan->environments) {
      std::vector<HostPattern> map = backends::BuildHostMap(env);
      for (const ir::PlanNode& node : env.nodes) {
        backends::HostMatch m = backends::MatchHost(map, node.hostname);
        if (!backends::InHostMap(node)) {
          EXPECT_EQ(m.best(), nullptr) << node.address << " is not a host but matches a key";
          continue;
        }
        ++hosts;
        ASSERT_NE(m.best(), nullptr) << node.address << (m.tie ? ": tie" : ": no match");
        EXPECT_EQ(m.best()->services, node.run_list) << node.address;
      }
      // An exact key is a host's name, and only where its node type's pattern
      // does not match it (pool hosts keep their names): in the examples
      // every node runs what its node type runs.
      for (const HostPattern& p : map) {
        if (p.pattern.find('*') != std::string::npos) continue;
        auto host = std::find_if(env.nodes.begin(), env.nodes.end(),
                                 [&](const ir::PlanNode& n) { return n.hostname == p.pattern; });
        ASSERT_NE(host, env.nodes.end()) << p.pattern;
        EXPECT_EQ(p.reason, "no node type pattern matches it") << p.pattern;
      }
    }
  }
  EXPECT_GT(hosts, 10u);
}

// A hand-made environment: `a` and `a-b` in environment `b`. The host of `a`
// in zone `b-z` is a-b-b-z-1, which a-b's pattern a-b-b-* matches more
// specifically than a's own a-b-*; a node of `c` runs one service more.
ir::PlanEnvironment Tricky() {
  ir::PlanEnvironment env;
  env.name = "b";
  auto type = [](std::string name, std::string kind, std::vector<std::string> services) {
    ir::PlanNodeType t;
    t.name = name;
    t.kind = kind;
    t.services = services;
    return t;
  };
  env.node_types = {type("a", "ec2", {"base", "web"}), type("a-b", "ec2", {"base", "db"}),
                    type("c", "ec2", {"base"}), type("d", "rds", {"pg"})};
  auto node = [](std::string type, std::string zone, std::vector<std::string> run_list,
                 std::string kind = "ec2") {
    ir::PlanNode n;
    n.node_type = type;
    n.zone = zone;
    n.index = 1;
    n.kind = kind;
    n.address = "b/" + type + "/" + zone + "/1";
    n.hostname = type + "-b-" + zone + "-1";
    n.run_list = run_list;
    return n;
  };
  env.nodes = {node("a", "b-z", {"base", "web"}), node("a", "y", {"base", "web"}),
               node("a-b", "y", {"base", "db"}),  node("c", "y", {"base"}),
               node("c", "z", {"base", "audit"}), node("d", "y", {"pg"}, "rds")};
  return env;
}

TEST(HostPatterns, ExactKeysOnlyWhereTheMostSpecificPatternWouldBeWrong) {
  ir::PlanEnvironment env = Tricky();
  std::vector<HostPattern> map = backends::BuildHostMap(env);
  std::vector<std::string> keys;
  for (const HostPattern& p : map)
    keys.push_back(p.pattern + " = " + backends::JoinServices(p.services));
  EXPECT_EQ(keys, (std::vector<std::string>{"a-b-* = base,web", "a-b-b-* = base,db",
                                            "a-b-b-z-1 = base,web", "c-b-* = base",
                                            "c-b-z-1 = base,audit"}));
  for (const ir::PlanNode& n : env.nodes) {
    if (n.kind != "rds") {
      EXPECT_EQ(backends::MatchHost(map, n.hostname).best()->services, n.run_list);
    }
  }
  EXPECT_EQ(backends::ConsulKvJson(env),
            "[\n"
            "  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/a-b-*\",\n    \"value\": "
            "\"YmFzZSx3ZWI=\"\n  },\n"
            "  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/a-b-b-*\",\n    \"value\": "
            "\"YmFzZSxkYg==\"\n  },\n"
            "  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/a-b-b-z-1\",\n    \"value\": "
            "\"YmFzZSx3ZWI=\"\n  },\n"
            "  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/c-b-*\",\n    \"value\": "
            "\"YmFzZQ==\"\n  },\n"
            "  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/c-b-z-1\",\n    \"value\": "
            "\"YmFzZSxhdWRpdA==\"\n  }\n"
            "]\n");
}

TEST(HostPatterns, ExplainSaysWhichKeyMatchedAndWhy) {
  ir::Diagnostics diags;
  EXPECT_EQ(
      backends::ExplainHostServices(Tricky(), "a-b-b-z-1", diags),
      "services of a-b-b-z-1 (b/a/b-z/1) = base,web\n"
      "\n"
      "  matched: daybook/hosts/a-b-b-z-1 (9 literal characters, 0 wildcards), from node "
      "b/a/b-z/1\n"
      "  why: an exact key, since the more specific pattern a-b-b-* (node type a-b) would give it "
      "other services\n"
      "  rule: most specific wins: the most literal characters, then the fewest wildcards;\n"
      "        an exact host key beats every pattern; two equally specific matches are an error\n"
      "\n"
      "   #  pattern    literals  wildcards  services\n"
      "   1  a-b-b-z-1         9          0  base,web\n"
      "   2  a-b-b-*           6          1  base,db\n"
      "   3  a-b-*             4          1  base,web\n");
  EXPECT_EQ(
      backends::ExplainHostServices(Tricky(), "b/c/y/1", diags),
      "services of c-b-y-1 (b/c/y/1) = base\n"
      "\n"
      "  matched: daybook/hosts/c-b-* (4 literal characters, 1 wildcard), from node type c\n"
      "  why: the only pattern that matches\n"
      "  rule: most specific wins: the most literal characters, then the fewest wildcards;\n"
      "        an exact host key beats every pattern; two equally specific matches are an error\n"
      "\n"
      "   #  pattern  literals  wildcards  services\n"
      "   1  c-b-*           4          1  base\n");
  // A host the plan does not have yet (a new node of type a-b) and a database.
  EXPECT_TRUE(backends::ExplainHostServices(Tricky(), "a-b-b-x-7", diags)
                  ->starts_with("services of a-b-b-x-7 (no node of the plan) = base,db\n\n"
                                "  matched: daybook/hosts/a-b-b-* (6 literal characters"));
  EXPECT_EQ(backends::ExplainHostServices(Tricky(), "d", diags),
            "services of d-b-y-1 (b/d/y/1): not in the host map\n"
            "\n"
            "  b/d/y/1 is of kind rds, which runs no chef: it is no host of ours, so no\n"
            "  pattern covers it (its services: pg).\n");
  EXPECT_FALSE(diags.has_errors());
  EXPECT_FALSE(backends::ExplainHostServices(Tricky(), "x-1", diags));
  ir::SourceFiles files;
  EXPECT_EQ(diags.Render(files, ir::ErrorFormat::kText),
            "error: no pattern of the host map matches 'x-1'\n"
            "  hint: the patterns are a-b-*, a-b-b-*, a-b-b-z-1, c-b-*, c-b-z-1\n");
}

TEST(ConsulKv, Base64IsRfc4648Standard) {
  EXPECT_EQ(backends::Base64(""), "");
  EXPECT_EQ(backends::Base64("f"), "Zg==");
  EXPECT_EQ(backends::Base64("fo"), "Zm8=");
  EXPECT_EQ(backends::Base64("foo"), "Zm9v");
  EXPECT_EQ(backends::Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(backends::Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(backends::Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(backends::Base64(std::string_view("\xff\xfe\x00", 3)), "//4A");
}

TEST(ConsulKv, WritesOneFilePerEnvironmentNamedAfterIt) {
  auto c = Compile(MinimalProject());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  backends::OutputSet out;
  ir::Diagnostics diags;
  backends::ConsulKvBackend().Emit(backends::SingleEnvironment(*c->plan, 0), out, diags);
  ASSERT_EQ(out.files().size(), 1u);
  EXPECT_EQ(out.files().at("consul/dev.json"),
            "[\n  {\n    \"flags\": 0,\n    \"key\": \"daybook/hosts/web-dev-*\",\n    \"value\": "
            "\"aGVsbG8=\"\n"
            "  }\n]\n");
}

}  // namespace
}  // namespace nbc::testing
