// SPDX-License-Identifier: Apache-2.0
// The diff engine (backends/plan_diff*) on small hand-made plan JSON: node
// matching, replace versus update, grouped parameter changes with causes,
// services, costs, the --fail-on policy and the three renderers' escaping.
#include <gtest/gtest.h>

#include "backends/plan_diff.h"
#include "backends/plan_diff_policy.h"
#include "backends/plan_diff_render.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

json Cost(double hourly) { return {{"hourly_usd", hourly}, {"monthly_usd", hourly * 730}}; }

json Node(const std::string& env, const std::string& type, const std::string& zone, int index,
          json params = json::object(), const std::string& flavor = "t3.medium") {
  std::string address = env + "/" + type + "/" + zone + "/" + std::to_string(index);
  return {{"address", address}, {"hostname", type + "-" + env + "-" + zone + "-" + std::to_string(index)},
          {"node_type", type}, {"kind", "ec2"}, {"zone", zone}, {"index", index},
          {"flavor", flavor}, {"grade", "medium"}, {"image", "ami-1"}, {"roles", {"web"}},
          {"run_list", {"base", "nginx"}}, {"params", params}, {"generation", 1},
          {"hourly_usd", 0.05}};
}

json NodeType(const std::string& name, int count, const std::string& flavor = "t3.medium") {
  return {{"name", name}, {"kind", "ec2"}, {"roles", {"web"}}, {"grade", "medium"},
          {"image", "ami-1"}, {"flavor", flavor}, {"flavor_reason", "cheapest covering grade medium"},
          {"flavor_alternatives", json::array()}, {"count", count}, {"min_per_az", 0},
          {"per_zone", {{"a", count}}}, {"services", {"base", "nginx"}}, {"cost", Cost(0.05 * count)}};
}

json Service(const std::string& name, int order) {
  return {{"name", name}, {"order", order}, {"description", ""}, {"depends_on", json::array()},
          {"audits", json::array()}, {"node_types", {"web"}}, {"ports", json::array()},
          {"chef_run_list", {"recipe[" + name + "]"}}, {"params", json::object()}};
}

// An environment "prod" with `count` web nodes in zone a, all with `params`.
json Environment(int count, const json& params, const std::string& name = "prod") {
  json nodes = json::array();
  for (int i = 1; i <= count; ++i) nodes.push_back(Node(name, "web", "a", i, params));
  return {{"name", name}, {"provider", "aws"}, {"region", "r"}, {"version", "1.0"},
          {"zones", {"a"}}, {"labels", {{"team", "shop"}}},
          {"services", {Service("base", 1), Service("nginx", 2)}},
          {"node_types", {NodeType("web", count)}}, {"nodes", nodes},
          {"rollout", json::array()}, {"cost", Cost(0.05 * count)}};
}

json Plan(std::vector<json> environments) {
  double hourly = 0;
  for (const json& e : environments) hourly += e["cost"]["hourly_usd"].get<double>();
  return {{"format_version", 1}, {"project", "shop"}, {"labels", json::object()},
          {"packager", {{"kind", "tarball"}, {"bucket", "b"}, {"name", "shop"}, {"sha256", ""},
                        {"install_dir", "/opt"}}},
          {"stack", {{"runtime", "python3"}, {"command", "app"}, {"port", 8000}, {"user", "app"}}},
          {"environments", environments}, {"cost", Cost(hourly)}};
}

// A provenance sidecar saying every leaf of every node was set at `at`.
json Provenance(const json& plan, const std::string& at, const std::string& layer) {
  json environments = json::object();
  for (const json& e : plan["environments"]) {
    json nodes = json::object();
    for (const json& n : e["nodes"]) {
      json params = json::object();
      for (const auto& [top, sub] : n["params"].items())
        for (const auto& [key, value] : sub.items())
          params[top + "." + key] = json::array({{{"layer", layer}, {"at", at}}});
      nodes[n["address"].get<std::string>()] = {{"params", params}};
    }
    environments[e["name"].get<std::string>()] = {{"nodes", nodes}, {"node_types", json::object()}};
  }
  return {{"format_version", 1}, {"environments", environments}};
}

