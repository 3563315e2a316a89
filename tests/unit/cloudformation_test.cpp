// SPDX-License-Identifier: Apache-2.0
// The CloudFormation backend: logical IDs and their collisions, ingress from
// the service DAG, user values never inside Fn::Sub strings, secrets as
// dynamic references, nested stacks for estates over the limits, and
// diagnostics for bad input. cfn-lint itself runs in tests/cloudformation/.
#include "backends/cloudformation/cloudformation.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "backends/cfn_metadata_reader.h"
#include "backends/cloudformation/logical_ids.h"
#include "backends/cloudformation/security_groups.h"
#include "backends/consistency.h"
#include "backends/registry.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using nlohmann::json;

struct Emitted {
  backends::OutputSet out;
  ir::Diagnostics diags;
  std::string Rendered(const Compiled& c) const { return diags.Render(c.files, ir::ErrorFormat::kText); }
  json Template(const std::string& path) const { return json::parse(out.files().at(path)); }
};

std::unique_ptr<Emitted> Emit(const Compiled& c, backends::cfn::Limits limits = {}) {
  auto e = std::make_unique<Emitted>();
  backends::CloudFormationBackend(limits).Emit(backends::SingleEnvironment(*c.plan, 0), e->out, e->diags);
  return e;
}

// A web tier behind a load balancer, an app, a database on RDS, monitoring
// on an ops host and log rotation beside what it rotates.
std::map<std::string, std::string> Shop(const std::string& env_extra = "") {
  return With(MinimalProject(),
              {{"services/hello.yaml",
                "requires: { role: web }\nports: [{ port: 80 }]\n"
                "depends_on: [app]\n"},
               {"services/app.yaml",
                "requires: { role: web }\nports: [{ port: 8000 }]\n"
                "depends_on: [db]\nparams: { app: { key: !secret app-key } }\n"},
               {"services/db.yaml",
                "requires: { role: db }\nports: [{ port: 5432 }]\n"
                "params: { postgresql: { password: !secret db-password } }\n"},
               {"services/monitoring.yaml",
                "requires: { role: ops }\nports: [{ port: 9090 }]\n"
                "audit_kind: monitoring\naudits: [hello, db]\n"},
               {"services/logrotate.yaml", "audit_kind: log-rotation\naudits: [hello]\n"},
               {"node_types/web.yaml",
                "roles: [web]\ngrade: small\nimage: ami-0abcdef1234567890\ncount: 2\n"
                "load_balancer: { port: 443, target_port: 80, health_check: { path: /healthz } }\n"},
               {"node_types/ops.yaml", "roles: [ops]\ngrade: small\n"},
               {"node_types/db.yaml",
                "kind: rds\nroles: [db]\ngrade: small\n"
                "rds: { engine: postgres, storage_gib: 50, max_storage_gib: 200 }\n"},
               {"environments/dev.yaml",
                "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {}, eu-west-1b: {} }\n"
                "version: \"1.0\"\nservices: [hello, monitoring, logrotate]\n"
                "node_types: { web: {}, ops: {}, db: {} }\n" +
                    env_extra}});
}

// Every string in a JSON tree, with the Fn::Sub template strings apart.
void Strings(const json& j, std::vector<std::string>& plain, std::vector<std::string>& sub_templates) {
  if (j.is_string()) plain.push_back(j.get<std::string>());
  if (j.is_array())
    for (const json& item : j) Strings(item, plain, sub_templates);
  if (!j.is_object()) return;
  for (const auto& [key, value] : j.items()) {
    if (key == "Fn::Sub") {
      ASSERT_TRUE(value.is_array() && value.size() == 2 && value[0].is_string() && value[1].is_object())
          << "Fn::Sub must take the variable-map form: " << value.dump();
      sub_templates.push_back(value[0].get<std::string>());
      Strings(value[1], plain, sub_templates);
    } else {
      Strings(value, plain, sub_templates);
    }
  }
}

