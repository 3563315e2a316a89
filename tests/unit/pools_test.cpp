// SPDX-License-Identifier: Apache-2.0
// Pools and capacity through the real driver and planner: which host each
// static node gets, what is placed against what each host has, shortages and
// their provisioning recommendation.
#include <gtest/gtest.h>

#include "compiler/pool_placement.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

// MinimalProject with a static node type `web` (grade small: 1 cpu, 1 GiB)
// on pool dc1, in environment dev with zones a and b.
std::map<std::string, std::string> PoolProject(const std::string& hosts, int count,
                                               const std::string& zones = "{ a: {}, b: {} }") {
  return With(MinimalProject(),
              {{"node_types/web.yaml", "kind: static\npool: dc1\nroles: [web]\ngrade: small\n"},
               {"pools/dc1.yaml", "hosts:\n" + hosts},
               {"environments/dev.yaml",
                "provider: aws\nregion: r\nzones: " + zones + "\nservices: [hello]\n"
                "node_types: { web: { count: " + std::to_string(count) + " } }\n"}});
}

const ir::PlanNode* Node(const Compiled& c, const std::string& address) {
  for (const ir::PlanNode& n : c.plan->environments.at(0).nodes)
    if (n.address == address) return &n;
  return nullptr;
}

TEST(Pools, EachNodeTakesTheSmallestFreeHostOfItsZoneThatFits) {
  auto c = Compile(PoolProject("  - { name: big-a, zone: a, cpu: 8, memory_gib: 32, roles: [web] }\n"
                               "  - { name: small-a, zone: a, cpu: 1, memory_gib: 1, roles: [web] }\n"
                               "  - { name: tiny-a, zone: a, cpu: 1, memory_gib: 0.5, roles: [web] }\n"
                               "  - { name: host-b, zone: b, cpu: 2, memory_gib: 2, roles: [web] }\n",
                               3));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  // Zone a gets 2 nodes (the remainder goes first): small-a, then big-a;
  // tiny-a has too little memory for grade small.
  EXPECT_EQ(Node(*c, "dev/web/a/1")->hostname, "small-a");
  EXPECT_EQ(Node(*c, "dev/web/a/2")->hostname, "big-a");
  EXPECT_EQ(Node(*c, "dev/web/b/1")->hostname, "host-b");
  EXPECT_EQ(Node(*c, "dev/web/a/1")->pool, "dc1");
  EXPECT_EQ(Node(*c, "dev/web/a/1")->kind, "static");
  EXPECT_EQ(Node(*c, "dev/web/a/1")->hourly_usd, 0);
  EXPECT_EQ(c->plan->environments[0].node_types[0].pool, "dc1");
}

TEST(Pools, CapacitySumsWhatIsPlacedAgainstWhatHostsHave) {
  auto c = Compile(PoolProject("  - { name: h1, zone: a, cpu: 4, memory_gib: 8, roles: [web] }\n"
                               "  - { name: h2, zone: b, cpu: 2, memory_gib: 2.5, roles: [web] }\n"
                               "  - { name: h3, zone: b, cpu: 16, memory_gib: 64, roles: [web] }\n",
                               2));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  ASSERT_EQ(c->plan->environments[0].pools.size(), 1u);
  const ir::PlanPool& pool = c->plan->environments[0].pools[0];
  EXPECT_EQ(pool.name, "dc1");
  EXPECT_EQ(pool.hosts_used, 2);
  EXPECT_DOUBLE_EQ(pool.cpu, 22);
  EXPECT_DOUBLE_EQ(pool.memory_gib, 74.5);
  EXPECT_DOUBLE_EQ(pool.cpu_used, 2);         // two small nodes of 1 cpu
  EXPECT_DOUBLE_EQ(pool.memory_gib_used, 2);  // and 1 GiB each
  ASSERT_EQ(pool.hosts.size(), 3u);
  EXPECT_EQ(pool.hosts[0].node, "dev/web/a/1");
  EXPECT_EQ(pool.hosts[1].node, "dev/web/b/1");  // h2 is smaller than h3
  EXPECT_DOUBLE_EQ(pool.hosts[1].cpu_used, 1);
  EXPECT_EQ(pool.hosts[2].node, "");
  EXPECT_DOUBLE_EQ(pool.hosts[2].cpu_used, 0);
}