PlanDocument Doc(const json& plan, const std::optional<json>& provenance = std::nullopt) {
  PlanDocument doc;
  ir::Diagnostics diags;
  EXPECT_TRUE(ParsePlanDocument(plan.dump(), "plan.json", doc, diags))
      << diags.Render({}, ir::ErrorFormat::kText);
  if (provenance) {
    EXPECT_TRUE(AttachProvenance(provenance->dump(), "p.json", doc, diags));
  }
  return doc;
}

PlanDiff Diff(const json& a, const json& b) { return DiffPlans(Doc(a), Doc(b)); }

json Workers(int n) { return {{"nginx", {{"workers", n}}}}; }

TEST(PlanDiff, IdenticalPlansHaveNoChanges) {
  json plan = Plan({Environment(3, Workers(4))});
  PlanDiff diff = Diff(plan, plan);
  EXPECT_FALSE(diff.changed());
  EXPECT_EQ(DiffToText(diff, {}, false), "No changes.\n");
  EXPECT_EQ(DiffExitCode(diff, {}), kDiffExitNoChanges);
  ASSERT_EQ(diff.environments.size(), 1u);
  EXPECT_FALSE(diff.environments[0].action);
}

TEST(PlanDiff, EnvironmentOrderInTheFileDoesNotMatter) {
  json a = Plan({Environment(1, Workers(4), "prod"), Environment(1, Workers(4), "dev")});
  json b = Plan({Environment(1, Workers(4), "dev"), Environment(1, Workers(4), "prod")});
  EXPECT_FALSE(Diff(a, b).changed());
}

