// SPDX-License-Identifier: Apache-2.0
// ir::Plan: the planner's answer and the one data structure every backend
// reads. Plain data, no references into the Model: a backend needs nothing else.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/model.h"
#include "ir/param_tree.h"

namespace nbc::ir {

inline constexpr int kPlanFormatVersion = 1;
inline constexpr double kHoursPerMonth = 730;  // AWS's billing convention

struct PlanService {
  std::string name;
  int order = 0;                        // position in the environment's rollout order
  std::string description;
  std::vector<std::string> depends_on;  // sorted by name
  std::vector<std::string> audits;      // sorted by name
  std::string audit_kind;
  std::vector<std::string> node_types;  // where it runs, sorted by name
  std::vector<Port> ports;
  std::optional<HealthCheck> health_check;
  std::vector<std::string> chef_run_list;
  ParamValue params;                    // the service's own defaults
};

struct FlavorOption {
  std::string name;
  double hourly_usd = 0;
};

struct PlanNodeType {
  std::string name;
  std::string kind;
  std::vector<std::string> roles;
  std::string grade;
  std::string image;
  std::string flavor;
  std::string flavor_reason;              // "explicit (environment base)", "cheapest covering grade medium"
  std::vector<FlavorOption> alternatives; // other flavors that cover the grade, by price then name
  int count = 0;
  int min_per_az = 0;
  std::map<std::string, int> per_zone;    // zone → count
  std::optional<LoadBalancer> load_balancer;
  std::optional<RdsSettings> rds;         // kind rds only
  std::vector<std::string> services;      // placed here, in rollout order
  double hourly_usd = 0;                  // all nodes of this type
  bool runs_stack = false;                // its run list has the stack's service
  std::optional<Seed> seed;               // not in the seed's own source environment
  std::string seed_node;                  // the address that seeds (its generation 1 only)
  std::string pool;                       // kind static: the pool its nodes are placed on
};

struct PlanNode {
  std::string address;   // ENV/NODE_TYPE/ZONE/INDEX
  std::string hostname;  // NODE_TYPE-ENV-ZONE-INDEX
  std::string node_type;
  std::string kind;
  std::string zone;
  int index = 0;         // 1-based, per zone
  std::string flavor;
  std::string grade;
  std::string image;
  std::vector<std::string> roles;
  std::vector<std::string> run_list;  // services in rollout order
  ParamValue params;                  // merged; every leaf keeps its origin
  int generation = 1;
  double hourly_usd = 0;
  // With `nbc plan --state` only (empty otherwise, and absent from outputs):
  // create | update | replace | none against the recorded state, and for a
  // replacement the immutable attributes that differ.
  std::string change;
  std::string change_reason;
  std::string pool;  // kind static: the pool whose host it is (hostname = the host's name)
};

// One host of a pool an environment places static nodes on, with what it
// carries: the node's grade is what the node takes of the host.
struct PlanPoolHost {
  std::string name;
  std::string zone;
  double cpu = 0;
  double memory_gib = 0;
  std::vector<std::string> roles;
  std::string node;            // address of the node placed here; "" = free
  double cpu_used = 0;         // the node's grade
  double memory_gib_used = 0;
};

// Capacity of a pool in one environment: what is placed against what it has.
struct PlanPool {
  std::string name;
  std::vector<PlanPoolHost> hosts;  // in the pool file's order
  int hosts_used = 0;
  double cpu = 0, cpu_used = 0;
  double memory_gib = 0, memory_gib_used = 0;
};

// A service not covered by an audit kind the project requires (nbc.yaml
// `required_audits`), as the plan reports it.
struct AuditGap {
  std::string kind;
  std::string service;
};

// A node the recorded state has and the plan does not: `delete`.
struct RemovedNode {
  std::string address;
  int generation = 1;
};

struct RolloutStep {
  int number = 0;
  std::string action;                  // "deploy"
  std::string service;
  std::vector<std::string> node_types;
};

struct PlanEnvironment {
  std::string name;
  std::string provider;
  std::string region;
  std::string version;
  std::vector<std::string> zones;           // in declared order
  std::map<std::string, std::string> labels;
  std::vector<PlanService> services;        // rollout order
  std::vector<PlanNodeType> node_types;     // sorted by name
  std::vector<PlanNode> nodes;              // sorted by node type, zone order, index
  std::vector<RolloutStep> rollout;
  std::vector<PlanPool> pools;              // pools its static node types use, by name
  std::vector<AuditGap> audit_gaps;         // by kind, then rollout order
  double hourly_usd = 0;
  // With `nbc plan --state` only: the serial of the record the plan was
  // compared with (`nbc state record` refuses the plan at another serial),
  // and the recorded nodes the plan drops, sorted by address.
  std::optional<int64_t> state_serial;
  std::vector<RemovedNode> removed_nodes;
};

// One input file as nbc parsed it: the SHA-256 of the bytes the loader read
// (in one read) and parsed, so a plan says exactly which inputs made it.
struct PlanInput {
  std::string path;    // project-relative, as in diagnostics
  std::string sha256;  // lowercase hex
};

// The origin of a layer, for provenance and explanations.
struct PlanLayer {
  std::string kind;  // service | node_type | grade | environment | node_type_override | zone
  std::string name;
};

struct Plan {
  int format_version = kPlanFormatVersion;
  std::string project;
  std::map<std::string, std::string> labels;
  Packager packager;
  Stack stack;
  std::vector<PlanEnvironment> environments;  // sorted by name
  std::vector<std::string> required_audits;   // nbc.yaml, as declared
  std::vector<PlanInput> inputs;              // every file parsed, sorted by path
  // For provenance: the Model's files and layers, indexed like Origin.
  std::vector<std::string> files;
  std::vector<PlanLayer> layers;
};

}  // namespace nbc::ir
