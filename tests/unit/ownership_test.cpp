// SPDX-License-Identifier: Apache-2.0
// Ownership and cost (Larry): label-level parameters with their precedence
// and provenance, labels as tags on every taggable cloud resource, and the
// cost roll-up by customer, app, environment and node type in the plan and
// in the diff.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backends/cloudformation/cloudformation.h"
#include "backends/cost_rollup.h"
#include "backends/plan_diff.h"
#include "backends/plan_diff_render.h"
#include "backends/plan_json.h"
#include "backends/plan_text.h"
#include "backends/provenance_json.h"
#include "backends/registry.h"
#include "compiler/explain.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using nlohmann::json;

// Two environments of one customer: `acme-prod` (app shop) and `globex-dev`
// (app shop, customer globex); label_params for each label key.
std::map<std::string, std::string> Owned(const std::string& label_params) {
  return With(MinimalProject(),
              {{"nbc.yaml", MinimalProject().at("nbc.yaml") +
                                "labels: { customer: acme, app: shop }\n" + label_params},
               {"services/hello.yaml",
                "requires: { role: web }\n"
                "params: { nginx: { workers: 1, user: www, log: info } }\n"},
               {"environments/acme-prod.yaml",
                "provider: aws\nregion: r\nzones: { a: {}, b: {} }\nservices: [hello]\n"
                "labels: { instance: acme-shop-prod }\n"
                "node_types: { web: { count: 3 } }\n"},
               {"environments/dev.yaml",
                "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
                "labels: { customer: globex, instance: globex-shop-dev }\n"
                "node_types: { web: { params: { nginx: { log: debug } } } }\n"}});
}

const char* kLabelParams =
    "label_params:\n"
    "  customer:\n"
    "    acme: { nginx: { workers: 2, user: acme } }\n"
    "    globex: { nginx: { workers: 3 } }\n"
    "  app:\n"
    "    shop: { nginx: { workers: 4, log: warn } }\n"
    "  instance:\n"
    "    acme-shop-prod: { nginx: { workers: 5 } }\n";

const ir::PlanEnvironment& EnvNamed(const ir::Plan& plan, const std::string& name) {
  for (const ir::PlanEnvironment& e : plan.environments)
    if (e.name == name) return e;
  throw std::runtime_error("no environment " + name);
}

TEST(LabelParams, CustomerBelowAppBelowInstanceBelowNodeTypeAndEnvironment) {
  auto c = Compile(Owned(kLabelParams));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const ir::PlanNode& prod = EnvNamed(*c->plan, "acme-prod").nodes.at(0);
  EXPECT_EQ(prod.params.Find("nginx.workers")->int_value, 5);  // instance wins over app
  EXPECT_EQ(prod.params.Find("nginx.user")->text, "acme");     // customer over the service
  EXPECT_EQ(prod.params.Find("nginx.log")->text, "warn");      // app over the service
  const ir::PlanNode& dev = EnvNamed(*c->plan, "dev").nodes.at(0);
  EXPECT_EQ(dev.params.Find("nginx.workers")->int_value, 4);   // globex 3, then app shop 4
  EXPECT_EQ(dev.params.Find("nginx.user")->text, "www");       // acme's does not apply
  EXPECT_EQ(dev.params.Find("nginx.log")->text, "debug");      // the environment wins
}

TEST(LabelParams, NodeTypeOverridesTheLabelLayers) {
  auto files = Owned(kLabelParams);
  files["node_types/web.yaml"] = "roles: [web]\ngrade: small\nparams: { nginx: { workers: 9 } }\n";
  auto c = Compile(files);
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(EnvNamed(*c->plan, "acme-prod").nodes.at(0).params.Find("nginx.workers")->int_value, 9);
}