TEST(PlanDiff, SameParameterChangeOnManyNodesIsOneGroupWithItsCause) {
  json a = Plan({Environment(6, Workers(4))});
  json b = Plan({Environment(6, Workers(8))});
  PlanDiff diff = DiffPlans(Doc(a), Doc(b, Provenance(b, "environments/prod.yaml:9:41",
                                                      "environment prod, node type web")));
  const EnvironmentDiff& e = diff.environments.at(0);
  EXPECT_EQ(e.counts.change, 6u);
  ASSERT_EQ(e.node_changes.size(), 1u);
  const NodeChangeGroup& g = e.node_changes[0];
  EXPECT_EQ(g.change.path, "nginx.workers");
  EXPECT_EQ(g.nodes.size(), 6u);
  EXPECT_TRUE(g.all_nodes);
  ASSERT_TRUE(g.change.cause);
  EXPECT_EQ(g.change.cause->at, "environments/prod.yaml:9:41");
  std::string text = DiffToText(diff, {}, false);
  EXPECT_NE(text.find("~ nginx.workers 4 → 8 on 6 nodes of web (prod/web/*)\n"
                      "      set by environments/prod.yaml:9:41 (environment prod, node type web)\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.substr(0, text.find('\n')), "0 to add, 0 to replace, 6 to change, 0 to remove; $0.00/month");
}

TEST(PlanDiff, DifferentCausesOrValuesAreDifferentGroups) {
  json a = Plan({Environment(2, Workers(4))});
  json b = a;
  b["environments"][0]["nodes"][1]["params"] = Workers(16);
  b["environments"][0]["nodes"][0]["params"] = Workers(8);
  PlanDiff diff = Diff(a, b);
  ASSERT_EQ(diff.environments[0].node_changes.size(), 2u);
  EXPECT_FALSE(diff.environments[0].node_changes[0].all_nodes);
}

TEST(PlanDiff, AddedNodeAndItsCost) {
  json a = Plan({Environment(6, Workers(4))});
  json b = Plan({Environment(7, Workers(4))});
  PlanDiff diff = Diff(a, b);
  const EnvironmentDiff& e = diff.environments[0];
  EXPECT_EQ(e.counts.add, 1u);
  ASSERT_EQ(e.node_actions.size(), 1u);
  EXPECT_EQ(e.node_actions[0].action, DiffAction::kCreate);
  EXPECT_EQ(e.node_actions[0].nodes, std::vector<std::string>{"prod/web/a/7"});
  EXPECT_DOUBLE_EQ(diff.cost.delta_monthly(), 36.5);
  ASSERT_EQ(e.node_types.size(), 1u);
  EXPECT_EQ(e.node_types[0].changes.at(0).path, "count");
  EXPECT_EQ(DiffExitCode(diff, {}), kDiffExitChanges);
  std::string text = DiffToText(diff, {}, false);
  EXPECT_EQ(text.substr(0, text.find('\n')), "1 to add, 0 to replace, 0 to change, 0 to remove; +$36.50/month");
  EXPECT_NE(text.find("+ 1 node of web (prod/web/a/7)"), std::string::npos) << text;
}

TEST(PlanDiff, FlavorOrImageForcesReplacementRunListIsInPlace) {
  json a = Plan({Environment(2, Workers(4))});
  json b = a;
  b["environments"][0]["nodes"][0]["flavor"] = "m5.large";
  b["environments"][0]["nodes"][1]["run_list"] = {"base", "nginx", "app"};
  PlanDiff diff = Diff(a, b);
  const EnvironmentDiff& e = diff.environments[0];
  EXPECT_EQ(e.counts.replace, 1u);
  EXPECT_EQ(e.counts.change, 1u);
  ASSERT_EQ(e.node_actions.size(), 2u);
  EXPECT_EQ(e.node_actions[0].action, DiffAction::kReplace);
  EXPECT_EQ(e.node_actions[0].reasons, std::vector<std::string>{"flavor"});
  EXPECT_EQ(e.node_actions[1].action, DiffAction::kUpdate);
}

TEST(PlanDiff, NewReleaseReplacesMachinesButNotDatabases) {
  json a = Plan({Environment(1, Workers(4))});
  json db = Node("prod", "db", "a", 1);
  db["kind"] = "rds";
  json db_type = NodeType("db", 1);
  db_type["kind"] = "rds";
  db_type["rds"] = {{"engine", "postgres"}, {"storage_gib", 100}};
  a["environments"][0]["nodes"].push_back(db);
  a["environments"][0]["node_types"].push_back(db_type);
  json b = a;
  b["environments"][0]["version"] = "1.1";
  b["environments"][0]["node_types"][1]["rds"]["storage_gib"] = 200;
  PlanDiff diff = Diff(a, b);
  const EnvironmentDiff& e = diff.environments[0];
  EXPECT_EQ(e.counts.replace, 1u);  // the web node
  EXPECT_EQ(e.counts.change, 1u);   // the database: storage in place
  bool saw_release = false;
  for (const NodeChangeGroup& g : e.node_changes)
    if (g.change.path == "release.version") {
      saw_release = true;
      EXPECT_EQ(g.node_type, "web");
      EXPECT_TRUE(g.change.forces_replacement);
    }
  EXPECT_TRUE(saw_release);
  b["environments"][0]["node_types"][1]["rds"]["engine"] = "mysql";
  EXPECT_EQ(Diff(a, b).environments[0].counts.replace, 2u);
}

TEST(PlanDiff, RemovedParameterNamesItsOldOrigin) {
  json a = Plan({Environment(1, {{"nginx", {{"workers", 4}, {"debug", true}}}})});
  json b = Plan({Environment(1, Workers(4))});
  PlanDiff diff = DiffPlans(Doc(a, Provenance(a, "services/nginx.yaml:3:5", "service nginx")), Doc(b));
  const NodeChangeGroup& g = diff.environments[0].node_changes.at(0);
  EXPECT_EQ(g.change.path, "nginx.debug");
  EXPECT_FALSE(g.change.new_value);
  std::string text = DiffToText(diff, {}, false);
  EXPECT_NE(text.find("nginx.debug true → (unset) on 1 node of web (prod/web/a/1)\n"
                      "      was set by services/nginx.yaml:3:5 (service nginx)"),
            std::string::npos)
      << text;
}

TEST(PlanDiff, SecretsShowOnlyTheirNames) {
  json a = Plan({Environment(1, {{"db", {{"password", {{"$secret", "old-pw"}}}}}})});
  json b = Plan({Environment(1, {{"db", {{"password", {{"$secret", "new-pw"}}}}}})});
  std::string text = DiffToText(Diff(a, b), {}, false);
  EXPECT_NE(text.find("db.password (secret old-pw) → (secret new-pw)"), std::string::npos) << text;
}

TEST(PlanDiff, IntegerAndFloatDiffer) {
  json a = Plan({Environment(1, {{"app", {{"ratio", 1}}}})});
  json b = Plan({Environment(1, {{"app", {{"ratio", 1.0}}}})});
  EXPECT_TRUE(Diff(a, b).changed());
}

TEST(PlanDiff, ScalarBecomingAMappingShowsBothSides) {
  json a = Plan({Environment(1, {{"app", {{"log", "info"}}}})});
  json b = Plan({Environment(1, {{"app", {{"log", {{"level", "info"}}}}}})});
  PlanDiff diff = Diff(a, b);
  const auto& changes = diff.environments[0].node_changes;
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].change.path, "app.log");
  EXPECT_FALSE(changes[0].change.new_value);
  EXPECT_EQ(changes[1].change.path, "app.log.level");
  EXPECT_FALSE(changes[1].change.old_value);
}

