// SPDX-License-Identifier: Apache-2.0
// Application Load Balancers.
#include "backends/cloudformation/load_balancer.h"

#include <algorithm>

#include "backends/cloudformation/intrinsics.h"
#include "backends/cloudformation/logical_ids.h"
#include "ir/visible_text.h"

namespace nbc::backends::cfn {
namespace {

// TLS 1.3 with TLS 1.2 fallback: AWS's recommended policy for new listeners.
constexpr const char* kSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

bool CheckHealthPath(const Context& cx, const ir::PlanNodeType& type, const std::string& path) {
  std::string what = "the load balancer health check path of " + DescribeNodeType(type.name);
  if (path.empty() || path[0] != '/' || path.size() > 1024) {
    cx.diags.Error(type.load_balancer->at, what + " " + ir::Visible("'" + path + "'") + " is not a url path",
                   "write a path of at most 1024 characters starting with '/', e.g. /healthz");
    return false;
  }
  return cx.CheckLiteral(path, what);
}

json TargetGroup(const Context& cx, const ir::PlanNodeType& type, Scope& scope) {
  const ir::LoadBalancer& lb = *type.load_balancer;
  json targets = json::array();
  for (const ir::PlanNode* node : cx.NodesOf(type.name))
    targets.push_back({{"Id", Ref(ids::Instance(*node))}, {"Port", lb.target_port}});
  return {{"Type", "AWS::ElasticLoadBalancingV2::TargetGroup"},
          {"Properties",
           {{"Protocol", "HTTP"},
            {"Port", lb.target_port},
            {"VpcId", scope.Use(ids::kVpc)},
            {"TargetType", "instance"},
            {"HealthCheckProtocol", "HTTP"},
            {"HealthCheckPath", lb.health_check_path},
            // The service's timeout (docs/stack-and-seeding.md); AWS wants
            // the interval longer than the timeout.
            {"HealthCheckTimeoutSeconds", lb.health_check_timeout_s},
            {"HealthCheckIntervalSeconds", std::max(30, 2 * lb.health_check_timeout_s)},
            {"Targets", targets},
            {"Tags", Tags(cx.NodeTypeTags(type.name, type.name + "-" + cx.env.name))}}}};
}

json Listener(const ir::PlanNodeType& type, Scope& scope) {
  const ir::LoadBalancer& lb = *type.load_balancer;
  json properties = {
      {"LoadBalancerArn", Ref(ids::LoadBalancer(type.name))},
      {"Port", lb.port},
      {"Protocol", lb.protocol},
      {"DefaultActions",
       json::array({{{"Type", "forward"}, {"TargetGroupArn", Ref(ids::TargetGroup(type.name))}}})}};
  if (lb.protocol == "HTTPS") {
    properties["Certificates"] = json::array({{{"CertificateArn", scope.Use(ids::Certificate(type.name))}}});
    properties["SslPolicy"] = kSslPolicy;
  }
  return {{"Type", "AWS::ElasticLoadBalancingV2::Listener"}, {"Properties", properties}};
}

}  // namespace

json AllZoneSubnets(const Context& cx, Scope& scope) {
  json subnets = json::array();
  for (const std::string& zone : cx.env.zones) subnets.push_back(scope.Use(ids::Subnet(zone)));
  if (cx.NeedsSecondarySubnet()) subnets.push_back(scope.Use(ids::kSecondarySubnet));
  return subnets;
}

void AddLoadBalancer(const Context& cx, const ir::PlanNodeType& type, Scope& scope, Template& into) {
  if (!type.load_balancer) return;
  const ir::LoadBalancer& lb = *type.load_balancer;
  if (!CheckHealthPath(cx, type, lb.health_check_path)) return;
  std::string what = "the load balancer of " + DescribeNodeType(type.name);
  std::string id = ids::LoadBalancer(type.name);
  into.AddResource(id,
                   {{"Type", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
                    {"Properties",
                     {{"Type", "application"},
                      {"Scheme", "internet-facing"},
                      {"IpAddressType", "ipv4"},
                      {"Subnets", AllZoneSubnets(cx, scope)},
                      {"SecurityGroups", json::array({scope.Use(ids::LoadBalancerSecurityGroup(type.name))})},
                      {"Tags", Tags(cx.NodeTypeTags(type.name, type.name + "-" + cx.env.name))}}}},
                   what);
  into.AddResource(ids::TargetGroup(type.name), TargetGroup(cx, type, scope), what);
  into.AddResource(ids::Listener(type.name), Listener(type, scope), what);
  into.AddOutput(id + "DnsName",
                 {{"Description", "The DNS name of the load balancer of node type " + type.name},
                  {"Value", GetAtt(id, "DNSName")}},
                 what);
}

}  // namespace nbc::backends::cfn
