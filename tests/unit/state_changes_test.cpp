// SPDX-License-Identifier: Apache-2.0
// The generation lifecycle (state/changes, state/coordinator) on plans the
// real compiler makes: which edit of the YAML creates, updates, replaces or
// deletes a node, and how generations move pending → active → old.
#include <gtest/gtest.h>

#include "backends/plan_json.h"
#include "state/changes.h"
#include "state/codec.h"
#include "state/coordinator.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using state::Change;
using state::NodeStatus;

// dev with `count` web nodes in one zone; `extra` is appended to dev.yaml.
std::map<std::string, std::string> Project(int count, const std::string& extra = "") {
  return With(MinimalProject(),
              {{"environments/dev.yaml",
                "provider: aws\nregion: r\nzones: { z1: {} }\nservices: [hello]\nversion: \"1.0\"\n"
                "node_types: { web: { count: " + std::to_string(count) + " } }\n" + extra}});
}

state::EnvironmentFacts Facts(const std::map<std::string, std::string>& files) {
  auto c = Compile(files);
  EXPECT_TRUE(c->plan) << c->Diagnostics();
  state::PlanFacts facts;
  EXPECT_TRUE(state::ReadPlanFacts(backends::PlanToJson(*c->plan), facts));
  return facts.environments.at(0);
}

std::vector<std::string> Changes(const state::Comparison& c) {
  std::vector<std::string> out;
  for (const state::NodeChange& n : c.nodes)
    out.push_back(std::string(state::ChangeName(n.change)) + " " + n.address + " g" + std::to_string(n.generation));
  for (const state::NodeChange& n : c.removed)
    out.push_back(std::string(state::ChangeName(n.change)) + " " + n.address + " g" + std::to_string(n.generation));
  return out;
}

std::vector<std::string> Generations(const state::Record& r) {
  std::vector<std::string> out;
  for (const state::NodeGeneration& n : r.nodes)
    out.push_back(n.address + " g" + std::to_string(n.generation) + " " + std::string(state::StatusName(n.status)));
  return out;
}

state::Record Promoted(const state::Record& r) {
  int promoted = 0;
  return state::Promote(r, {}, promoted);
}

TEST(StateChanges, EmptyRecordCreatesPendingGenerations) {
  state::Record empty{.environment = "dev"};
  state::EnvironmentFacts plan = Facts(Project(2));
  state::Comparison c = state::Compare(empty, plan);
  EXPECT_EQ(Changes(c), (std::vector<std::string>{"create dev/web/z1/1 g1", "create dev/web/z1/2 g1"}));
  EXPECT_EQ(c.counts.Text(), "2 create, 0 update, 0 replace, 0 delete");
  EXPECT_EQ(Generations(state::ApplyPlan(empty, plan)),
            (std::vector<std::string>{"dev/web/z1/1 g1 pending", "dev/web/z1/2 g1 pending"}));
}

TEST(StateChanges, ParamsUpdateInPlaceAndFlavorReplaces) {
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(1))));
  state::EnvironmentFacts params = Facts(Project(1, "params: { nginx: { workers: 9 } }\n"));
  EXPECT_EQ(Changes(state::Compare(r, params)), (std::vector<std::string>{"update dev/web/z1/1 g1"}));
  state::EnvironmentFacts flavor = Facts(With(Project(1), {{"node_types/web.yaml",
                                                            "roles: [web]\ngrade: small\nflavor: m5.xlarge\n"}}));
  state::Comparison c = state::Compare(r, flavor);
  EXPECT_EQ(Changes(c), (std::vector<std::string>{"replace dev/web/z1/1 g2"}));
  EXPECT_EQ(c.nodes[0].detail, "flavor t3.micro -> m5.xlarge");
  EXPECT_EQ(Changes(state::Compare(r, Facts(Project(1)))), (std::vector<std::string>{"none dev/web/z1/1 g1"}));
}

TEST(StateChanges, ANewReleaseReplacesMachines) {
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(1))));
  std::map<std::string, std::string> files = Project(1);
  files["environments/dev.yaml"].replace(files["environments/dev.yaml"].find("1.0"), 3, "1.1");
  state::Comparison c = state::Compare(r, Facts(files));
  EXPECT_EQ(c.nodes.at(0).change, Change::kReplace);
  EXPECT_EQ(c.nodes.at(0).detail, "release_version 1.0 -> 1.1");
}