TEST(PlanDiff, EnvironmentsAddedAndRemoved) {
  json a = Plan({Environment(2, Workers(4), "prod")});
  json b = Plan({Environment(1, Workers(4), "dev")});
  PlanDiff diff = Diff(a, b);
  ASSERT_EQ(diff.environments.size(), 2u);
  EXPECT_EQ(diff.environments[0].name, "dev");
  EXPECT_EQ(diff.environments[0].action, DiffAction::kCreate);
  EXPECT_EQ(diff.environments[1].action, DiffAction::kDelete);
  EXPECT_EQ(diff.counts.add, 1u);
  EXPECT_EQ(diff.counts.remove, 2u);
  EXPECT_TRUE(diff.environments[1].node_actions.at(0).all_nodes);
}

TEST(PlanDiff, ServicesAddedRemovedAndReordered) {
  json a = Plan({Environment(1, Workers(4))});
  json b = a;
  json& services = b["environments"][0]["services"];
  services = {Service("nginx", 1), Service("base", 2), Service("redis", 3)};
  services[0]["chef_run_list"] = {"recipe[nginx]", "recipe[nginx::tls]"};
  PlanDiff diff = Diff(a, b);
  const EnvironmentDiff& e = diff.environments[0];
  ASSERT_EQ(e.services.size(), 2u);
  EXPECT_EQ(e.services[0].name, "nginx");
  EXPECT_EQ(e.services[0].action, DiffAction::kUpdate);
  EXPECT_EQ(e.services[1].action, DiffAction::kCreate);
  ASSERT_TRUE(e.service_order);
  EXPECT_EQ(e.service_order->second, (std::vector<std::string>{"nginx", "base"}));
  // The role's run list changed: every node running nginx converges anew.
  EXPECT_EQ(e.counts.change, 1u);
  EXPECT_EQ(e.node_changes.at(0).change.path, "services.nginx.chef_run_list");
}

TEST(PlanDiff, LoadBalancersCount) {
  json a = Plan({Environment(1, Workers(4))});
  json b = a;
  b["environments"][0]["node_types"][0]["load_balancer"] = {{"port", 443}};
  PlanDiff diff = Diff(a, b);
  EXPECT_EQ(diff.counts.add, 1u);
  EXPECT_EQ(diff.environments[0].node_types.at(0).load_balancer, DiffAction::kCreate);
}

TEST(PlanDiff, LabelsBecomeTagsOnEveryNode) {
  json a = Plan({Environment(3, Workers(4))});
  json b = a;
  b["environments"][0]["labels"]["team"] = "web";
  PlanDiff diff = Diff(a, b);
  EXPECT_EQ(diff.counts.change, 3u);
  EXPECT_EQ(diff.environments[0].changes.at(0).path, "labels.team");
}

