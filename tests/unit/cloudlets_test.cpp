// SPDX-License-Identifier: Apache-2.0
// Cloudlets through the real driver: namespaces, aliases, overrides, the flat
// form of names in hostnames and chef roles, version pins and collisions.
#include <gtest/gtest.h>

#include "backends/chef_solo.h"
#include "compiler/imports.h"
#include "ir/names.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

// MinimalProject importing the cloudlet in vendor/wiki (name wiki, 0.7.2):
// a service `web` that depends on `php`, a node type `app` and a scenario.
std::map<std::string, std::string> WithCloudlet(const std::string& import_line) {
  auto files = MinimalProject();
  files["nbc.yaml"] += "imports:\n  - " + import_line + "\n";
  files["vendor/wiki/cloudlet.yaml"] = "name: wiki\nversion: \"0.7.2\"\nsummary: a wiki\n";
  files["vendor/wiki/services/web.yaml"] = "depends_on: [php]\nrequires: { role: wiki }\n";
  files["vendor/wiki/services/php.yaml"] = "requires: { role: wiki }\n";
  files["vendor/wiki/node_types/app.yaml"] = "roles: [wiki]\ngrade: small\n";
  files["vendor/wiki/environments/demo.yaml"] =
      "provider: aws\nregion: r\nzones: { z1: {} }\nservices: [web]\nnode_types: { app: {} }\n";
  return files;
}

std::vector<std::string> ServiceNames(const ir::Model& m) {
  std::vector<std::string> out;
  for (const ir::Service& s : m.services) out.push_back(s.name);
  return out;
}

TEST(Names, FlatNameReplacesTheNamespaceDot) {
  EXPECT_EQ(ir::FlatName("mediawiki.web"), "mediawiki-web");
  EXPECT_EQ(ir::FlatName("web"), "web");
}

TEST(Names, VersionPinAcceptsTheSameVersionAndItsPatchLevels) {
  EXPECT_TRUE(compiler::VersionMatches("0.7", "0.7"));
  EXPECT_TRUE(compiler::VersionMatches("0.7", "0.7.2"));
  EXPECT_TRUE(compiler::VersionMatches("0.7", "0.7.10"));
  EXPECT_FALSE(compiler::VersionMatches("0.7", "0.70"));
  EXPECT_FALSE(compiler::VersionMatches("0.7", "0.8.0"));
  EXPECT_FALSE(compiler::VersionMatches("0.7.2", "0.7"));
}

TEST(Names, ScopedNamePrefersAnAlias) {
  compiler::ImportScope scope{"wiki", {{"web", "front"}}};
  EXPECT_EQ(compiler::ScopedName(&scope, "web"), "front");
  EXPECT_EQ(compiler::ScopedName(&scope, "php"), "wiki.php");
  EXPECT_EQ(compiler::ScopedName(nullptr, "php"), "php");
}