TEST(LabelParams, ProvenanceAndExplainNameTheLabelLayers) {
  auto c = Compile(Owned(kLabelParams), {"acme-prod"});
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  json provenance = json::parse(backends::ProvenanceToJson(*c->plan));
  json chain = provenance["environments"]["acme-prod"]["nodes"]["acme-prod/web/a/1"]["params"]["nginx.workers"];
  ASSERT_EQ(chain.size(), 4u) << chain.dump();
  EXPECT_EQ(chain[0]["layer"], "service hello");
  EXPECT_EQ(chain[1]["layer"], "customer acme");
  EXPECT_EQ(chain[1]["at"], "nbc.yaml:16:31");
  EXPECT_EQ(chain[2]["layer"], "app shop");
  EXPECT_EQ(chain[3]["layer"], "instance acme-shop-prod");
  EXPECT_EQ(chain[3]["at"], "nbc.yaml:21:41");

  ir::Diagnostics diags;
  auto text = compiler::Explain(*c->model, c->plan->environments[0], "web", "nginx.workers", diags);
  ASSERT_TRUE(text) << diags.Render(c->files, ir::ErrorFormat::kText);
  EXPECT_NE(text->find("\n   1  service hello                         sets       1      services/hello.yaml:2:29\n"
                       "   2  customer acme                         overrides  2      nbc.yaml:16:31\n"
                       "   3  app shop                              overrides  4      nbc.yaml:19:31\n"
                       "   4  instance acme-shop-prod               overrides  5      nbc.yaml:21:41\n"
                       "   5  node type web                         -\n"),
            std::string::npos)
      << *text;
  EXPECT_LT(text->find("instance acme-shop-prod"), text->find("node type web"));
}

TEST(LabelParams, UnknownLabelKeyIsAnErrorAndAnUnusedValueALint) {
  auto bad = Compile(Owned("label_params:\n  team: { web: { nginx: { workers: 2 } } }\n"));
  EXPECT_FALSE(bad->model);
  EXPECT_EQ(bad->Diagnostics(),
            "nbc.yaml:15:3: error: label_params has no layer for label 'team'\n"
            "  hint: the label layers are customer, app and instance (lowest to highest "
            "precedence); put other parameters in an environment's params\n");

  auto unused = Compile(Owned("label_params:\n  customer:\n    initech: { nginx: { workers: 2 } }\n"));
  ASSERT_TRUE(unused->plan) << unused->Diagnostics();
  EXPECT_EQ(unused->Diagnostics(),
            "nbc.yaml:16:14: warning: parameters of customer initech reach no node\n"
            "  hint: the node type has no nodes there, or every environment using it removes it\n");
}