TEST(PlanDiff, CausesSplitAGroupOfEqualValues) {
  json a = Plan({Environment(3, Workers(4))});
  json b = Plan({Environment(3, Workers(8))});
  json provenance = Provenance(b, "environments/prod.yaml:9:41", "environment prod");
  provenance["environments"]["prod"]["nodes"]["prod/web/a/2"]["params"]["nginx.workers"] =
      json::array({{{"layer", "environment prod, zone a"}, {"at", "environments/prod.yaml:4:9"}}});
  PlanDiff diff = DiffPlans(Doc(a), Doc(b, provenance));
  const auto& groups = diff.environments[0].node_changes;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].nodes, (std::vector<std::string>{"prod/web/a/1", "prod/web/a/3"}));
  EXPECT_EQ(groups[1].change.cause->at, "environments/prod.yaml:4:9");
  EXPECT_FALSE(groups[0].all_nodes);
  // The two phases ask only for the nodes that changed, on the side that matters.
  CauseNeeds needs = NeededCauses(ComparePlans(Doc(a), Doc(b)));
  EXPECT_TRUE(needs.old_nodes.empty());
  EXPECT_EQ(needs.new_nodes.at("prod").size(), 3u);
}

TEST(PlanDiffProvenance, KeepsTheLastOriginOfSelectedNodesOnly) {
  json provenance = {
      {"format_version", 1},
      {"environments",
       {{"prod",
         {{"node_types", {{"web", {{"flavor", "t3.medium"}, {"flavor_reason", "x"}}}}},
          {"nodes",
           {{"prod/web/a/1",
             {{"params",
               {{"nginx.workers", {{{"layer", "service nginx"}, {"at", "services/nginx.yaml:3:5"}},
                                   {{"layer", "node type web"}, {"at", "node_types/web.yaml:9:3"}}}}}}}},
            {"prod/web/a/2",
             {{"params", {{"nginx.workers", {{{"layer", "service nginx"}}}}}}}}}}}}}}};
  PlanDocument doc;
  ir::Diagnostics diags;
  NodeSelection keep{{"prod", {"prod/web/a/1"}}};
  ASSERT_TRUE(AttachProvenance(provenance.dump(), "p.json", doc, diags, &keep));
  const DiffOrigin* origin = doc.provenance->Find("prod", "prod/web/a/1", "nginx.workers");
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(origin->at, "node_types/web.yaml:9:3");
  EXPECT_EQ(origin->layer, "node type web");
  EXPECT_EQ(doc.provenance->Find("prod", "prod/web/a/2", "nginx.workers"), nullptr);
  ASSERT_TRUE(AttachProvenance(provenance.dump(), "p.json", doc, diags));
  EXPECT_NE(doc.provenance->Find("prod", "prod/web/a/2", "nginx.workers"), nullptr);
  EXPECT_FALSE(AttachProvenance("{\"format_version\": 2, \"environments\": {}}", "v2.json", doc, diags));
  EXPECT_FALSE(AttachProvenance("{\"format_version\": 1, \"environments\": {", "cut.json", doc, diags));
  std::string text = diags.Render({}, ir::ErrorFormat::kText);
  EXPECT_NE(text.find("provenance 'v2.json': missing or unsupported format_version"), std::string::npos) << text;
  EXPECT_NE(text.find("provenance 'cut.json': not valid JSON"), std::string::npos) << text;
}

TEST(PlanDiffPolicy, ParsesRulesAndRejectsUnknownOnes) {
  DiffPolicy policy;
  std::string error;
  ASSERT_TRUE(ParseFailOn({"replace,cost-increase:12.5", "delete"}, policy, error)) << error;
  EXPECT_TRUE(policy.fail_on_replace);
  EXPECT_TRUE(policy.fail_on_delete);
  EXPECT_EQ(policy.max_cost_increase_percent, 12.5);
  EXPECT_FALSE(ParseFailOn({"cost-increase:ten"}, policy, error));
  EXPECT_FALSE(ParseFailOn({"create"}, policy, error));
  EXPECT_NE(error.find("unknown rule 'create'"), std::string::npos);
}

