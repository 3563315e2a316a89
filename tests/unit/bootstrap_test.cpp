// SPDX-License-Identifier: Apache-2.0
// The bootstrap backend and its shell quoting: exact quoting, the script's
// data section and heredocs, the consistency contract with chef-solo, and the
// values it refuses to carry. Running the scripts is tests/bootstrap/.
#include <gtest/gtest.h>

#include "backends/bootstrap.h"
#include "backends/chef_solo.h"
#include "backends/consistency.h"
#include "backends/registry.h"
#include "backends/shell_quote.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

using backends::ShellQuote;

TEST(ShellQuote, WrapsInSingleQuotesAndEscapesOnlySingleQuotes) {
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("abc"), "'abc'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("'"), "''\\'''");
  EXPECT_EQ(ShellQuote("'\\''"), "''\\''\\'\\'''\\'''");
  EXPECT_EQ(ShellQuote("$(touch x) `y` ${HOME} \"z\" ; && | \\ %"),
            "'$(touch x) `y` ${HOME} \"z\" ; && | \\ %'");
  EXPECT_EQ(ShellQuote("a\nb\rc"), "'a\nb\rc'");
  EXPECT_EQ(ShellQuote("-n"), "'-n'");
  EXPECT_EQ(ShellQuote("\xE2\x80\xAE\xC3\xA9"), "'\xE2\x80\xAE\xC3\xA9'");
}

TEST(ShellQuote, NulIsTheOnlyByteAShellCannotCarry) {
  EXPECT_TRUE(backends::ShellSafe("\x01\x7f\xff'\"\n"));
  EXPECT_FALSE(backends::ShellSafe(std::string_view("a\0b", 3)));
}

// MinimalProject with `packager` (a line, or "") and two health-checked
// services; `env_extra` (version, params) is appended to environments/dev.yaml.
std::map<std::string, std::string> Project(const std::string& packager, const std::string& env_extra) {
  return With(MinimalProject(),
              {{"nbc.yaml", MinimalProject().at("nbc.yaml").substr(
                                0, MinimalProject().at("nbc.yaml").find("packager:")) +
                                packager},
               {"services/hello.yaml",
                "requires: { role: web }\n"
                "health_check: { port: 8080, protocol: http, path: healthz, timeout_s: 3 }\n"
                "params: { nginx: { workers: 1 }, app: { key: !secret app-key } }\n"},
               {"services/cache.yaml",
                "requires: { role: web }\nhealth_check: { port: 6379, protocol: tcp }\n"},
               {"environments/dev.yaml",
                "provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n"
                "services: [hello, cache]\nnode_types: { web: {} }\n" +
                    env_extra}});
}

const char* kPackager = "packager: { bucket: hello-releases, name: hello }\n";

struct Built {
  backends::OutputSet out;
  ir::Diagnostics diags;
  std::string script;
  std::string Errors(const Compiled& c) const { return diags.Render(c.files, ir::ErrorFormat::kText); }
};

std::unique_ptr<Built> Build(const Compiled& c) {
  auto b = std::make_unique<Built>();
  ir::Plan one = backends::SingleEnvironment(*c.plan, 0);
  backends::ChefSoloBackend().Emit(one, b->out, b->diags);
  backends::BootstrapBackend().Emit(one, b->out, b->diags);
  if (!b->diags.has_errors()) backends::CheckConsistency(one, b->out, b->diags);
  auto it = b->out.files().find("bootstrap/web-dev-eu-west-1a-1.sh");
  if (it != b->out.files().end()) b->script = it->second;
  return b;
}