TEST(CostRollup, ByCustomerAppEnvironmentAndNodeType) {
  auto files = Owned("");
  files["environments/ops.yaml"] =  // no customer label of its own: the project's
      "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\nnode_types: { web: {} }\n";
  files["nbc.yaml"] = MinimalProject().at("nbc.yaml") + "labels: { app: shop }\n";
  files["environments/acme-prod.yaml"] =
      "provider: aws\nregion: r\nzones: { a: {}, b: {} }\nservices: [hello]\n"
      "labels: { customer: acme }\nnode_types: { web: { count: 3 } }\n";
  auto c = Compile(files);
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto dims = backends::RollUpCosts(*c->plan);
  ASSERT_EQ(dims.size(), 4u);
  EXPECT_EQ(dims[0].name, "customer");
  ASSERT_EQ(dims[0].groups.size(), 3u);
  EXPECT_EQ(dims[0].groups[0].name, "acme");
  EXPECT_NEAR(dims[0].groups[0].hourly_usd, 3 * 0.0104, 1e-9);
  EXPECT_EQ(dims[0].groups[1].name, "globex");
  EXPECT_EQ(dims[0].groups[2].name, std::nullopt);  // the unlabelled last
  EXPECT_EQ(dims[0].groups[2].environments, std::vector<std::string>{"ops"});
  EXPECT_EQ(dims[1].name, "app");
  ASSERT_EQ(dims[1].groups.size(), 1u);
  EXPECT_EQ(dims[1].groups[0].environments, (std::vector<std::string>{"acme-prod", "dev", "ops"}));
  EXPECT_NEAR(dims[1].groups[0].hourly_usd, 5 * 0.0104, 1e-9);
  EXPECT_EQ(dims[3].name, "node_type");
  ASSERT_EQ(dims[3].groups.size(), 1u);
  EXPECT_NEAR(dims[3].groups[0].hourly_usd, 5 * 0.0104, 1e-9);

  json plan = json::parse(backends::PlanToJson(*c->plan));
  EXPECT_EQ(plan["costs"]["customer"][0],
            json::parse(R"({"name": "acme", "environments": ["acme-prod"], "hourly_usd": 0.0312,
                            "monthly_usd": 22.78})"));
  EXPECT_TRUE(plan["costs"]["customer"][2]["name"].is_null());
  std::string text = backends::PlanToText(*c->plan);
  EXPECT_NE(text.find("\nCosts by customer, app, environment and node type:\n"
                      "  by           name                 $/hour  $/month  environments\n"
                      "  customer     acme                 0.0312    22.78  acme-prod\n"
                      "  customer     globex               0.0104     7.59  dev\n"
                      "  customer     (no customer label)  0.0104     7.59  ops\n"
                      "  app          shop                 0.0520    37.96  acme-prod, dev, ops\n"
                      "  environment  acme-prod            0.0312    22.78\n"
                      "  environment  dev                  0.0104     7.59\n"
                      "  environment  ops                  0.0104     7.59\n"
                      "  node type    web                  0.0520    37.96  acme-prod, dev, ops\n"),
            std::string::npos)
      << text;
}

backends::PlanDocument Doc(const ir::Plan& plan, const std::string& label) {
  backends::PlanDocument doc;
  ir::Diagnostics diags;
  EXPECT_TRUE(backends::ParsePlanDocument(backends::PlanToJson(plan), label, doc, diags))
      << diags.Render({}, ir::ErrorFormat::kText);
  return doc;
}

TEST(CostRollup, TheDiffShowsWhatEachCustomerAndAppPaysMore) {
  auto before = Compile(Owned(""));
  auto files = Owned("");
  files["environments/acme-prod.yaml"] =
      "provider: aws\nregion: r\nzones: { a: {}, b: {} }\nservices: [hello]\n"
      "labels: { instance: acme-shop-prod }\nnode_types: { web: { count: 4 } }\n";
  auto after = Compile(files);
  ASSERT_TRUE(before->plan && after->plan) << before->Diagnostics() << after->Diagnostics();
  backends::PlanDiff diff = backends::DiffPlans(Doc(*before->plan, "old"), Doc(*after->plan, "new"));
  ASSERT_EQ(diff.costs_by.size(), 4u);
  ASSERT_EQ(diff.costs_by[0].groups.size(), 1u);  // globex pays the same: not listed
  EXPECT_EQ(diff.costs_by[0].groups[0].name, "acme");
  EXPECT_NEAR(diff.costs_by[0].groups[0].cost.delta_monthly(), 7.59, 1e-9);
  EXPECT_NEAR(diff.costs_by[1].groups[0].cost.delta_monthly(), 7.59, 1e-9);

  std::string text = backends::DiffToText(diff, {}, false);
  EXPECT_NE(text.find("\n      by customer: acme $22.78 → $30.37 (+$7.59) a month\n"
                      "      by app: shop $30.37 → $37.96 (+$7.59) a month\n"
                      "      by environment: acme-prod $22.78 → $30.37 (+$7.59) a month\n"
                      "      by node type: web $30.37 → $37.96 (+$7.59) a month\n"),
            std::string::npos)
      << text;
  json j = json::parse(backends::DiffToJson(diff, {}));
  EXPECT_EQ(j["costs_by"]["customer"][0]["name"], "acme");
  EXPECT_EQ(j["costs_by"]["customer"][0]["cost"]["delta_monthly_usd"], 7.59);
  EXPECT_EQ(j["costs_by"]["app"].size(), 1u);
  std::string md = backends::DiffToMarkdown(diff, {});
  EXPECT_NE(md.find("- by customer: `acme` \\$22.78 → \\$30.37 (+\\$7.59) a month\n"), std::string::npos)
      << md;
}

