// SPDX-License-Identifier: Apache-2.0
// Security groups and the ingress rules derived from the service DAG.
#include "backends/cloudformation/security_groups.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "backends/cloudformation/intrinsics.h"
#include "backends/cloudformation/logical_ids.h"

namespace nbc::backends::cfn {
namespace {

constexpr size_t kMaxDescription = 255;  // EC2's limit on a rule description

using RuleKey = std::tuple<std::string, std::string, std::string, int>;  // group, source, protocol, port

class RuleSet {
 public:
  void Add(const std::string& group, const std::string& source, const std::string& protocol, int port,
           const std::string& owner, const std::string& reason) {
    if (port < 1 || port > 65535) return;  // the compiler reports bad ports
    // The group decides the owner, so a second reason never changes it.
    IngressRule& rule = rules_
                            .try_emplace({group, source, protocol, port},
                                         IngressRule{group, source, protocol, port, owner, {}})
                            .first->second;
    if (std::find(rule.reasons.begin(), rule.reasons.end(), reason) == rule.reasons.end()) {
      rule.reasons.push_back(reason);
      std::sort(rule.reasons.begin(), rule.reasons.end());
    }
  }
  // Sorted by key, so templates list rules in a stable order.
  std::vector<IngressRule> Take() {
    std::vector<IngressRule> out;
    for (auto& [key, rule] : rules_) out.push_back(std::move(rule));
    return out;
  }

 private:
  std::map<RuleKey, IngressRule> rules_;
};

// Service S on node types A… uses service T on node types B…: every A may
// reach every B on T's ports.
void AddServiceEdge(const ir::PlanService& from, const ir::PlanService& to, const std::string& verb,
                    const std::set<std::string>& node_types, RuleSet& rules) {
  for (const std::string& a : from.node_types) {
    for (const std::string& b : to.node_types) {
      if (!node_types.count(a) || !node_types.count(b)) continue;
      for (const ir::Port& port : to.ports)
        rules.Add(ids::SecurityGroup(b), ids::SecurityGroup(a), port.protocol, port.port, b,
                  from.name + " " + verb + " " + to.name);
    }
  }
}

// An audit that runs on every node type of what it audits (log rotation)
// works beside it on each host; one placed by its own role (monitoring on
// the ops hosts) reaches it over the network. Both lists are sorted.
bool AuditsInPlace(const ir::PlanService& audit, const ir::PlanService& audited) {
  return std::includes(audit.node_types.begin(), audit.node_types.end(), audited.node_types.begin(),
                       audited.node_types.end());
}

std::string Description(const std::vector<std::string>& reasons) {
  std::string text;
  for (const std::string& r : reasons) text += (text.empty() ? "" : "; ") + r;
  if (text.size() > kMaxDescription) text = text.substr(0, kMaxDescription - 3) + "...";
  return text;
}

// "SecurityGroupWeb" → "Web", "LoadBalancerSecurityGroupWeb" → "LoadBalancerWeb".
std::string GroupPart(const std::string& group_id) {
  const std::string kSecurityGroup = "SecurityGroup";
  size_t at = group_id.find(kSecurityGroup);
  if (at == std::string::npos) return group_id;
  return group_id.substr(0, at) + group_id.substr(at + kSecurityGroup.size());
}

json GroupResource(const Context& cx, const std::string& node_type, const std::string& description,
                   const std::string& name, Scope& scope) {
  return {{"Type", "AWS::EC2::SecurityGroup"},
          {"Properties",
           {{"GroupDescription", description},
            {"VpcId", scope.Use(ids::kVpc)},
            {"Tags", Tags(cx.NodeTypeTags(node_type, name))}}}};
}

}  // namespace

std::string IngressRule::LogicalId() const {
  return "Ingress" + GroupPart(group) + "From" + (source.empty() ? "Anywhere" : GroupPart(source)) +
         CamelCase(protocol) + std::to_string(port);
}

std::vector<IngressRule> IngressRules(const ir::PlanEnvironment& env) {
  std::set<std::string> node_types;
  for (const ir::PlanNodeType& type : env.node_types) node_types.insert(type.name);
  std::map<std::string, const ir::PlanService*> services;
  for (const ir::PlanService& s : env.services) services[s.name] = &s;
  RuleSet rules;
  for (const ir::PlanService& s : env.services) {
    for (const std::string& dep : s.depends_on)
      if (services.count(dep)) AddServiceEdge(s, *services[dep], "depends on", node_types, rules);
    for (const std::string& audited : s.audits)
      if (services.count(audited) && !AuditsInPlace(s, *services[audited]))
        AddServiceEdge(s, *services[audited], "audits", node_types, rules);
  }
  for (const ir::PlanNodeType& type : env.node_types) {
    if (type.kind != "ec2" || !type.load_balancer) continue;
    const ir::LoadBalancer& lb = *type.load_balancer;
    rules.Add(ids::SecurityGroup(type.name), ids::LoadBalancerSecurityGroup(type.name), "tcp", lb.target_port,
              type.name, "load balancer of " + type.name);
    rules.Add(ids::LoadBalancerSecurityGroup(type.name), "", "tcp", lb.port, type.name,
              "listener of " + type.name);
  }
  return rules.Take();
}

void AddSecurityGroups(const Context& cx, Template& top, SharedValues& shared) {
  Scope scope(shared, /*nested=*/false);
  for (const ir::PlanNodeType& type : cx.env.node_types) {
    std::string id = ids::SecurityGroup(type.name);
    std::string name = type.name + "-" + cx.env.name;
    top.AddResource(
        id, GroupResource(cx, type.name, "nbc " + cx.env.name + ": node type " + type.name, name, scope),
        DescribeNodeType(type.name));
    shared[id] = {GetAtt(id, "GroupId"), "AWS::EC2::SecurityGroup::Id"};
    if (type.kind != "ec2" || !type.load_balancer) continue;
    id = ids::LoadBalancerSecurityGroup(type.name);
    top.AddResource(
        id,
        GroupResource(cx, type.name, "nbc " + cx.env.name + ": load balancer of node type " + type.name,
                      name + "-lb", scope),
        "the load balancer of " + DescribeNodeType(type.name));
    shared[id] = {GetAtt(id, "GroupId"), "AWS::EC2::SecurityGroup::Id"};
  }
}

void AddIngress(const ir::PlanNodeType& type, const std::vector<IngressRule>& rules, Scope& scope,
                Template& into) {
  for (const IngressRule& rule : rules) {
    if (rule.owner != type.name) continue;
    json properties = {{"GroupId", scope.Use(rule.group)},
                       {"IpProtocol", rule.protocol},
                       {"FromPort", rule.port},
                       {"ToPort", rule.port},
                       {"Description", Description(rule.reasons)}};
    if (rule.source.empty())
      properties["CidrIp"] = "0.0.0.0/0";
    else
      properties["SourceSecurityGroupId"] = scope.Use(rule.source);
    into.AddResource(rule.LogicalId(),
                     {{"Type", "AWS::EC2::SecurityGroupIngress"}, {"Properties", properties}},
                     "an ingress rule of " + DescribeNodeType(type.name));
  }
}

}  // namespace nbc::backends::cfn