TEST(Bootstrap, DataComesFirstSingleQuoted) {
  auto c = Compile(Project(kPackager, "version: \"1.0.0\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  ASSERT_FALSE(b->diags.has_errors()) << b->Errors(*c);
  EXPECT_TRUE(b->script.starts_with("#!/bin/sh\n"));
  EXPECT_NE(b->script.find("\nset -eu\n"), std::string::npos);
  EXPECT_NE(b->script.find("\nNBC_ADDRESS='dev/web/eu-west-1a/1'\n"
                           "NBC_HOSTNAME='web-dev-eu-west-1a-1'\n"
                           "NBC_ENVIRONMENT='dev'\n"
                           "NBC_BUCKET='hello-releases'\n"
                           "NBC_NAME='hello'\n"
                           "NBC_VERSION='1.0.0'\n"
                           "NBC_SHA256=''\n"
                           "NBC_INSTALL_DIR='/opt'\n"),
            std::string::npos)
      << b->script;
  EXPECT_LT(b->script.find("NBC_INSTALL_DIR="), b->script.find("nbc_log() {"));
}

TEST(Bootstrap, StepsRunInOrderWithTheirCalls) {
  auto c = Compile(Project(kPackager, "version: \"1.0.0\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const std::string s = Build(*c)->script;
  std::vector<std::string> steps = {
      "\nnbc_release\n",
      "\nnbc_secret 'app-key'\n",
      "\nnbc_write \"$NBC_CHEF_DIR/solo.rb\" <<'NBC_SOLO_RB'\n",
      "\nnbc_write \"$NBC_CHEF_DIR/environments/$NBC_ENVIRONMENT.json\" <<'NBC_ENVIRONMENT_JSON'\n",
      "\nnbc_write_role 'cache' <<'NBC_ROLE_JSON'\n",
      "\nnbc_write_role 'hello' <<'NBC_ROLE_JSON'\n",
      "\nnbc_write \"$NBC_CHEF_DIR/nodes/$NBC_HOSTNAME.json\" <<'NBC_NODE_JSON'\n",
      "\nnbc_link_cookbooks\n",
      "\nchef-solo --config \"$NBC_CHEF_DIR/solo.rb\" --node-name \"$NBC_HOSTNAME\" ||\n",
      "\nnbc_check 'cache' '5' 'tcp' '6379'\n",
      "\nnbc_check 'hello' '3' 'http' '8080' '/healthz'\n",
  };
  size_t at = 0;
  for (const std::string& step : steps) {
    size_t found = s.find(step, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << step << "\n" << s;
    at = found;
  }
}

TEST(Bootstrap, EmbedsTheChefFilesByteForByte) {
  auto c = Compile(Project(kPackager, "version: \"1.0.0\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  const auto& files = b->out.files();
  auto heredoc = [&](const std::string& opener, const std::string& delimiter) {
    size_t begin = b->script.find(opener + " <<'" + delimiter + "'\n");
    EXPECT_NE(begin, std::string::npos) << opener;
    begin = b->script.find('\n', begin) + 1;
    return b->script.substr(begin, b->script.find("\n" + delimiter + "\n", begin - 1) + 1 - begin);
  };
  EXPECT_EQ(heredoc("nbc_write \"$NBC_CHEF_DIR/nodes/$NBC_HOSTNAME.json\"", "NBC_NODE_JSON"),
            files.at("chef/nodes/web-dev-eu-west-1a-1.json"));
  EXPECT_EQ(heredoc("nbc_write_role 'hello'", "NBC_ROLE_JSON"), files.at("chef/roles/hello.json"));
  EXPECT_EQ(heredoc("nbc_write \"$NBC_CHEF_DIR/solo.rb\"", "NBC_SOLO_RB"), files.at("chef/solo.rb"));
  EXPECT_EQ(heredoc("nbc_write \"$NBC_CHEF_DIR/environments/$NBC_ENVIRONMENT.json\"",
                    "NBC_ENVIRONMENT_JSON"),
            files.at("chef/environments/dev.json"));
}

TEST(Bootstrap, ConsistencyCheckPassesAndCatchesATamperedScript) {
  auto c = Compile(Project(kPackager, "version: \"1.0.0\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  EXPECT_FALSE(b->diags.has_errors()) << b->Errors(*c);

  backends::OutputSet tampered;
  for (const auto& [path, text] : b->out.files()) {
    std::string copy = text;
    if (path.starts_with("bootstrap/")) {
      size_t at = copy.find("\"workers\": 1", copy.find("<<'NBC_NODE_JSON'"));
      ASSERT_NE(at, std::string::npos);
      copy.replace(at, 12, "\"workers\": 9");
    }
    tampered.Add(path, copy);
  }
  ir::Diagnostics diags;
  backends::CheckConsistency(backends::SingleEnvironment(*c->plan, 0), tampered, diags);
  EXPECT_TRUE(diags.has_errors());
}

TEST(Bootstrap, HostileValuesStayInsideOneQuotedWord) {
  std::string hostile = "x'$(touch /tmp/pwned)`id`;\\\"\\n";  // YAML escapes: \" and \n
  auto c = Compile(Project("packager: { bucket: \"" + hostile + "\", name: hello, "
                           "install_dir: \"/opt/" + hostile + "\" }\n",
                           "version: \"1.0'\\r$(x)\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  ASSERT_FALSE(b->diags.has_errors()) << b->Errors(*c);
  EXPECT_NE(b->script.find("\nNBC_BUCKET='x'\\''$(touch /tmp/pwned)`id`;\"\n'\n"), std::string::npos)
      << b->script;
  EXPECT_NE(b->script.find("\nNBC_VERSION='1.0'\\''\r$(x)'\n"), std::string::npos);
  EXPECT_NE(b->script.find("\nNBC_INSTALL_DIR='/opt/x'\\''$(touch"), std::string::npos);
}

TEST(Bootstrap, RdsNodesGetNoScriptAndNoPackagerSkipsTheRelease) {
  auto files = With(Project("", ""), {{"services/db.yaml", "requires: { role: db }\n"},
                                      {"node_types/db.yaml", "kind: rds\nroles: [db]\ngrade: small\n"},
                                      {"environments/dev.yaml",
                                       "provider: aws\nregion: r\nzones: { z: {} }\n"
                                       "services: [hello, db]\nnode_types: { web: {}, db: {} }\n"}});
  auto c = Compile(files);
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  ASSERT_FALSE(b->diags.has_errors()) << b->Errors(*c);
  std::vector<std::string> scripts;
  for (const auto& [path, text] : b->out.files())
    if (path.starts_with("bootstrap/")) scripts.push_back(path);
  EXPECT_EQ(scripts, std::vector<std::string>{"bootstrap/web-dev-z-1.sh"});
  const std::string& s = b->out.files().at("bootstrap/web-dev-z-1.sh");
  EXPECT_EQ(s.find("nbc_release"), std::string::npos);
  EXPECT_EQ(s.find("NBC_BUCKET"), std::string::npos);
  EXPECT_NE(s.find("no release to fetch"), std::string::npos);
}

TEST(Bootstrap, ExitCodesAreTheDocumentedOnes) {
  auto c = Compile(Project(kPackager, "version: \"1.0.0\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  const std::string s = Build(*c)->script;
  for (int code : {backends::kExitReleaseFetch, backends::kExitReleaseChecksum,
                   backends::kExitReleaseExtract, backends::kExitSecret, backends::kExitChefFiles,
                   backends::kExitChefSolo, backends::kExitHealthCheck}) {
    EXPECT_NE(s.find("nbc_fail " + std::to_string(code) + " "), std::string::npos) << code;
    EXPECT_NE(s.find("\n#   " + std::to_string(code) + "  "), std::string::npos) << code;
  }
}

TEST(Bootstrap, RefusesValuesItCannotCarry) {
  struct Case {
    std::string packager, version, secret, expected;
  };
  std::vector<Case> cases = {
      {kPackager, "", "ok", "environment 'dev' has no version"},
      {kPackager, "version: \"../../etc\"\n", "ok", "version '../../etc' of environment 'dev' cannot be a folder"},
      {kPackager, "version: \"1/./2\"\n", "ok", "cannot be a folder"},
      {"packager: { bucket: b, name: \"..\" }\n", "version: \"1\"\n", "ok",
       "packager name '..' cannot be a folder"},
      {"packager: { bucket: b, name: n, sha256: \"abc\" }\n", "version: \"1\"\n", "ok",
       "packager sha256 'abc' is not 64 hexadecimal digits"},
      {kPackager, "version: \"1\"\n", "\"a b\"", "secret name 'a b' is not a name AWS Secrets Manager accepts"},
      {kPackager, "version: \"1\"\n", "\"../x\"", "secret name '../x'"},
      {kPackager, "version: \"1\"\n", "\"a//b\"", "secret name 'a//b'"},
      {kPackager, "version: \"1\"\n", "\"$(x)\"", "secret name '$(x)'"},
  };
  for (const Case& k : cases) {
    auto c = Compile(
        Project(k.packager, k.version + "params: { nginx: { s: !secret " + k.secret + " } }\n"));
    ASSERT_TRUE(c->plan) << c->Diagnostics();
    auto b = Build(*c);
    EXPECT_TRUE(b->diags.has_errors()) << k.expected;
    EXPECT_NE(b->Errors(*c).find(k.expected), std::string::npos) << b->Errors(*c);
  }
}

TEST(Bootstrap, AnEnvironmentWithoutNodesNeedsNoVersion) {
  auto c = Compile(With(Project(kPackager, ""),
                        {{"environments/dev.yaml",
                          "provider: aws\nregion: r\nzones: { z: {} }\nservices: [hello]\n"
                          "node_types: { web: { count: 0 } }\n"}}));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  EXPECT_FALSE(b->diags.has_errors()) << b->Errors(*c);
  EXPECT_TRUE(b->script.empty());
}

TEST(Bootstrap, AcceptsSecretNamesWithSlashesAndAnUppercaseChecksum) {
  EXPECT_TRUE(backends::IsSafeSecretName("prod/db/password+x=y.z@w-1_2"));
  EXPECT_FALSE(backends::IsSafeSecretName("/lead"));
  EXPECT_FALSE(backends::IsSafeSecretName("trail/"));
  EXPECT_FALSE(backends::IsSafeSecretName(std::string(513, 'a')));
  EXPECT_TRUE(backends::IsSafePathPart("2026.11.3-rc1"));
  EXPECT_TRUE(backends::IsSafePathPart("a/b"));
  EXPECT_FALSE(backends::IsSafePathPart("."));

  std::string sha(64, 'A');
  auto c = Compile(Project("packager: { bucket: b, name: n, sha256: \"" + sha + "\" }\n",
                           "version: \"1\"\n"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  auto b = Build(*c);
  ASSERT_FALSE(b->diags.has_errors()) << b->Errors(*c);
  EXPECT_NE(b->script.find("\nNBC_SHA256='" + std::string(64, 'a') + "'\n"), std::string::npos);
}

}  // namespace
}  // namespace nbc::testing