TEST(StateChanges, ReplacementLifecycleThroughPromoteAndRetire) {
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(1))));
  state::EnvironmentFacts bigger =
      Facts(With(Project(1), {{"node_types/web.yaml", "roles: [web]\ngrade: small\nflavor: m5.xlarge\n"}}));
  r = state::ApplyPlan(r, bigger);
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g1 active", "dev/web/z1/1 g2 pending"}));
  // Compared with the pending generation: the same plan changes nothing more.
  EXPECT_EQ(Changes(state::Compare(r, bigger)), (std::vector<std::string>{"none dev/web/z1/1 g2"}));
  r = Promoted(r);
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g1 old", "dev/web/z1/1 g2 active"}));
  int retired = 0;
  r = state::Retire(r, retired);
  EXPECT_EQ(retired, 1);
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g2 active"}));
}

TEST(StateChanges, ReplacingAPendingGenerationSupersedesIt) {
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(1))));
  auto flavor = [](const std::string& f) {
    return Facts(With(Project(1), {{"node_types/web.yaml", "roles: [web]\ngrade: small\nflavor: " + f + "\n"}}));
  };
  r = state::ApplyPlan(r, flavor("m5.xlarge"));
  r = state::ApplyPlan(r, flavor("t3.nano"));
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g1 active", "dev/web/z1/1 g2 old",
                                                      "dev/web/z1/1 g3 pending"}));
}

TEST(StateChanges, DroppedNodesAreDeletedAndBecomeOld) {
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(3))));
  state::EnvironmentFacts smaller = Facts(Project(1));
  state::Comparison c = state::Compare(r, smaller);
  EXPECT_EQ(Changes(c), (std::vector<std::string>{"none dev/web/z1/1 g1", "delete dev/web/z1/2 g1",
                                                  "delete dev/web/z1/3 g1"}));
  EXPECT_EQ(c.counts.Text(), "0 create, 0 update, 0 replace, 2 delete");
  r = state::ApplyPlan(r, smaller);
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g1 active", "dev/web/z1/2 g1 old",
                                                      "dev/web/z1/3 g1 old"}));
  // Brought back, an address gets a generation after its old one.
  EXPECT_EQ(Changes(state::Compare(r, Facts(Project(2))))[1], "create dev/web/z1/2 g2");
}

TEST(StateChanges, PromoteSelectedAddressesOnly) {
  state::Record r = state::ApplyPlan({.environment = "dev"}, Facts(Project(2)));
  int promoted = 0;
  r = state::Promote(r, {"dev/web/z1/2"}, promoted);
  EXPECT_EQ(promoted, 1);
  EXPECT_EQ(Generations(r), (std::vector<std::string>{"dev/web/z1/1 g1 pending", "dev/web/z1/2 g1 active"}));
}

TEST(StateChanges, AnnotatedPlanCarriesChangesSerialAndRemovedNodes) {
  auto c = Compile(Project(1));
  ASSERT_TRUE(c->plan);
  state::Record r = Promoted(state::ApplyPlan({.environment = "dev"}, Facts(Project(2))));
  r.serial = 7;
  state::PlanFacts facts;
  ASSERT_TRUE(state::ReadPlanFacts(backends::PlanToJson(*c->plan), facts));
  state::AnnotatePlan(state::Compare(r, facts.environments[0]), c->plan->environments[0]);
  std::string json = backends::PlanToJson(*c->plan);
  EXPECT_NE(json.find("\"change\": \"none\""), std::string::npos);
  EXPECT_NE(json.find("\"serial\": 7"), std::string::npos);
  EXPECT_NE(json.find("\"address\": \"dev/web/z1/2\""), std::string::npos);  // removed
  // The annotations do not change the facts the record is computed from.
  state::PlanFacts again;
  ASSERT_TRUE(state::ReadPlanFacts(json, again));
  EXPECT_EQ(again.environments[0].state_serial, 7);
  EXPECT_EQ(again.environments[0].nodes[0].immutable_digest, facts.environments[0].nodes[0].immutable_digest);
  EXPECT_EQ(again.environments[0].nodes[0].mutable_digest, facts.environments[0].nodes[0].mutable_digest);
}

TEST(StateChanges, APlanWithoutStateIsNotRecorded) {
  auto c = Compile(Project(1));
  ASSERT_TRUE(c->plan);
  state::PlanFacts facts;
  ASSERT_TRUE(state::ReadPlanFacts(backends::PlanToJson(*c->plan), facts));
  EXPECT_FALSE(facts.environments[0].state_serial.has_value());
  EXPECT_FALSE(state::ReadPlanFacts("{\"format_version\": 2}", facts));
  EXPECT_EQ(state::ReadPlanFacts("not json", facts).hint,
            "write one with `nbc plan ENV --state --format json -o plan.json`");
}

}  // namespace
}  // namespace nbc::testing