TEST(CloudFormationIds, CamelCaseFromNames) {
  using backends::cfn::CamelCase;
  EXPECT_EQ(CamelCase("web-production-us-east-1a-1"), "WebProductionUsEast1a1");
  EXPECT_EQ(CamelCase("us-east-1a"), "UsEast1a");
  EXPECT_EQ(CamelCase("a--b_c.d"), "ABCD");
  EXPECT_EQ(CamelCase(""), "");
  ir::PlanNode node{
      .address = "production/web/us-east-1a/1", .node_type = "web", .zone = "us-east-1a", .index = 1};
  EXPECT_EQ(backends::cfn::ids::Instance(node), "InstanceWebUsEast1a1");
  node.node_type = "db-main";
  EXPECT_EQ(backends::cfn::ids::Database(node), "DatabaseDbMainUsEast1a1");
  EXPECT_EQ(backends::cfn::ids::Certificate("web"), "CertificateWebArn");
}

TEST(CloudFormationIds, CollisionsAreErrorsNamingBoth) {
  backends::cfn::LogicalIds ids;
  ir::Diagnostics diags;
  EXPECT_TRUE(ids.Claim("SecurityGroupWebA", "node type web-a", diags));
  EXPECT_FALSE(ids.Claim("SecurityGroupWeba", "node type weba", diags));
  EXPECT_FALSE(ids.Claim("Bad-Id", "node type x", diags));
  ASSERT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(diags.all()[0].message,
            "cloudformation logical id 'SecurityGroupWeba' of node type weba collides with "
            "'SecurityGroupWebA' of node type web-a");
  EXPECT_EQ(diags.all()[1].message,
            "cloudformation logical id 'Bad-Id' of node type x is not 1 to 255 letters and digits "
            "starting with a letter");
}

