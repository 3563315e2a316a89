// SPDX-License-Identifier: Apache-2.0
// The planner through the real driver: placement, flavors, zones, order,
// parameters, and the errors each stage reports.
#include <gtest/gtest.h>

#include "test_project.h"

namespace nbc::testing {
namespace {

const ir::PlanEnvironment& Env(const Compiled& c, size_t i = 0) {
  return c.plan->environments.at(i);
}

std::vector<std::string> Addresses(const ir::PlanEnvironment& e) {
  std::vector<std::string> out;
  for (const ir::PlanNode& n : e.nodes) out.push_back(n.address);
  return out;
}

TEST(Planner, CheapestCoveringFlavorTiesBreakByName) {
  auto c = Compile(MinimalProject());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const ir::PlanNodeType& web = Env(*c).node_types.at(0);
  EXPECT_EQ(web.flavor, "t3.micro");  // t3.nano costs the same; the name decides
  EXPECT_EQ(web.flavor_reason, "cheapest covering grade small");
  ASSERT_EQ(web.alternatives.size(), 2u);
  EXPECT_EQ(web.alternatives[0].name, "t3.nano");
  EXPECT_EQ(web.alternatives[1].name, "m5.xlarge");
}

TEST(Planner, ExplicitFlavorWinsAndEnvironmentOverridesNodeType) {
  auto c = Compile(With(MinimalProject(),
                        {{"node_types/web.yaml", "roles: [web]\ngrade: small\nflavor: t3.nano\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { z1: {} }\nservices: [hello]\n"
                          "node_types: { web: { flavor: m5.xlarge } }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Env(*c).node_types[0].flavor, "m5.xlarge");
  EXPECT_EQ(Env(*c).node_types[0].flavor_reason, "explicit (environment dev)");
}

TEST(Planner, RdsNodeTypesGetRdsFlavors) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/db.yaml", "requires: { role: db }\n"},
                         {"node_types/db.yaml", "kind: rds\nroles: [db]\ngrade: small\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { z1: {} }\nservices: [hello, db]\n"
                          "node_types: { web: {}, db: {} }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Env(*c).node_types[0].name, "db");
  EXPECT_EQ(Env(*c).node_types[0].flavor, "db.m5.xlarge");
}

TEST(Planner, RemainderGoesToFirstZonesAndAddingANodeRenamesNone) {
  auto files = [](int count) {
    return With(MinimalProject(),
                {{"environments/dev.yaml",
                  "provider: aws\nregion: r\nzones: { b: {}, a: {}, c: {} }\nservices: [hello]\n"
                  "node_types: { web: { count: " + std::to_string(count) + " } }\n"}});
  };
  auto four = Compile(files(4));
  auto five = Compile(files(5));
  ASSERT_TRUE(four->plan && five->plan);
  EXPECT_EQ(Addresses(Env(*four)),
            (std::vector<std::string>{"dev/web/b/1", "dev/web/b/2", "dev/web/a/1", "dev/web/c/1"}));
  std::vector<std::string> after = Addresses(Env(*five));
  for (const std::string& address : Addresses(Env(*four)))
    EXPECT_NE(std::find(after.begin(), after.end(), address), after.end()) << address;
  EXPECT_EQ(Env(*five).nodes[0].hostname, "web-dev-b-1");
}

TEST(Planner, HaFloorIsAnError) {
  auto c = Compile(With(MinimalProject(),
                        {{"node_types/web.yaml", "roles: [web]\ngrade: small\nha: { min_per_az: 2 }\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { a: {}, b: {} }\nservices: [hello]\n"
                          "node_types: { web: { count: 3 } }\n"}}));
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "environments/dev.yaml:5:29: error: cannot scale node type 'web' below 4 in environment "
            "'dev': count is 3, but ha.min_per_az 2 × 2 zones needs 4\n"
            "  hint: raise count to at least 4, or lower ha.min_per_az (at node_types/web.yaml:3:7)\n");
}

TEST(Planner, RunListIsTopologicalWithAuditsAfterWhatTheyAudit) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/hello.yaml", "requires: { role: web }\ndepends_on: [zlib]\n"},
                         {"services/zlib.yaml", "description: follows its users\n"},
                         {"services/audit.yaml", "audit_kind: monitoring\naudits: [hello]\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Env(*c).nodes.at(0).run_list, (std::vector<std::string>{"zlib", "hello", "audit"}));
}

TEST(Planner, PinsWinOverRolesAndGradesAreMinimums) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/hello.yaml", "requires: { role: web, grade: small }\n"},
                         {"services/big.yaml", "requires: { role: web, grade: large }\n"},
                         {"node_types/web.yaml", "roles: [web]\ngrade: small\nservices: [hello]\n"},
                         {"node_types/large.yaml", "roles: [web]\ngrade: large\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello, big]\n"
                          "node_types: { web: {}, large: {} }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const auto& services = Env(*c).services;
  auto hosts = [&](const std::string& name) {
    for (const ir::PlanService& s : services)
      if (s.name == name) return s.node_types;
    return std::vector<std::string>{};
  };
  EXPECT_EQ(hosts("hello"), std::vector<std::string>{"web"});
  EXPECT_EQ(hosts("big"), std::vector<std::string>{"large"});
}

TEST(Planner, ColocationIsChecked) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/hello.yaml", "requires: { role: web }\ncolocate_with: [db]\n"
                                                 "depends_on: [db]\n"},
                         {"services/db.yaml", "requires: { role: db }\n"},
                         {"node_types/db.yaml", "roles: [db]\ngrade: small\n"},
                         {"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
                          "node_types: { web: {}, db: {} }\n"}}));
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "services/hello.yaml:2:17: error: service 'hello' must share hosts with 'db' in "
            "environment 'dev', but runs on 'web' and it on 'db'\n");
}

