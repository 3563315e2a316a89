// SPDX-License-Identifier: Apache-2.0
// ir::Model: everything loaded and resolved from a project directory, before
// planning. Tables are sorted by name so that ids follow name order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/ids.h"
#include "ir/param_tree.h"
#include "ir/source_span.h"

namespace nbc::ir {

// A parameter path that some layer must set (`required: [key.path]`).
struct RequiredParam {
  std::string path;
  SourceSpan at;
};

// A reference as written, so errors point at the exact list entry.
struct ServiceRef {
  ServiceId id;
  SourceSpan at;
};

struct Grade {
  std::string name;
  SourceSpan at;
  int rank = 0;  // order of declaration: small → large
  double cpu = 0;
  double memory_gib = 0;
  LayerId layer;  // its parameters: model.layer(layer).params
};

struct Flavor {
  std::string name;
  SourceSpan at;
  double cpu = 0;
  double memory_gib = 0;
  double hourly_usd = 0;
  std::string kind = "ec2";  // the node kind it serves: ec2 | rds
};

struct Provider {
  std::string name;
  SourceSpan at;
  std::vector<Flavor> flavors;  // sorted by name
};

struct Packager {
  std::string kind = "tarball";
  std::string bucket;
  std::string name;
  std::string sha256;  // optional checksum of the release tarball
  std::string install_dir = "/opt";
  SourceSpan at;
};

// An environment variable of the stack's process, read from a parameter of
// the node (`stack.environment: { APP_WORKERS: app.workers }`).
struct StackVariable {
  std::string name;   // APP_WORKERS
  std::string param;  // app.workers
  SourceSpan at;
};

struct Stack {
  std::string runtime;
  std::string command;
  int port = 0;
  std::string user;
  SourceSpan at;
  // How the release runs (docs/stack-and-seeding.md): a systemd unit
  // `<name>.service` on the nodes whose run list has `service`.
  std::string name;                      // unit name; "" = the packager's name
  std::string service;                   // the service the stack is; "" = runs nowhere
  SourceSpan service_at;
  std::vector<StackVariable> environment;  // sorted by name
};

struct StateConfig {
  std::string backend = "local";
  std::string path = ".nbc/state";
  std::vector<std::string> endpoints;
  std::string prefix = "/nbc";
  int timeout_ms = 5000;
  SourceSpan at;
};

// Larry's label-level parameters (nbc.yaml `label_params`): one layer per
// label key and value, e.g. customer acme (docs/ownership-and-cost.md).
struct LabelLayer {
  std::string key;    // customer | app | instance
  std::string value;  // acme
  SourceSpan at;
  LayerId layer;
};

struct Project {
  std::string name;
  SourceSpan at;
  std::map<std::string, std::string> labels;  // sorted: tags come out in name order
  std::vector<LabelLayer> label_layers;       // by key (customer, app, instance), then value
  std::vector<Grade> grades;                  // declaration order = rank
  std::vector<Provider> providers;            // sorted by name
  Packager packager;
  Stack stack;
  StateConfig state;
  std::vector<std::string> required_audits;   // audit kinds every service needs
  SourceSpan required_audits_at;
};

struct Port {
  int port = 0;
  std::string protocol = "tcp";
  SourceSpan at;
};

struct HealthCheck {
  int port = 0;
  std::string protocol = "tcp";  // tcp | http
  std::string path;              // for http
  int timeout_s = 5;
  SourceSpan at;
};

struct Service {
  std::string name;
  SourceSpan at;
  std::string description;
  std::vector<ServiceRef> depends_on;  // sorted by id, unique
  std::vector<ServiceRef> audits;      // this service audits those
  std::string audit_kind;              // monitoring | backup | … ; "" if not an audit
  std::optional<std::string> required_role;
  SourceSpan required_role_at;
  std::optional<GradeId> required_grade;
  SourceSpan required_grade_at;
  std::vector<ServiceRef> colocate_with;
  std::vector<ServiceRef> avoid;
  std::vector<Port> ports;
  std::optional<HealthCheck> health_check;
  std::vector<std::string> chef_run_list;  // recipes of role[<name>]
  LayerId layer;                           // the lowest layer of the hierarchy
  std::vector<RequiredParam> required;
  // A remote audit (audits with a role of its own): the layer that carries
  // `audit_targets.<name>`, the hosts and ports it audits (docs/audits.md).
  std::optional<LayerId> audit_layer;
};

struct LoadBalancer {
  int port = 443;
  int target_port = 80;
  std::string protocol = "HTTP";  // listener protocol: HTTP | HTTPS
  std::string health_check_path = "/";
  SourceSpan at;
  // Set by `health_check:` of the load balancer; otherwise the planner takes
  // path and timeout from the http health check of a service listening on
  // target_port (health_check_from names it).
  bool health_check_explicit = false;
  int health_check_timeout_s = 5;
  std::string health_check_from;
};

// Data seeding (Neckbeard): commands that run once, on the first generation
// of the node type's first node, with data from another environment.
struct Seed {
  std::string from;  // environment name
  SourceSpan from_at;
  std::vector<std::string> steps;
  SourceSpan at;
};

// Settings of a managed database (`kind: rds`).
struct RdsSettings {
  std::string engine = "postgres";  // postgres | mysql | mariadb
  std::string engine_version;       // "" = the provider's default
  int storage_gib = 20;
  int max_storage_gib = 0;          // storage autoscaling ceiling; 0 = off
  bool multi_az = false;
  SourceSpan at;
};

struct NodeType {
  std::string name;
  SourceSpan at;
  std::string kind = "ec2";  // ec2 | rds | static
  std::vector<std::string> roles;
  GradeId grade;
  SourceSpan grade_at;
  std::string image;
  std::vector<ServiceRef> services;  // pinned services; empty = placement by role/grade
  int count = 1;
  SourceSpan count_at;
  int min_per_az = 0;
  SourceSpan min_per_az_at;
  std::optional<LoadBalancer> load_balancer;
  std::optional<RdsSettings> rds;  // set for kind rds (defaults if not written)
  std::optional<std::string> flavor;
  SourceSpan flavor_at;
  LayerId layer;  // its parameters: model.layer(layer).params
  std::vector<RequiredParam> required;
  std::optional<Seed> seed;
  std::optional<PoolId> pool;  // kind static: the pool whose hosts it is placed on
  SourceSpan pool_at;
};

// One environment's node-type override as written in one environment file.
struct NodeTypeOverride {
  NodeTypeId node_type;
  SourceSpan at;
  bool removed = false;  // `web: ~` drops a node type inherited from a base
  std::optional<int> count;
  SourceSpan count_at;
  std::optional<std::string> flavor;
  SourceSpan flavor_at;
  LayerId layer;  // its parameters: model.layer(layer).params
};

struct ZoneDecl {
  std::string name;
  SourceSpan at;
  bool removed = false;  // `us-east-1c: ~` drops an inherited zone
  LayerId layer;  // its parameters: model.layer(layer).params
};

// What one environment file says. Unset optionals inherit from `extends`.
struct EnvironmentDecl {
  bool abstract = false;
  std::optional<EnvironmentId> extends;
  SourceSpan extends_at;
  std::optional<std::string> provider;
  SourceSpan provider_at;
  std::optional<std::string> region;
  std::optional<std::string> version;
  std::optional<std::vector<ServiceRef>> services;
  bool services_append = false;  // `services: !append [...]`
  SourceSpan services_at;
  std::vector<ZoneDecl> zones;  // in file order
  std::vector<NodeTypeOverride> node_types;
  std::map<std::string, std::string> labels;
  LayerId layer;  // its parameters: model.layer(layer).params
};

struct ResolvedZone {
  std::string name;
  SourceSpan at;                 // where it was first declared
  std::vector<LayerId> layers;   // base first: each environment's params for this zone
};

struct ResolvedNodeType {
  NodeTypeId node_type;
  SourceSpan at;  // the most derived override that mentions it
  int count = 0;
  SourceSpan count_at;
  std::optional<std::string> flavor;
  SourceSpan flavor_at;
  std::string flavor_set_by;    // the environment of the chain that set `flavor`
  std::vector<LayerId> layers;  // base first: each environment's override params
};

struct Environment {
  std::string name;
  SourceSpan at;
  EnvironmentDecl decl;
  // Filled by resolution (`extends` applied); meaningless for abstract ones.
  std::vector<EnvironmentId> chain;  // base first, this one last
  std::string provider;
  SourceSpan provider_at;
  std::string region;
  std::string version;
  std::vector<ServiceRef> services;  // roots
  SourceSpan services_at;
  std::vector<ResolvedZone> zones;   // in order: the remainder of counts goes first
  std::vector<ResolvedNodeType> node_types;  // sorted by node type id
  std::map<std::string, std::string> labels;  // project labels, then the chain's
};

// An existing machine of a pool (pools/<name>.yaml), which static node types
// are placed on instead of new instances (docs/pools.md).
struct PoolHost {
  std::string name;  // its hostname, kept as is
  SourceSpan at;
  std::string zone;
  SourceSpan zone_at;
  double cpu = 0;
  double memory_gib = 0;
  std::vector<std::string> roles;  // the node types' roles it may take
};

struct Pool {
  std::string name;
  SourceSpan at;
  std::string description;
  std::vector<PoolHost> hosts;  // in file order
};

// A cloudlet a project imports (`imports:` in nbc.yaml, docs/cloudlets.md),
// and what it brought in, by the names the project sees.
struct Cloudlet {
  std::string name;       // cloudlet.yaml `name`
  std::string ns;         // the namespace: `as:` of the import, else `name`
  std::string version;
  std::string summary;
  std::string description;
  std::string license;
  std::string path;       // as written in the import, relative to the project
  SourceSpan at;          // the import entry in nbc.yaml
  std::vector<std::string> services, node_types, environments;  // sorted
  // Imported entities a project file replaced with `overrides:`:
  // kind ("service", "node type", "environment") and name → the project's.
  std::map<std::pair<std::string, std::string>, std::string> overridden;
};

enum class LayerKind { kService, kNodeType, kGrade, kEnvironment, kNodeTypeOverride, kZone,
                       kLabel, kAudit };

// One named layer of the parameter hierarchy and the parameters it sets, as
// written (merge ops kept), e.g. "environment production".
struct Layer {
  LayerKind kind;
  std::string name;  // "service nginx", "environment production, node type web"
  ParamValue params;
};

struct Model {
  SourceFiles files;
  Project project;
  std::vector<Service> services;          // sorted by name
  std::vector<NodeType> node_types;       // sorted by name
  std::vector<Environment> environments;  // sorted by name
  std::vector<Layer> layers;              // indexed by LayerId
  std::vector<Pool> pools;                // sorted by name
  std::vector<Cloudlet> cloudlets;        // sorted by namespace

  const Service& service(ServiceId id) const { return services.at(id.index); }
  const NodeType& node_type(NodeTypeId id) const { return node_types.at(id.index); }
  const Environment& environment(EnvironmentId id) const { return environments.at(id.index); }
  const Grade& grade(GradeId id) const { return project.grades.at(id.index); }
  const Layer& layer(LayerId id) const { return layers.at(id.index); }
  const Pool& pool(PoolId id) const { return pools.at(id.index); }
  LayerId AddLayer(LayerKind kind, std::string name, ParamValue params) {
    layers.push_back({kind, std::move(name), std::move(params)});
    return LayerId{static_cast<uint32_t>(layers.size() - 1)};
  }
};

}  // namespace nbc::ir
