// SPDX-License-Identifier: Apache-2.0
// plan.txt: flavor alternatives, load-balancer health, stack, seed, audits.
#include "backends/plan_text_release.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "backends/param_json.h"
#include "ir/visible_text.h"

namespace nbc::backends {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "+$39.71/month", "-$12.00/month" or "same".
std::string SignedMonthly(double usd) {
  double rounded = RoundMonthly(usd);
  if (std::abs(rounded) < 0.005) return "same";
  return fmt::format("{}${:.2f}/month", rounded < 0 ? "-" : "+", std::abs(rounded));
}

}  // namespace

std::string ReleaseText(const ir::Plan& plan) {
  std::string out;
  const ir::Packager& p = plan.packager;
  if (!p.bucket.empty() && !p.name.empty())
    out += fmt::format("Release: s3://{}/{}-<version>.tar.gz into {}/{}/<version>/{}\n",
                       ir::Visible(p.bucket), ir::Visible(p.name), ir::Visible(p.install_dir),
                       ir::Visible(p.name), p.sha256.empty() ? "" : " (sha256 " + ir::Visible(p.sha256) + ")");
  const ir::Stack& s = plan.stack;
  if (!s.service.empty()) {
    out += fmt::format("Stack: {}.service runs `{}`{}{}{} on the nodes of service {}\n", s.name,
                       ir::Visible(s.command), s.runtime.empty() ? "" : " (" + ir::Visible(s.runtime) + ")",
                       s.user.empty() ? "" : " as " + ir::Visible(s.user),
                       s.port ? fmt::format(", PORT={}", s.port) : "", s.service);
    std::vector<std::string> vars;
    for (const ir::StackVariable& v : s.environment) vars.push_back(v.name + " = " + ir::Visible(v.param));
    if (!vars.empty()) out += "  environment: " + Join(vars) + "\n";
  } else if (!s.command.empty()) {
    out += "Stack: `" + ir::Visible(s.command) + "` runs on no node (nbc.yaml stack has no service)\n";
  }
  return out;
}

std::string AlternativesText(const ir::PlanNodeType& t) {
  if (t.alternatives.empty()) return "";
  double chosen = t.count > 0 ? t.hourly_usd / t.count : 0;
  std::vector<std::string> alts;
  for (const ir::FlavorOption& f : t.alternatives) {
    std::string alt = fmt::format("{} ${:.4f}/h", ir::Visible(f.name), RoundHourly(f.hourly_usd));
    if (t.count > 0) alt += " (" + SignedMonthly((f.hourly_usd - chosen) * t.count * ir::kHoursPerMonth) + ")";
    alts.push_back(alt);
  }
  return "      also covering the grade: " + Join(alts) + "\n";
}

std::string LoadBalancerText(const ir::PlanNodeType& t) {
  if (!t.load_balancer) return "";
  const ir::LoadBalancer& lb = *t.load_balancer;
  std::string from = lb.health_check_explicit       ? "as written"
                     : lb.health_check_from.empty() ? "default"
                                                    : "from service " + lb.health_check_from;
  return fmt::format("      load balancer: {} :{} -> :{}, health check {} ({}, timeout {} s)\n",
                     lb.protocol, lb.port, lb.target_port, ir::Visible(lb.health_check_path), from,
                     lb.health_check_timeout_s);
}

std::string StackAndSeedText(const ir::Plan& plan, const ir::PlanNodeType& t) {
  std::string out;
  if (t.runs_stack)
    out += fmt::format("      stack: {}.service, started after chef-solo\n", plan.stack.name);
  if (t.seed) {
    out += fmt::format("      seed: from {}, {} step{}, by {} on its first generation only\n",
                       t.seed->from, t.seed->steps.size(), t.seed->steps.size() == 1 ? "" : "s",
                       t.seed_node.empty() ? "no node" : t.seed_node);
    for (size_t i = 0; i < t.seed->steps.size(); ++i)
      out += fmt::format("        {}. {}\n", i + 1, ir::Visible(t.seed->steps[i]));
  }
  return out;
}

std::string AuditCoverageText(const ir::Plan& plan, const ir::PlanEnvironment& env) {
  if (plan.required_audits.empty()) return "";
  std::string out = "\n  Audits required by nbc.yaml:\n";
  for (const std::string& kind : plan.required_audits) {
    std::vector<std::string> missing;
    for (const ir::AuditGap& g : env.audit_gaps)
      if (g.kind == kind) missing.push_back(g.service);
    out += "    " + kind + ": " +
           (missing.empty() ? std::string("every service covered")
                            : fmt::format("not covered: {}", Join(missing))) + "\n";
  }
  return out;
}

}  // namespace nbc::backends
