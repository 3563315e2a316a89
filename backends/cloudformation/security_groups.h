// SPDX-License-Identifier: Apache-2.0
// Security groups: one per node type and one per load balancer, with
// ingress that follows the service DAG and the declared ports. Everything
// else stays closed; only load balancer listeners are open to the internet.
#pragma once

#include <string>
#include <vector>

#include "backends/cloudformation/context.h"
#include "backends/cloudformation/template.h"

namespace nbc::backends::cfn {

// One allowed flow. Separate AWS::EC2::SecurityGroupIngress resources (not
// inline rules) let two groups admit each other without a circular reference.
struct IngressRule {
  std::string group;     // logical ID of the group that admits the traffic
  std::string source;    // logical ID of the group it comes from; "" = 0.0.0.0/0
  std::string protocol;  // tcp | udp
  int port = 0;
  std::string owner;                 // the node type whose resources hold the rule
  std::vector<std::string> reasons;  // "storefront depends on postgresql", sorted, unique

  std::string LogicalId() const;  // IngressDbFromWebTcp5432
};

// The rules of an environment, sorted by group, source, protocol and port:
//  - service S on node type A depends on service T on node type B: A's
//    group may reach B's group on each of T's ports;
//  - the same when S audits T, unless S runs on every node type of T (an
//    audit such as log rotation, which works beside T on each host);
//  - a node type's load balancer may reach it on the target port;
//  - anyone may reach a load balancer on its listener port.
std::vector<IngressRule> IngressRules(const ir::PlanEnvironment& env);

// The groups themselves, shared by all node types (top template).
void AddSecurityGroups(const Context& cx, Template& top, SharedValues& shared);

// The ingress rules `type` owns.
void AddIngress(const ir::PlanNodeType& type, const std::vector<IngressRule>& rules, Scope& scope,
                Template& into);

}  // namespace nbc::backends::cfn