TEST(PlanDiffPolicy, CostIncreaseThreshold) {
  json a = Plan({Environment(10, Workers(4))});
  json b = Plan({Environment(11, Workers(4))});  // +10 %
  PlanDiff diff = Diff(a, b);
  DiffPolicy policy;
  policy.max_cost_increase_percent = 10;
  EXPECT_TRUE(PolicyViolations(diff, policy).empty());
  policy.max_cost_increase_percent = 9.9;
  std::vector<std::string> violations = PolicyViolations(diff, policy);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(DiffExitCode(diff, violations), kDiffExitForbidden);
  EXPECT_NE(violations[0].find("+10.0%"), std::string::npos) << violations[0];
  // A cheaper plan never fails the rule; deletions fail `delete`.
  policy.fail_on_delete = true;
  violations = PolicyViolations(Diff(b, a), policy);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].find("deleted"), std::string::npos);
}

TEST(PlanDiffRender, MarkdownEscapesValues) {
  json a = Plan({Environment(1, {{"app", {{"banner", "a"}}}})});
  json b = Plan({Environment(1, {{"app", {{"banner", "x|`y`<b>\u202e"}}}})});
  std::string md = DiffToMarkdown(Diff(a, b), {});
  EXPECT_NE(md.find("``\"x|`y`<b>\\u{202E}\"``"), std::string::npos) << md;
  EXPECT_EQ(md.find("\u202e"), std::string::npos);
  EXPECT_NE(md.find("<details><summary><b>prod</b>"), std::string::npos);
  EXPECT_NE(md.find("| `prod` | 0 | 0 | 1 | 0 |"), std::string::npos) << md;
}

TEST(PlanDiffRender, MarkdownStaysUnderGithubsCommentLimit) {
  json before = json::object(), after = json::object();
  for (int i = 0; i < 1000; ++i) {
    before["k" + std::to_string(i)] = i;
    after["k" + std::to_string(i)] = i + 1;
  }
  std::string md = DiffToMarkdown(Diff(Plan({Environment(1, {{"app", before}})}),
                                       Plan({Environment(1, {{"app", after}})})),
                                  {});
  EXPECT_LT(md.size(), 65536u);
  EXPECT_NE(md.find("- … and 801 more (see `nbc diff --format text` or `--format json`)"),
            std::string::npos);
}

TEST(PlanDiffRender, JsonCarriesEveryAddress) {
  json a = Plan({Environment(6, Workers(4))});
  json b = Plan({Environment(6, Workers(8))});
  json out = json::parse(DiffToJson(Diff(a, b), {"x"}));
  EXPECT_EQ(out["format_version"], 1);
  EXPECT_EQ(out["counts"]["change"], 6);
  const json& change = out["environments"][0]["node_changes"][0];
  EXPECT_EQ(change["path"], "nginx.workers");
  EXPECT_EQ(change["old"], 4);
  EXPECT_EQ(change["new"], 8);
  EXPECT_EQ(change["nodes"].size(), 6u);
  EXPECT_EQ(out["violations"], json::array({"x"}));
}

TEST(PlanDiffInput, RejectsWhatItCannotRead) {
  PlanDocument doc;
  ir::Diagnostics diags;
  EXPECT_FALSE(ParsePlanDocument("{not json", "a.json", doc, diags));
  json plan = Plan({Environment(1, Workers(4))});
  plan["format_version"] = 2;
  EXPECT_FALSE(ParsePlanDocument(plan.dump(), "b.json", doc, diags));
  plan["format_version"] = 1;
  plan["environments"][0]["nodes"][0].erase("address");
  plan["environments"][0]["nodes"].push_back(plan["environments"][0]["nodes"][0]);
  plan["environments"][0]["nodes"][1]["address"] = 7;
  EXPECT_FALSE(ParsePlanDocument(plan.dump(), "c.json", doc, diags));
  std::string text = diags.Render({}, ir::ErrorFormat::kText);
  EXPECT_NE(text.find("error: plan 'a.json': not valid JSON"), std::string::npos) << text;
  EXPECT_NE(text.find("plan 'b.json': /format_version: unsupported format_version 2"), std::string::npos) << text;
  EXPECT_NE(text.find("plan 'c.json': /environments/0/nodes/0/address: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("plan 'c.json': /environments/0/nodes/1/address: expected a string"), std::string::npos) << text;
}

}  // namespace
}  // namespace nbc::backends
