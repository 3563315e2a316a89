// SPDX-License-Identifier: Apache-2.0
// Flavor choice explained (Larry's "which do you want?"): the chosen flavor,
// why, and the alternatives that cover the grade with their price, in the
// text plan and in `nbc explain ENV NODE flavor`.
#include <gtest/gtest.h>

#include "backends/plan_text.h"
#include "compiler/explain.h"
#include "test_project.h"

namespace nbc::testing {
namespace {

std::map<std::string, std::string> Sized(const std::string& web_extra, const std::string& env_web) {
  return With(MinimalProject(),
              {{"nbc.yaml",
                "project: hello\n"
                "grades:\n"
                "  small: { cpu: 1, memory_gib: 2 }\n"
                "  medium: { cpu: 2, memory_gib: 4 }\n"
                "providers:\n"
                "  aws:\n"
                "    flavors:\n"
                "      t3.small: { cpu: 2, memory_gib: 2, hourly_usd: 0.0208 }\n"
                "      t3.medium: { cpu: 2, memory_gib: 4, hourly_usd: 0.0416 }\n"
                "      m5.large: { cpu: 2, memory_gib: 8, hourly_usd: 0.096 }\n"
                "      c5.large: { cpu: 2, memory_gib: 4, hourly_usd: 0.085 }\n"
                "      db.t3.medium: { cpu: 2, memory_gib: 4, hourly_usd: 0.068, kind: rds }\n"},
               {"node_types/web.yaml", "roles: [web]\ngrade: medium\ncount: 3\n" + web_extra},
               {"environments/dev.yaml",
                "provider: aws\nregion: r\nzones: { a: {} }\nservices: [hello]\n"
                "node_types: { web: " + env_web + " }\n"}});
}

std::string ExplainFlavor(const Compiled& c) {
  ir::Diagnostics diags;
  auto text = compiler::Explain(*c.model, c.plan->environments[0], "web", "flavor", diags);
  EXPECT_TRUE(text) << diags.Render(c.files, ir::ErrorFormat::kText);
  return text.value_or("");
}

TEST(FlavorChoice, ExplainShowsTheGradeTheChoiceAndEveryFlavorWithItsPrice) {
  auto c = Compile(Sized("", "{}"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(ExplainFlavor(*c),
            "flavor of dev/web/a/1 (web-dev-a-1) = t3.medium\n"
            "  why: cheapest covering grade medium\n"
            "  grade medium needs 2 cpu and 4 GiB (nbc.yaml:4:3)\n"
            "  3 × t3.medium at $0.0416/h = $0.1248/h, $91.10/month\n"
            "\n"
            "     flavor     cpu  GiB  $/hour  covers  vs chosen\n"
            "     t3.small   2    2    0.0208  no      -$45.55/month\n"
            "  *  t3.medium  2    4    0.0416  yes     chosen\n"
            "     c5.large   2    4    0.0850  yes     +$95.05/month\n"
            "     m5.large   2    8    0.0960  yes     +$119.14/month\n"
            "\n"
            "  The flavors that cover the grade are the alternatives; `flavor:` on the node type\n"
            "  or in the environment's node_types chooses one.\n");
}

TEST(FlavorChoice, AnExplicitChoiceSaysWhereAndWhatTheCheapestWouldSave) {
  auto c = Compile(Sized("", "{ flavor: m5.large }"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  std::string text = ExplainFlavor(*c);
  EXPECT_NE(text.find("  why: explicit (environment dev)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  set at environments/dev.yaml:5:30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("     t3.medium  2    4    0.0416  yes     -$119.14/month\n"), std::string::npos) << text;

  std::string plan = backends::PlanToText(*c->plan);
  EXPECT_NE(plan.find("    web: 3 × m5.large (explicit (environment dev)), grade medium"), std::string::npos)
      << plan;
  EXPECT_NE(plan.find("      also covering the grade: t3.medium $0.0416/h (-$119.14/month), "
                      "c5.large $0.0850/h (-$24.09/month)\n"),
            std::string::npos)
      << plan;
}

TEST(FlavorChoice, AnExplicitFlavorBelowTheGradeIsAWarningAndSaysSo) {
  auto c = Compile(Sized("flavor: t3.small\n", "{}"));
  ASSERT_TRUE(c->plan) << c->Diagnostics();
  EXPECT_EQ(c->plan->environments[0].node_types[0].flavor_reason, "explicit (node type), below grade medium");
  EXPECT_EQ(c->Diagnostics(),
            "node_types/web.yaml:4:9: warning: flavor 't3.small' (2 cpu, 2 GiB) of node type 'web' "
            "does not cover its grade 'medium' (2 cpu, 4 GiB)\n"
            "  hint: lower the grade, or choose a flavor that covers it, such as t3.medium\n");
  std::string plan = backends::PlanToText(*c->plan);
  EXPECT_NE(plan.find("      also covering the grade: t3.medium $0.0416/h (+$45.55/month), "
                      "c5.large $0.0850/h (+$140.60/month), m5.large $0.0960/h (+$164.69/month)\n"),
            std::string::npos)
      << plan;
}

}  // namespace
}  // namespace nbc::testing
