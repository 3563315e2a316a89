// SPDX-License-Identifier: Apache-2.0
// Parts of plan.txt for ownership, flavor choice, audits and the release
// (docs/ownership-and-cost.md, flavors.md, audits.md, stack-and-seeding.md):
// plan_text.cpp places them.
#pragma once

#include <string>

#include "ir/plan.h"

namespace nbc::backends {

// "Release: …" and "Stack: …", one line each; "" if the project has neither.
std::string ReleaseText(const ir::Plan& plan);

// "      also covering the grade: m5.large $0.0960/h (+$39.71/month), …": every
// alternative with what the node type's nodes would cost more or less a month.
std::string AlternativesText(const ir::PlanNodeType& type);

// "      load balancer: HTTPS :443 -> :80, health check /healthz (from service
// nginx, timeout 5 s)".
std::string LoadBalancerText(const ir::PlanNodeType& type);

// "      stack: …" and "      seed: …" lines of a node type; "" if neither.
std::string StackAndSeedText(const ir::Plan& plan, const ir::PlanNodeType& type);

// "\n  Audits required: …" for an environment; "" if nbc.yaml requires none.
std::string AuditCoverageText(const ir::Plan& plan, const ir::PlanEnvironment& env);

}  // namespace nbc::backends