TEST(CostRollup, APlanWithoutCostsIsRolledUpFromItsEnvironments) {
  auto before = Compile(Owned(""));
  auto after = Compile(Owned(""));
  ASSERT_TRUE(before->plan && after->plan);
  json old_plan = json::parse(backends::PlanToJson(*before->plan));
  old_plan.erase("costs");  // as an older nbc wrote it
  old_plan["environments"][0]["cost"]["monthly_usd"] = 10.0;  // acme-prod
  backends::PlanDocument old_doc;
  ir::Diagnostics diags;
  ASSERT_TRUE(backends::ParsePlanDocument(old_plan.dump(), "old", old_doc, diags));
  backends::PlanDiff diff = backends::DiffPlans(old_doc, Doc(*after->plan, "new"));
  ASSERT_EQ(diff.costs_by[0].groups.size(), 1u);
  EXPECT_EQ(diff.costs_by[0].groups[0].name, "acme");
  EXPECT_NEAR(diff.costs_by[0].groups[0].cost.old_monthly, 10.0, 1e-9);
  EXPECT_NEAR(diff.costs_by[0].groups[0].cost.new_monthly, 22.78, 1e-9);
}

// Resource types CloudFormation cannot tag (no Tags property).
bool Untaggable(const std::string& type) {
  return type == "AWS::EC2::SecurityGroupIngress" || type == "AWS::ElasticLoadBalancingV2::Listener" ||
         type == "AWS::IAM::InstanceProfile";
}

TEST(Tags, EveryTaggableResourceOfTheShopCarriesEveryLabel) {
  TempProject unused({});
  ir::SourceFiles files;
  ir::Diagnostics diags;
  auto model = compiler::LoadModel(std::filesystem::path(NBC_SOURCE_DIR) / "examples/shop", files, diags);
  ASSERT_TRUE(model) << diags.Render(files, ir::ErrorFormat::kText);
  auto plan = compiler::BuildPlan(*model, {"production"}, diags);
  ASSERT_TRUE(plan) << diags.Render(files, ir::ErrorFormat::kText);
  backends::OutputSet out;
  backends::CloudFormationBackend().Emit(backends::SingleEnvironment(*plan, 0), out, diags);
  ASSERT_FALSE(diags.has_errors()) << diags.Render(files, ir::ErrorFormat::kText);
  json t = json::parse(out.files().at("cloudformation/production.json"));
  const std::map<std::string, std::string> labels = plan->environments[0].labels;
  ASSERT_EQ(labels.at("instance"), "acme-storefront-production");
  size_t checked = 0;
  for (const auto& [id, resource] : t["Resources"].items()) {
    std::string type = resource["Type"];
    if (Untaggable(type)) continue;
    const json& p = resource["Properties"];
    std::vector<json> lists;
    if (p.contains("Tags")) lists.push_back(p["Tags"]);
    for (const json* specs : {p.contains("TagSpecifications") ? &p["TagSpecifications"] : nullptr,
                              p.contains("LaunchTemplateData") && p["LaunchTemplateData"].contains("TagSpecifications")
                                  ? &p["LaunchTemplateData"]["TagSpecifications"]
                                  : nullptr})
      if (specs)
        for (const json& spec : *specs) lists.push_back(spec["Tags"]);
    ASSERT_FALSE(lists.empty()) << id << " (" << type << ") has no tags";
    for (const json& list : lists)
      for (const auto& [key, value] : labels)
        EXPECT_NE(std::find(list.begin(), list.end(), json{{"Key", key}, {"Value", value}}), list.end())
            << id << " lacks the tag " << key;
    ++checked;
  }
  EXPECT_GT(checked, 20u);
}

}  // namespace
}  // namespace nbc::testing