TEST(Pools, HostsMustListEveryRoleOfTheNodeType) {
  auto c = Compile(With(PoolProject("  - { name: h1, zone: a, cpu: 4, memory_gib: 8, roles: [web] }\n"
                                    "  - { name: h2, zone: a, cpu: 8, memory_gib: 8, roles: [web, db] }\n",
                                    1, "{ a: {} }"),
                        {{"node_types/web.yaml",
                          "kind: static\npool: dc1\nroles: [web, db]\ngrade: small\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Node(*c, "dev/web/a/1")->hostname, "h2");
}

TEST(Pools, ShortPoolIsAnErrorThatPricesTheGap) {
  auto c = Compile(
      With(PoolProject("  - { name: h1, zone: a, cpu: 4, memory_gib: 16, roles: [web] }\n", 3, "{ a: {} }"),
           {{"node_types/web.yaml", "kind: static\npool: dc1\nroles: [web]\ngrade: large\n"}}));
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "node_types/web.yaml:2:7: error: pool 'dc1' lacks 2 large hosts for node type 'web' in "
            "environment 'dev'\n"
            "  hint: cheapest flavors: 2 × m5.xlarge at $0.384/h; or add 2 hosts with roles [web] and "
            "at least 4 cpu and 16 GiB to pools/dc1.yaml, in zones a (2)\n");
}

TEST(Pools, SharedPoolGivesTheSameHostsWhateverIsPlanned) {
  auto files = With(PoolProject("  - { name: h1, zone: a, cpu: 1, memory_gib: 1, roles: [web] }\n"
                                "  - { name: h2, zone: a, cpu: 1, memory_gib: 1, roles: [web] }\n",
                                1, "{ a: {} }"),
                    {{"environments/prod.yaml",
                      "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
                      "node_types: { web: {} }\n"}});
  auto all = Compile(files);
  auto prod = Compile(files, {"prod"});
  ASSERT_TRUE(all->plan) << all->Diagnostics();
  ASSERT_TRUE(prod->plan) << prod->Diagnostics();
  // dev comes first by name, so it gets h1 in both runs; prod gets h2.
  EXPECT_EQ(all->plan->environments[0].nodes[0].hostname, "h1");
  EXPECT_EQ(all->plan->environments[1].nodes[0].hostname, "h2");
  EXPECT_EQ(prod->plan->environments[0].nodes[0].hostname, "h2");
  EXPECT_EQ(prod->plan->environments[0].pools[0].hosts[0].node, "dev/web/a/1");
}

TEST(Pools, LargerGradesArePlacedFirst) {
  // The small node type sorts first by name, but the large one gets the only
  // host it fits on.
  auto c = Compile(With(
      PoolProject("  - { name: big, zone: a, cpu: 4, memory_gib: 16, roles: [web] }\n"
                  "  - { name: little, zone: a, cpu: 1, memory_gib: 1, roles: [web] }\n",
                  1, "{ a: {} }"),
      {{"node_types/zzz.yaml", "kind: static\npool: dc1\nroles: [web]\ngrade: large\n"},
       {"environments/dev.yaml",
        "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
        "node_types: { web: {}, zzz: {} }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Node(*c, "dev/zzz/a/1")->hostname, "big");
  EXPECT_EQ(Node(*c, "dev/web/a/1")->hostname, "little");
}

TEST(Pools, CheapestFlavorsFormatsCountAndTotalPrice) {
  auto c = Compile(MinimalProject());
  ASSERT_TRUE(c->model) << c->Diagnostics();
  const ir::Grade& large = c->model->project.grades.at(1);
  EXPECT_EQ(compiler::CheapestFlavors(*c->model, "aws", large, 2), "2 × m5.xlarge at $0.384/h");
  EXPECT_EQ(compiler::CheapestFlavors(*c->model, "aws", large, 1), "1 × m5.xlarge at $0.192/h");
  // t3.micro and t3.nano cost the same: the name decides.
  EXPECT_EQ(compiler::CheapestFlavors(*c->model, "aws", c->model->project.grades.at(0), 3),
            "3 × t3.micro at $0.0312/h");
  EXPECT_EQ(compiler::CheapestFlavors(*c->model, "gcp", large, 1), "");
}

TEST(Pools, HostInAZoneTheEnvironmentLacksIsAnError) {
  auto c = Compile(PoolProject("  - { name: h1, zone: c, cpu: 4, memory_gib: 8, roles: [web] }\n", 0));
  EXPECT_FALSE(c->model);
  EXPECT_EQ(c->Diagnostics(),
            "pools/dc1.yaml:2:23: error: host 'h1' of pool 'dc1' is in zone 'c', which environment "
            "'dev' does not have\n"
            "  hint: zones there: a, b; correct the host's zone, or add the zone to the environment\n");
}

}  // namespace
}  // namespace nbc::testing