TEST(CloudFormationIds, CollidingNodeTypeNamesStopTheTemplate) {
  auto c = Compile(With(MinimalProject(), {{"node_types/web-a.yaml", "roles: [web]\ngrade: small\n"},
                                           {"node_types/weba.yaml", "roles: [web]\ngrade: small\n"},
                                           {"environments/dev.yaml",
                                            "provider: aws\nregion: r\nzones: { z1: {} }\nservices: [hello]\n"
                                            "node_types: { web-a: {}, weba: {} }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  EXPECT_TRUE(e->out.files().empty());
  EXPECT_NE(e->Rendered(*c).find("error: cloudformation logical id 'SecurityGroupWeba' of node type weba "
                                 "collides with 'SecurityGroupWebA' of node type web-a"),
            std::string::npos)
      << e->Rendered(*c);
}

TEST(CloudFormationIngress, FollowsTheDagPortsAndLoadBalancer) {
  auto c = Compile(Shop());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  std::vector<std::string> rules;
  for (const auto& r : backends::cfn::IngressRules(c->plan->environments[0])) {
    std::string reasons;
    for (const std::string& reason : r.reasons) reasons += "; " + reason;
    rules.push_back(r.LogicalId() + ": " + r.group + " <- " + (r.source.empty() ? "0.0.0.0/0" : r.source) +
                    " " + r.protocol + "/" + std::to_string(r.port) + " (" + r.owner + reasons + ")");
  }
  // logrotate runs beside hello on every web host: no rule. monitoring on
  // ops reaches hello and db. hello → app on the same node type keeps its rule.
  EXPECT_EQ(
      rules,
      (std::vector<std::string>{
          "IngressLoadBalancerWebFromAnywhereTcp443: LoadBalancerSecurityGroupWeb <- 0.0.0.0/0 tcp/443 "
          "(web; listener of web)",
          "IngressDbFromOpsTcp5432: SecurityGroupDb <- SecurityGroupOps tcp/5432 (db; monitoring audits db)",
          "IngressDbFromWebTcp5432: SecurityGroupDb <- SecurityGroupWeb tcp/5432 (db; app depends on db)",
          "IngressWebFromLoadBalancerWebTcp80: SecurityGroupWeb <- LoadBalancerSecurityGroupWeb tcp/80 "
          "(web; load balancer of web)",
          "IngressWebFromOpsTcp80: SecurityGroupWeb <- SecurityGroupOps tcp/80 (web; monitoring audits "
          "hello)",
          "IngressWebFromWebTcp8000: SecurityGroupWeb <- SecurityGroupWeb tcp/8000 (web; hello depends on "
          "app)",
      }));
  auto e = Emit(*c);
  ASSERT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
  const json t = e->Template("cloudformation/dev.json");
  json rule = t["Resources"]["IngressDbFromWebTcp5432"];
  EXPECT_EQ(rule["Type"], "AWS::EC2::SecurityGroupIngress");
  EXPECT_EQ(rule["Properties"]["SourceSecurityGroupId"],
            json::parse(R"({"Fn::GetAtt": ["SecurityGroupWeb", "GroupId"]})"));
  EXPECT_EQ(rule["Properties"]["FromPort"], 5432);
  // Only the listener is open to the internet.
  int open = 0;
  for (const auto& [id, r] : t["Resources"].items())
    if (r["Properties"].contains("CidrIp")) {
      ++open;
      EXPECT_EQ(id, "IngressLoadBalancerWebFromAnywhereTcp443");
    }
  EXPECT_EQ(open, 1);
}

// The Shop with user values in labels and a health check path.
std::unique_ptr<Compiled> ShopWith(const std::string& owner, const std::string& team,
                                   const std::string& path) {
  return Compile(With(Shop("labels: { owner: \"" + owner + "\", team: \"" + team + "\" }\n"),
                      {{"node_types/web.yaml",
                        "roles: [web]\ngrade: small\nimage: ami-0abcdef1234567890\n"
                        "load_balancer: { port: 80, target_port: 80, protocol: HTTP, "
                        "health_check: { path: \"" +
                            path + "\" } }\n"}}));
}

TEST(CloudFormationSub, UserValuesNeverInsideSubStrings) {
  auto hostile = ShopWith("${AWS::AccountId}", "${DBPassword}", "/${AWS::AccountId}");
  auto benign = ShopWith("someone", "some-team", "/healthz");
  ASSERT_TRUE(hostile->plan && benign->plan) << hostile->Diagnostics();
  auto e = Emit(*hostile);
  ASSERT_FALSE(e->diags.has_errors()) << e->Rendered(*hostile);
  std::vector<std::string> plain, subs, benign_plain, benign_subs;
  Strings(e->Template("cloudformation/dev.json"), plain, subs);
  Strings(Emit(*benign)->Template("cloudformation/dev.json"), benign_plain, benign_subs);
  // The Sub strings do not depend on user values at all…
  ASSERT_FALSE(subs.empty());
  EXPECT_EQ(std::set<std::string>(subs.begin(), subs.end()),
            std::set<std::string>(benign_subs.begin(), benign_subs.end()));
  // …and name only pseudo parameters and nbc's own variables.
  const std::set<std::string> allowed = {
      "AWS::Region", "AWS::Partition", "AWS::AccountId", "AWS::URLSuffix", "Bucket", "Key", "Name"};
  for (const std::string& s : subs)
    for (size_t at = s.find("${"); at != std::string::npos; at = s.find("${", at + 2))
      EXPECT_TRUE(allowed.count(s.substr(at + 2, s.find('}', at) - at - 2))) << s;
  // The values themselves are plain literals (tags, the target group's path).
  EXPECT_GT(std::count(plain.begin(), plain.end(), "${AWS::AccountId}"), 0);
  EXPECT_GT(std::count(plain.begin(), plain.end(), "${DBPassword}"), 0);
  EXPECT_EQ(std::count(plain.begin(), plain.end(), "/${AWS::AccountId}"), 1);
}

TEST(CloudFormationSecrets, DatabasePasswordIsADynamicReference) {
  auto c = Compile(Shop());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  ASSERT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
  const std::string& text = e->out.files().at("cloudformation/dev.json");
  EXPECT_EQ(text.find("$secret"), std::string::npos);
  json db = e->Template("cloudformation/dev.json")["Resources"]["DatabaseDbEuWest1a1"];
  EXPECT_EQ(db["Properties"]["MasterUserPassword"], "{{resolve:secretsmanager:db-password:SecretString}}");
  EXPECT_EQ(db["Properties"]["MaxAllocatedStorage"], 200);
  EXPECT_EQ(db["Properties"]["AllocatedStorage"], "50");
  EXPECT_EQ(db["Properties"]["AvailabilityZone"], "eu-west-1a");
  EXPECT_EQ(db["Properties"]["Port"], "5432");
  EXPECT_EQ(db["DeletionPolicy"], "Snapshot");
  EXPECT_EQ(db["UpdateReplacePolicy"], "Snapshot");
  EXPECT_EQ(db["Metadata"]["nbc"]["run_list"], json::array({"db"}));
}

TEST(CloudFormationSecrets, WithoutASecretRdsManagesThePassword) {
  auto c = Compile(With(Shop(), {{"services/db.yaml", "requires: { role: db }\nports: [{ port: 5432 }]\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  json props = e->Template("cloudformation/dev.json")["Resources"]["DatabaseDbEuWest1a1"]["Properties"];
  EXPECT_EQ(props["ManageMasterUserPassword"], true);
  EXPECT_FALSE(props.contains("MasterUserPassword"));
  EXPECT_EQ(props["MasterUsername"], "nbcadmin");
}

TEST(CloudFormationSecrets, SeveralPasswordSecretsAreAnError) {
  auto c = Compile(With(Shop(), {{"services/db.yaml",
                                  "requires: { role: db }\nparams: { a: { password: !secret one }, "
                                  "b: { password: !secret two } }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  EXPECT_TRUE(e->out.files().empty());
  EXPECT_NE(e->Rendered(*c).find("error: node dev/db/eu-west-1a/1 has several password secrets (a.password, "
                                 "b.password); nbc cannot tell which is the master password"),
            std::string::npos)
      << e->Rendered(*c);
}

TEST(CloudFormationSecrets, UsernameNextToThePassword) {
  auto db = [](const std::string& username) {
    return With(Shop(), {{"services/db.yaml", "requires: { role: db }\nparams: { postgresql: { username: " +
                                                  username + ", password: !secret db-password } }\n"}});
  };
  auto c = Compile(db("app_admin"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  json props = e->Template("cloudformation/dev.json")["Resources"]["DatabaseDbEuWest1a1"]["Properties"];
  EXPECT_EQ(props["MasterUsername"], "app_admin");
  auto bad = Compile(db("\"drop table\""));
  ASSERT_TRUE(bad->plan) << bad->Diagnostics();
  auto rejected = Emit(*bad);
  EXPECT_TRUE(rejected->out.files().empty());
  EXPECT_NE(rejected->Rendered(*bad).find("error: the master username of node dev/db/eu-west-1a/1 "
                                          "\"drop table\" is not usable"),
            std::string::npos)
      << rejected->Rendered(*bad);
}

TEST(CloudFormationInstances, LaunchTemplateUserDataAndMetadata) {
  auto c = Compile(Shop());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  json t = e->Template("cloudformation/dev.json");
  json data = t["Resources"]["LaunchTemplateWeb"]["Properties"]["LaunchTemplateData"];
  EXPECT_EQ(data["MetadataOptions"]["HttpTokens"], "required");
  EXPECT_EQ(data["InstanceType"], "t3.micro");
  // ops has no image: the latest Amazon Linux 2023 from SSM, as a parameter.
  EXPECT_EQ(t["Resources"]["LaunchTemplateOps"]["Properties"]["LaunchTemplateData"]["ImageId"],
            json::parse(R"({"Ref": "ImageOps"})"));
  EXPECT_EQ(t["Parameters"]["ImageOps"]["Default"],
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  EXPECT_TRUE(t["Parameters"].contains("CertificateWebArn"));
  json instance = t["Resources"]["InstanceWebEuWest1b1"];
  EXPECT_EQ(instance["Properties"]["AvailabilityZone"], "eu-west-1b");
  EXPECT_EQ(instance["Properties"]["SubnetId"], json::parse(R"({"Ref": "SubnetEuWest1b"})"));
  json sub = instance["Properties"]["UserData"]["Fn::Base64"]["Fn::Sub"];
  EXPECT_LT(sub[0].get<std::string>().size(), 1024u);  // EC2 allows 16 KB
  EXPECT_EQ(sub[1]["Key"], "hello/dev/bootstrap/web-dev-eu-west-1b-1.sh");
  const ir::PlanNode& node = c->plan->environments[0].nodes.back();
  ASSERT_EQ(node.address, "dev/web/eu-west-1b/1");
  EXPECT_EQ(instance["Metadata"]["nbc"]["params_sha256"], backends::ParamsDigest(node.params));
  std::map<std::string, std::string> tags;
  for (const json& tag : instance["Properties"]["Tags"]) tags[tag["Key"]] = tag["Value"];
  EXPECT_EQ(tags["Name"], "web-dev-eu-west-1b-1");
  EXPECT_EQ(tags["nbc:address"], "dev/web/eu-west-1b/1");
  EXPECT_EQ(tags["nbc:generation"], "1");
  // The role may read the bootstraps, the release and the app's secret only.
  std::string role = t["Resources"]["RoleWeb"].dump();
  EXPECT_NE(role.find("\"Name\":\"app-key\""), std::string::npos) << role;
  EXPECT_EQ(role.find("db-password"), std::string::npos) << role;
}

TEST(CloudFormationInstances, ConsistencyCheckAcceptsTheTemplate) {
  auto c = Compile(Shop());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  ir::Plan one = backends::SingleEnvironment(*c->plan, 0);
  auto e = Emit(*c);
  backends::CheckConsistency(one, e->out, e->diags);
  EXPECT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
}

TEST(CloudFormationInput, OneZoneGetsASecondarySubnetParameter) {
  auto c =
      Compile(With(Shop(), {{"environments/dev.yaml",
                             "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n"
                             "services: [hello, monitoring]\nnode_types: { web: {}, ops: {}, db: {} }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  json t = e->Template("cloudformation/dev.json");
  EXPECT_TRUE(t["Parameters"].contains("SubnetSecondary"));
  EXPECT_EQ(t["Resources"]["DatabaseSubnetGroup"]["Properties"]["SubnetIds"].size(), 2u);
  EXPECT_EQ(t["Resources"]["LoadBalancerWeb"]["Properties"]["Subnets"].size(), 2u);
}

TEST(CloudFormationInput, BadValuesAreDiagnosticsNotCrashes) {
  auto c = Compile(With(Shop("labels: { team: \"{{resolve:ssm:/x}}\" }\n"),
                        {{"node_types/ops.yaml", "roles: [ops]\ngrade: small\nimage: my image\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  // The compiler accepts only names as label keys; a plan may still carry others.
  c->plan->environments[0].labels["aws:owner"] = "x";
  c->plan->environments[0].node_types[0].kind = "lambda";
  auto e = Emit(*c);
  EXPECT_TRUE(e->out.files().empty());
  std::string text = e->Rendered(*c);
  EXPECT_NE(text.find("label 'aws:owner' of environment dev uses a tag key reserved for aws or nbc"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("'{{resolve:ssm:/x}}' would be read by cloudformation as a dynamic reference"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("image 'my image' of node type ops is neither an ami id nor an ssm parameter path"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("node type db has kind 'lambda', which the cloudformation backend cannot build"),
            std::string::npos)
      << text;
}

// `types` node types of `count` nodes each, in a chain of services.
std::map<std::string, std::string> Estate(int types, int count) {
  auto files = MinimalProject();
  files.erase("services/hello.yaml");
  files.erase("node_types/web.yaml");
  std::string services, node_types;
  for (int i = 0; i < types; ++i) {
    std::string name = "tier" + std::to_string(100 + i).substr(1);
    files["services/" + name + ".yaml"] =
        "requires: { role: " + name + " }\nports: [{ port: " + std::to_string(8000 + i) + " }]\n" +
        (i > 0 ? "depends_on: [tier" + std::to_string(100 + i - 1).substr(1) + "]\n" : "");
    files["node_types/" + name + ".yaml"] =
        "roles: [" + name +
        "]\ngrade: small\nimage: ami-0abcdef1234567890\n"
        "count: " +
        std::to_string(count) + "\n" + (i == 0 ? "load_balancer: { port: 443, target_port: 8000 }\n" : "");
    services += (i ? ", " : "") + name;
    node_types += (i ? ", " : "") + name + ": {}";
  }
  files["environments/dev.yaml"] = "provider: aws\nregion: r\nzones: { a: {}, b: {} }\nservices: [" +
                                   services + "]\nnode_types: { " + node_types + " }\n";
  return files;
}

// Every Ref in a template names one of its parameters or resources, or a
// pseudo parameter.
void ExpectRefsResolve(const json& t, const std::string& path) {
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object()) {
      if (j.contains("Ref") && j["Ref"].is_string()) {
        std::string id = j["Ref"];
        EXPECT_TRUE(id.starts_with("AWS::") || t["Resources"].contains(id) ||
                    (t.contains("Parameters") && t["Parameters"].contains(id)))
            << path << " refers to " << id;
      }
      for (const auto& [key, value] : j.items()) walk(value);
    } else if (j.is_array()) {
      for (const json& item : j) walk(item);
    }
  };
  walk(t["Resources"]);
}

TEST(CloudFormationNested, MediumEstateIsSplitPerNodeTypeWithinLimits) {
  auto c = Compile(Estate(50, 10));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c);
  ASSERT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
  ASSERT_EQ(e->out.files().size(), 51u);
  json parent = e->Template("cloudformation/dev.json");
  for (const auto& [path, text] : e->out.files()) {
    json t = json::parse(text);
    EXPECT_LE(t["Resources"].size(), 500u) << path;
    EXPECT_LE(t.value("Parameters", json::object()).size(), 200u) << path;
    EXPECT_LE(t.value("Outputs", json::object()).size(), 200u) << path;
    EXPECT_LE(text.size(), 1000000u) << path;
    ExpectRefsResolve(t, path);
    if (path == "cloudformation/dev.json") continue;
    // The parent passes exactly the parameters the nested template declares.
    std::string stack = "Stack" + backends::cfn::CamelCase(path.substr(path.rfind('/') + 1, 6));
    ASSERT_TRUE(parent["Resources"].contains(stack)) << stack;
    json passed = parent["Resources"][stack]["Properties"]["Parameters"];
    for (const auto& [id, definition] : t["Parameters"].items())
      EXPECT_TRUE(passed.contains(id)) << path << " " << id;
    EXPECT_EQ(passed.size(), t["Parameters"].size()) << path;
  }
  json tier = e->Template("cloudformation/dev/tier01.json");
  EXPECT_EQ(tier["Resources"].size(), 10u + 3u + 1u);  // instances, role, profile, template, tier02's rule
  EXPECT_EQ(tier["Parameters"]["SecurityGroupTier01"]["Type"], "AWS::EC2::SecurityGroup::Id");
  EXPECT_EQ(parent["Resources"]["StackTier01"]["Properties"]["Parameters"]["SecurityGroupTier02"],
            json::parse(R"({"Fn::GetAtt": ["SecurityGroupTier02", "GroupId"]})"));
  EXPECT_EQ(parent["Outputs"]["LoadBalancerTier00DnsName"]["Value"],
            json::parse(R"({"Fn::GetAtt": ["StackTier00", "Outputs.LoadBalancerTier00DnsName"]})"));
  json url = parent["Resources"]["StackTier00"]["Properties"]["TemplateURL"]["Fn::Sub"];
  EXPECT_EQ(url[1]["Key"], "hello/dev/cloudformation/dev/tier00.json");
  // Consistency across nested templates, and the same bytes a second time.
  backends::CheckConsistency(backends::SingleEnvironment(*c->plan, 0), e->out, e->diags);
  EXPECT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
  EXPECT_EQ(Emit(*c)->out.files(), e->out.files());
}

TEST(CloudFormationNested, SmallProjectFitsInOneTemplateUnlessTheLimitIsLower) {
  auto c = Compile(Shop());
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(Emit(*c)->out.files().size(), 1u);
  auto e = Emit(*c, {.resources = 20});
  ASSERT_FALSE(e->diags.has_errors()) << e->Rendered(*c);
  std::set<std::string> paths;
  for (const auto& [path, text] : e->out.files()) paths.insert(path);
  EXPECT_EQ(paths, (std::set<std::string>{"cloudformation/dev.json", "cloudformation/dev/db.json",
                                          "cloudformation/dev/ops.json", "cloudformation/dev/web.json"}));
  // The database keeps its snapshot policy and outputs inside its nested stack.
  json db = e->Template("cloudformation/dev/db.json");
  EXPECT_EQ(db["Resources"]["DatabaseDbEuWest1a1"]["DeletionPolicy"], "Snapshot");
  EXPECT_TRUE(db["Outputs"].contains("DatabaseDbEuWest1a1Address"));
  EXPECT_TRUE(e->Template("cloudformation/dev.json")["Outputs"].contains("DatabaseDbEuWest1a1Address"));
}

TEST(CloudFormationNested, ANodeTypeTooLargeAloneIsAnError) {
  auto c = Compile(Estate(1, 30));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto e = Emit(*c, {.resources = 20});
  EXPECT_TRUE(e->out.files().empty());
  EXPECT_NE(e->Rendered(*c).find("error: cloudformation template cloudformation/dev/tier00.json is too large "
                                 "even as nested stacks: 38 resources (at most 20)"),
            std::string::npos)
      << e->Rendered(*c);
}

// The consistency check reads each template's Resources.<id>.Metadata.nbc
// without its document; on real templates, single and nested, it finds what
// the document holds.
TEST(CloudFormationNested, MetadataReadAsTheDocumentHoldsIt) {
  for (auto& [files, limits] : std::vector<std::pair<std::map<std::string, std::string>, backends::cfn::Limits>>{
           {Shop(), {}}, {Shop(), {.resources = 20}}, {Estate(50, 10), {}}}) {
    auto c = Compile(files);
    ASSERT_TRUE(c->plan) << c->Diagnostics();
    auto e = Emit(*c, limits);
    ASSERT_FALSE(e->out.files().empty()) << e->Rendered(*c);
    size_t total = 0;
    for (const auto& [path, text] : e->out.files()) {
      std::vector<json> expected;
      const json doc = json::parse(text);
      for (const auto& [id, resource] : doc["Resources"].items())
        if (resource.contains("Metadata") && resource["Metadata"].contains("nbc"))
          expected.push_back(resource["Metadata"]["nbc"]);
      EXPECT_EQ(backends::ReadNbcMetadata(text), expected) << path;
      total += expected.size();
    }
    EXPECT_EQ(total, c->plan->environments[0].nodes.size());
  }
}

// The single template is given up at the quota of resources, and the nested
// stacks built instead: a problem in a node type the single template never
// reached, or in one before and one after that point, is reported once.
TEST(CloudFormationNested, EveryProblemIsReportedOnceWhetherOrNotTheSingleTemplateStopsEarly) {
  auto count = [](const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  auto with_bad_secret = [](std::map<std::string, std::string> files, const std::string& type) {
    files["services/" + type + ".yaml"] += "params: { " + type + ": { key: none } }\n";
    files["node_types/" + type + ".yaml"] += "params: { " + type + ": { key: !secret \"bad name\" } }\n";
    return files;
  };
  auto late = Compile(with_bad_secret(Estate(4, 3), "tier03"));
  ASSERT_TRUE(late->plan) << late->Diagnostics();
  auto e = Emit(*late, {.resources = 20});
  EXPECT_TRUE(e->out.files().empty());
  EXPECT_EQ(count(e->Rendered(*late), "cannot be granted in an iam policy"), 1u) << e->Rendered(*late);
  EXPECT_EQ(count(e->Rendered(*late), "node type tier03"), 1u) << e->Rendered(*late);

  auto both = Compile(with_bad_secret(with_bad_secret(Estate(4, 3), "tier00"), "tier03"));
  ASSERT_TRUE(both->plan) << both->Diagnostics();
  e = Emit(*both, {.resources = 20});
  EXPECT_TRUE(e->out.files().empty());
  EXPECT_EQ(count(e->Rendered(*both), "cannot be granted in an iam policy"), 2u) << e->Rendered(*both);
  EXPECT_EQ(count(e->Rendered(*both), "node type tier00"), 1u) << e->Rendered(*both);
  EXPECT_EQ(count(e->Rendered(*both), "node type tier03"), 1u) << e->Rendered(*both);
}

}  // namespace
}  // namespace nbc::testing