TEST(Cloudlets, ImportedNamesAreNamespacedAndResolveInsideTheCloudlet) {
  auto c = Compile(WithCloudlet("{ path: vendor/wiki, version: \"0.7\" }"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(ServiceNames(*c->model), (std::vector<std::string>{"hello", "wiki.php", "wiki.web"}));
  ASSERT_EQ(c->model->cloudlets.size(), 1u);
  EXPECT_EQ(c->model->cloudlets[0].ns, "wiki");
  EXPECT_EQ(c->model->cloudlets[0].environments, (std::vector<std::string>{"wiki.demo"}));
  // The scenario is planned with --all; its names are flat where they must be.
  const ir::PlanEnvironment& demo = c->plan->environments.at(1);
  EXPECT_EQ(demo.name, "wiki.demo");
  ASSERT_EQ(demo.nodes.size(), 1u);
  EXPECT_EQ(demo.nodes[0].address, "wiki.demo/wiki.app/z1/1");
  EXPECT_EQ(demo.nodes[0].hostname, "wiki-app-wiki-demo-z1-1");
  EXPECT_EQ(demo.nodes[0].run_list, (std::vector<std::string>{"wiki.php", "wiki.web"}));
  std::string chef = backends::ChefNodeJson(demo, demo.nodes[0]);
  EXPECT_NE(chef.find("\"role[wiki-php]\""), std::string::npos) << chef;
  EXPECT_NE(chef.find("\"chef_environment\": \"wiki-demo\""), std::string::npos) << chef;
}

TEST(Cloudlets, AliasesAndNamespacesAreTheProjectsChoice) {
  auto c = Compile(WithCloudlet("{ path: vendor/wiki, version: \"0.7.2\", as: kb, aliases: { web: front } }"));
  ASSERT_TRUE(c->model) << c->Diagnostics();
  EXPECT_EQ(ServiceNames(*c->model), (std::vector<std::string>{"front", "hello", "kb.php"}));
  // front depends on kb.php: the cloudlet's `php` under the chosen namespace.
  const ir::Service& front = c->model->services[0];
  ASSERT_EQ(front.depends_on.size(), 1u);
  EXPECT_EQ(c->model->service(front.depends_on[0].id).name, "kb.php");
}

TEST(Cloudlets, OverridesRedirectEveryReferenceToTheProjectsFile) {
  auto files = WithCloudlet("{ path: vendor/wiki, version: \"0.7\" }");
  files["services/php.yaml"] = "overrides: wiki.php\nrequires: { role: wiki }\n";
  auto c = Compile(files);
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(ServiceNames(*c->model), (std::vector<std::string>{"hello", "php", "wiki.web"}));
  const ir::Service& web = c->model->services[2];
  EXPECT_EQ(c->model->service(web.depends_on.at(0).id).name, "php");
  EXPECT_EQ(c->model->cloudlets[0].overridden.at({"service", "wiki.php"}), "php");
}

TEST(Cloudlets, EqualNameWithoutOverridesIsAnError) {
  auto files = WithCloudlet("{ path: vendor/wiki, version: \"0.7\", aliases: { php: hello } }");
  auto c = Compile(files);
  EXPECT_FALSE(c->model);
  EXPECT_EQ(c->Diagnostics(),
            "nbc.yaml:14:58: error: two services are named 'hello': one imported from cloudlet 'wiki' "
            "(vendor/wiki/services/php.yaml), one services/hello.yaml\n"
            "  hint: a project file replaces an imported service only where it says `overrides: hello`; "
            "otherwise alias the imported one differently\n"
            "  services/hello.yaml:1:1: note: the other service 'hello' is defined here\n");
}

TEST(Cloudlets, FlatNamesThatCollideAreAnError) {
  auto files = WithCloudlet("{ path: vendor/wiki, version: \"0.7\" }");
  files["services/wiki-web.yaml"] = "requires: { role: web }\n";
  auto c = Compile(files);
  EXPECT_FALSE(c->model);
  EXPECT_EQ(c->Diagnostics(),
            "nbc.yaml:14:13: error: service names 'wiki.web' and 'wiki-web' both become 'wiki-web' in "
            "hostnames, chef roles, file names and CloudFormation ids\n"
            "  hint: rename one, or import the cloudlet under another namespace with `as: NAME` "
            "(docs/cloudlets.md)\n"
            "  services/wiki-web.yaml:1:1: note: the other service 'wiki-web' is defined here\n");
}

TEST(Cloudlets, VersionMismatchNamesBothVersions) {
  auto c = Compile(WithCloudlet("{ path: vendor/wiki, version: \"0.8\" }"));
  EXPECT_FALSE(c->model);
  EXPECT_NE(c->Diagnostics().find("error: cloudlet 'wiki' at 'vendor/wiki' is version 0.7.2, but "
                                  "nbc.yaml imports version 0.8"),
            std::string::npos)
      << c->Diagnostics();
}

}  // namespace
}  // namespace nbc::testing