TEST(Planner, CycleIsPrintedWithEveryEdge) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/hello.yaml", "requires: { role: web }\ndepends_on: [b]\n"},
                         {"services/b.yaml", "audits: [hello]\n"}}));
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "services/b.yaml:1:10: error: services form a cycle: b -> hello -> b\n"
            "  hint: depends_on and audits edges must form a DAG; remove one edge of the cycle\n"
            "  services/hello.yaml:2:14: note: 'hello' depends on 'b' here\n");
}

TEST(Planner, NodesGetOnlyTheNamespacesOfTheirServices) {
  auto c = Compile(With(MinimalProject(),
                        {{"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
                          "node_types: { web: {} }\n"
                          "params: { nginx: { workers: 3 }, db: { password: !secret pw } }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(ir::RenderInline(Env(*c).nodes[0].params), "{nginx: {workers: 3}}");
}

TEST(Planner, MissingRequiredParameterNamesLayersSearched) {
  auto c = Compile(With(MinimalProject(),
                        {{"services/hello.yaml", "requires: { role: web }\nrequired: [tls.cert]\n"}}));
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "services/hello.yaml:2:12: error: node type 'web' in environment 'dev' lacks required "
            "parameter 'tls.cert' (zones: eu-west-1a), required by service 'hello'\n"
            "  hint: set it in one of the layers searched: service hello; node type web; grade "
            "small; environment dev; environment dev, node type web; environment dev, zone "
            "eu-west-1a\n");
}

TEST(Planner, UnknownAndAbstractEnvironmentsAreRefused) {
  auto c = Compile(With(MinimalProject(), {{"environments/base.yaml", "abstract: true\n"}}),
                   {"dve", "base"});
  EXPECT_FALSE(c->plan);
  EXPECT_EQ(c->Diagnostics(),
            "environments/base.yaml:1:1: error: environment 'base' is abstract and cannot be planned\n"
            "  hint: plan an environment that extends it\n"
            "error: unknown environment 'dve'\n"
            "  hint: did you mean 'dev'?\n");
}

TEST(Planner, StrictTurnsLintsIntoErrors) {
  auto files = With(MinimalProject(), {{"node_types/spare.yaml", "roles: [x]\ngrade: small\n"}});
  TempProject project(files);
  Compiled c;
  c.diags.set_strict(true);
  c.model = compiler::LoadModel(project.dir(), c.files, c.diags);
  ASSERT_TRUE(c.model);
  EXPECT_FALSE(compiler::BuildPlan(*c.model, {}, c.diags));
  EXPECT_EQ(c.Diagnostics(),
            "node_types/spare.yaml:1:1: error: node type 'spare' is used by no environment\n"
            "  hint: add it under `node_types:` of an environment, or delete the file\n");
}

}  // namespace
}  // namespace nbc::testing
