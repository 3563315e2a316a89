// SPDX-License-Identifier: Apache-2.0
// bench/gen_estate: writes a synthetic, valid nbc project of a chosen size
// for the benchmarks (bench/README.md). Seeded and deterministic: the same
// arguments give the same bytes on every machine.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Knobs {
  int environments = 20;      // concrete environments
  int node_types = 50;        // including `ops` and the managed database `db`
  int services = 200;         // including the 5 shared ones
  int nodes_per_type = 10;
  int params_per_layer = 60;  // leaves each parameter layer sets (about)
  double dag_density = 0.3;   // chance of an edge to each earlier service of a family
  uint64_t seed = 1;
  bool tweak = false;         // one parameter of one environment differs (for `nbc diff`)
  bool remote_monitoring = false;  // the monitoring audit runs on the ops hosts
};

constexpr int kFamilySize = 10;
constexpr int kSharedServices = 5;  // base, database, monitoring, logrotate, backup
const char* const kRegions[] = {"us-east-1", "eu-west-1", "ap-southeast-2"};
const char* const kTiers[] = {"prod", "stage"};

// splitmix64: a tiny generator whose sequence is the same everywhere
// (std:: distributions are not specified bit for bit).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return n <= 0 ? 0 : static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) / 9007199254740992.0 < p; }

 private:
  uint64_t state_;
};

// A YAML mapping whose leaves are already-formatted flow text; std::map
// keeps keys sorted, so the output is byte-stable.
struct Yaml {
  std::string scalar;
  std::map<std::string, Yaml> map;
  Yaml& operator[](const std::string& key) { return map[key]; }
  void Set(const std::string& key, const std::string& flow) { map[key].scalar = flow; }
};

void Emit(const Yaml& y, int indent, std::string& out) {
  for (const auto& [key, value] : y.map) {
    out.append(indent, ' ');
    out += key + ":";
    if (!value.map.empty()) {
      out += "\n";
      Emit(value, indent + 2, out);
    } else {
      out += " " + (value.scalar.empty() ? std::string("{}") : value.scalar) + "\n";
    }
  }
}

std::string Num(int n, int width = 3) {
  std::string s = std::to_string(n);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

class Generator {
 public:
  Generator(const Knobs& k, fs::path dir) : k_(k), dir_(std::move(dir)), rng_(k.seed) {
    int members = k.services - kSharedServices;
    families_ = std::max(1, (members + kFamilySize - 1) / kFamilySize);
    // Family sizes differ by at most one.
    for (int f = 0; f < families_; ++f) sizes_.push_back(members / families_ + (f < members % families_));
  }

  void Run() {
    Write("nbc.yaml", Project());
    WriteServices();
    for (int i = 0; i < k_.node_types; ++i) Write("node_types/" + NodeTypeName(i) + ".yaml", NodeType(i));
    WriteEnvironments();
  }

 private:
  // ---- names -------------------------------------------------------------
  static std::string Fam(int f) { return "f" + Num(f); }
  std::string FamilyService(int f, int m) const { return Fam(f) + "-s" + Num(m, 2); }
  static std::string NodeTypeName(int i) { return i == 0 ? "ops" : i == 1 ? "db" : "nt-" + Num(i); }
  static std::string EnvName(int i) { return "env-" + Num(i); }
  static std::string Region(int r) { return kRegions[r]; }
  static std::string TierName(int t) { return std::string("tier-") + kRegions[t / 2] + "-" + kTiers[t % 2]; }
  // Family node types: each family runs on node type 2 + f mod (T-2), and
  // node type i also hosts family (i-2) mod F, so every one runs something.
  std::vector<int> FamiliesOf(int node_type) const {
    std::vector<int> out;
    int hosts = k_.node_types - 2;
    for (int f = 0; f < families_; ++f)
      if (f % hosts == node_type - 2 || (node_type - 2) % families_ == f) out.push_back(f);
    return out;
  }

  // ---- values: unique across the estate, so no override equals what it overrides
  std::string Value(int key) {
    ++counter_;
    switch (key % 5) {
      case 1: return std::to_string(counter_);
      case 2: return std::to_string(counter_) + ".25";
      case 3: return "[\"a-" + std::to_string(counter_) + "\", \"b-" + std::to_string(rng_.Below(1000)) + "\"]";
      default: return "\"v" + std::to_string(counter_) + "-" + std::to_string(rng_.Below(100000)) + "\"";
    }
  }
  // Leaf j of a shared namespace: group/sub/key, three levels below it.
  static std::vector<std::string> LeafPath(int j) {
    return {"group" + std::to_string(j / 15), "sub" + std::to_string(j / 5 % 3), "key" + std::to_string(j % 5)};
  }
  Yaml& At(Yaml& params, const std::string& ns, int j) {
    auto p = LeafPath(j);
    return params[ns][p[0]][p[1]];
  }
  void SetLeaf(Yaml& params, const std::string& ns, int j) {
    At(params, ns, j).Set(LeafPath(j)[2], Value(j));
  }
  // `n` distinct leaves of a namespace, chosen at random.
  void SetSome(Yaml& params, const std::string& ns, int n) {
    int size = k_.params_per_layer;
    std::vector<int> idx(size);
    for (int i = 0; i < size; ++i) idx[i] = i;
    for (int i = 0; i < std::min(n, size); ++i) {
      std::swap(idx[i], idx[i + rng_.Below(size - i)]);
      SetLeaf(params, ns, idx[i]);
    }
  }

  // ---- files -------------------------------------------------------------
  void Write(const std::string& relative, const std::string& text) {
    fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  std::string Project() {
    return "# A synthetic estate written by bench/gen_estate; see bench/README.md.\n"
           "project: bench\n"
           "labels: { customer: bench-co, app: estate }\n"
           "grades:\n"
           "  small:  { cpu: 1, memory_gib: 2, params: " + GradeParams() + " }\n"
           "  medium: { cpu: 2, memory_gib: 4, params: " + GradeParams() + " }\n"
           "  large:  { cpu: 4, memory_gib: 16, params: " + GradeParams() + " }\n"
           "providers:\n"
           "  aws:\n"
           "    flavors:\n"
           "      t3.small:     { cpu: 2, memory_gib: 2,  hourly_usd: 0.0208 }\n"
           "      t3.medium:    { cpu: 2, memory_gib: 4,  hourly_usd: 0.0416 }\n"
           "      m5.large:     { cpu: 2, memory_gib: 8,  hourly_usd: 0.096 }\n"
           "      m5.xlarge:    { cpu: 4, memory_gib: 16, hourly_usd: 0.192 }\n"
           "      r5.large:     { cpu: 2, memory_gib: 16, hourly_usd: 0.126 }\n"
           "      c5.2xlarge:   { cpu: 8, memory_gib: 16, hourly_usd: 0.34 }\n"
           "      db.t3.medium: { cpu: 2, memory_gib: 4,  hourly_usd: 0.068, kind: rds }\n"
           "      db.m5.large:  { cpu: 2, memory_gib: 8,  hourly_usd: 0.171, kind: rds }\n"
           "      db.m5.xlarge: { cpu: 4, memory_gib: 16, hourly_usd: 0.342, kind: rds }\n"
           "packager: { kind: tarball, bucket: bench-slugs, name: estate }\n"
           "stack: { runtime: python3, command: \"gunicorn app:wsgi\", port: 8000, user: app }\n"
           "state: { backend: local, path: .nbc/state }\n"
           "required_audits: [monitoring]\n";
  }
  std::string GradeParams() {
    Yaml p;
    SetSome(p, "common", std::max(1, k_.params_per_layer / 6));
    return Flow(p);
  }
  static std::string Flow(const Yaml& y) {
    if (y.map.empty()) return y.scalar;
    std::string out = "{ ";
    bool first = true;
    for (const auto& [key, value] : y.map) {
      out += (first ? "" : ", ") + key + ": " + Flow(value);
      first = false;
    }
    return out + " }";
  }

  void WriteServices() {
    // base: the shared namespace `common` (every leaf, plus the secret that
    // environments must set); database on the rds node type; three audits.
    Yaml base;
    for (int j = 0; j < k_.params_per_layer; ++j) SetLeaf(base, "common", j);
    base["common"]["secrets"].Set("password", "~");
    base["common"]["rollout"].Set("canary_percent", "10");
    Write("services/base.yaml", "description: Operating-system baseline on every host\n"
                                "chef: { run_list: [\"recipe[base]\", \"recipe[ntp]\"] }\n"
                                "required: [common.secrets.password]\nparams:\n" + Text(base, 2));
    Write("services/database.yaml",
          "description: The shared database (managed)\n"
          "requires: { role: db, grade: medium }\n"
          "ports: [{ port: 5432, protocol: tcp }]\nhealth_check: { port: 5432, protocol: tcp }\n"
          "params:\n  database: { max_connections: 500, version: \"15\" }\n");
    std::vector<std::string> audited = {"base", "database"}, logged;
    for (int f = 0; f < families_; ++f) {
      audited.push_back(Fam(f) + "-base");
      for (int m = 0; m < sizes_[f]; ++m) {
        audited.push_back(FamilyService(f, m));
        logged.push_back(FamilyService(f, m));
      }
    }
    // Monitoring is a local agent on every host it audits by default; with
    // --remote-monitoring it runs on the ops hosts, which then learn every
    // audited host and port (audit_targets, docs/audits.md).
    Write("services/monitoring.yaml",
          "description: Metrics of every service\n"
          "audit_kind: monitoring\naudits: " + List(audited) + "\n" +
          (k_.remote_monitoring ? "depends_on: [base]\nrequires: { role: ops }\navoid: [database]\n" : "") +
          "ports: [{ port: 9100, protocol: tcp }]\n"
          "health_check: { port: 9100, protocol: http, path: /metrics }\n"
          "chef: { run_list: [\"recipe[prometheus::exporter]\"] }\n"
          "params:\n  prometheus: { scrape_interval_s: 30, retention_days: 15 }\n");
    Write("services/logrotate.yaml",
          "description: Log rotation wherever the family services write logs\n"
          "audit_kind: log-rotation\naudits: " + List(logged) + "\n"
          "chef: { run_list: [\"recipe[logrotate]\"] }\n"
          "params:\n  logrotate: { keep: 7, compress: true }\n");
    Write("services/backup.yaml",
          "description: Nightly database dumps\naudit_kind: backup\naudits: [database]\n"
          "depends_on: [base]\nrequires: { role: ops }\n"
          "chef: { run_list: [\"recipe[backup]\"] }\n"
          "params:\n  backup: { schedule: \"0 3 * * *\", keep_days: 14 }\n");
    for (int f = 0; f < families_; ++f) WriteFamily(f);
  }

  void WriteFamily(int f) {
    Yaml defaults;
    for (int j = 0; j < k_.params_per_layer; ++j) SetLeaf(defaults, Fam(f), j);
    Write("services/" + Fam(f) + "-base.yaml",
          "description: Shared settings of family " + Fam(f) + "\ndepends_on: [base]\n"
          "chef: { run_list: [\"recipe[" + Fam(f) + "::base]\"] }\nparams:\n" + Text(defaults, 2));
    for (int m = 0; m < sizes_[f]; ++m) {
      std::vector<std::string> deps = {Fam(f) + "-base"};
      if (m == 0) deps.push_back("database");
      for (int e = 0; e < m; ++e)
        if (rng_.Chance(k_.dag_density)) deps.push_back(FamilyService(f, e));
      if (f > 0 && rng_.Chance(k_.dag_density / 5)) {
        int g = rng_.Below(f);
        deps.push_back(FamilyService(g, rng_.Below(sizes_[g])));
      }
      std::string name = FamilyService(f, m), port = std::to_string(8000 + m);
      Write("services/" + name + ".yaml",
            "description: Service " + name + "\ndepends_on: " + List(deps) + "\n"
            "requires: { role: fam-" + Fam(f) + (m % 4 == 3 ? ", grade: small" : "") + " }\n"
            "ports: [{ port: " + port + ", protocol: tcp }]\n"
            "health_check: { port: " + port + ", protocol: " + (m % 2 ? "http, path: /healthz" : "tcp") + " }\n"
            "chef: { run_list: [\"recipe[" + Fam(f) + "::s" + Num(m, 2) + "]\"] }\n"
            "params:\n  " + name + ":\n    port: " + port + "\n    enabled: true\n"
            "    options: { mode: " + Value(0) + ", tags: [web, \"" + name + "\"] }\n");
    }
  }

  static std::string Text(const Yaml& y, int indent) {
    std::string out;
    Emit(y, indent, out);
    return out;
  }

  std::string NodeType(int i) {
    static const char* kGrades[] = {"small", "medium", "large"};
    std::string out = "description: Node type " + NodeTypeName(i) + "\n";
    Yaml params;
    if (i == 1) {
      out += "kind: rds\nroles: [db]\ngrade: medium\n"
             "rds: { engine: postgres, engine_version: \"15.4\", storage_gib: 100, max_storage_gib: 500, multi_az: true }\n";
      params["database"].Set("max_connections", std::to_string(600 + i));
    } else if (i == 0) {
      out += "kind: ec2\nroles: [ops]\ngrade: small\nimage: ami-0abcdef1234567890\nha: { min_per_az: 1 }\n";
      SetSome(params, "common", k_.params_per_layer / 2);
    } else {
      std::vector<int> fams = FamiliesOf(i);
      std::vector<std::string> roles;
      for (int f : fams) roles.push_back("fam-" + Fam(f));
      out += "kind: ec2\nroles: " + List(roles) + "\ngrade: " + kGrades[i % 3] + "\nimage: ami-0abcdef1234567890\n";
      bool lb = i % 3 == 2;
      out += "ha: { min_per_az: " + std::string(lb && k_.nodes_per_type >= 6 ? "2" : "1") + " }\n";
      if (lb) out += "load_balancer: { port: 443, target_port: 8000, health_check: { path: /healthz } }\n";
      if (i % 7 == 0) out += "flavor: c5.2xlarge\n";
      for (int f : fams) SetSome(params, Fam(f), k_.params_per_layer * 2 / 3 / static_cast<int>(fams.size()) + 1);
      SetSome(params, "common", k_.params_per_layer / 3);
    }
    out += "count: " + std::to_string(k_.nodes_per_type) + "\n";
    return out + "params:\n" + Text(params, 2);
  }

  // Chains: global → region (3 zones) → tier → concrete environment. Only
  // the tiers and regions that some environment extends, so none is unused.
  void WriteEnvironments() {
    int tiers = std::min(6, k_.environments);
    WriteGlobal();
    for (int r = 0; r < (tiers + 1) / 2; ++r) WriteRegion(r);
    for (int t = 0; t < tiers; ++t) WriteTier(t);
    for (int e = 0; e < k_.environments; ++e) WriteConcrete(e, e % tiers);
  }

  void WriteGlobal() {
    std::vector<std::string> roots;
    for (int f = 0; f < families_; ++f)
      for (int m = 0; m < sizes_[f]; ++m) roots.push_back(FamilyService(f, m));
    Yaml params;
    SetSome(params, "common", k_.params_per_layer);
    params["common"]["secrets"].Set("password", "!secret bench/db-password");
    std::string out = "# What every environment shares.\nabstract: true\nprovider: aws\n"
                      "services: " + List(roots) + "\nlabels: { cost-center: platform }\nnode_types:\n";
    for (int i = 0; i < k_.node_types; ++i) out += "  " + NodeTypeName(i) + ": {}\n";
    Write("environments/global.yaml", out + "params:\n" + Text(params, 2));
  }

  void WriteRegion(int r) {
    std::string out = "abstract: true\nextends: global\nregion: " + Region(r) + "\nlabels: { region: " + Region(r) + " }\nzones:\n";
    for (char z : {'a', 'b', 'c'}) {
      Yaml zp;
      SetSome(zp, "common", std::max(1, k_.params_per_layer / 10));
      out += "  " + Region(r) + z + ": { params: " + Flow(zp) + " }\n";
    }
    Yaml params;
    SetSome(params, "common", k_.params_per_layer / 2);
    params["common"]["group0"]["sub0"].Set("key4", "~");  // removes the default
    Write("environments/region-" + Region(r) + ".yaml", out + "params:\n" + Text(params, 2));
  }

  void WriteTier(int t) {
    std::string out = "abstract: true\nextends: region-" + std::string(kRegions[t / 2]) +
                      "\nservices: !append [monitoring, backup, logrotate]\n"
                      "labels: { tier: " + kTiers[t % 2] + " }\nnode_types:\n";
    for (int n = 0; n < 3; ++n) {
      int i = 2 + (t * 3 + n) % (k_.node_types - 2);
      Yaml p;
      SetSome(p, Fam(FamiliesOf(i).front()), k_.params_per_layer / 4);
      out += "  " + NodeTypeName(i) + ": { " + (n == 0 && i % 7 != 0 ? "flavor: m5.xlarge, " : "") + "params: " + Flow(p) + " }\n";
    }
    Yaml params;
    SetSome(params, Fam(t % families_), k_.params_per_layer / 2);
    // A sub-map replaced whole instead of merged.
    params["common"]["group0"]["sub1"].scalar = "!replace { key0: \"tier-" + std::to_string(t) + "\", key1: " + Value(1) + " }";
    Write("environments/" + TierName(t) + ".yaml", out + "params:\n" + Text(params, 2));
  }

  void WriteConcrete(int e, int t) {
    std::string out = "extends: " + TierName(t) + "\nversion: \"2026." + std::to_string(e / 6 + 1) + "." + std::to_string(e % 6) + "\"\n";
    Yaml zp;
    SetSome(zp, "common", std::max(1, k_.params_per_layer / 10));
    out += "zones:\n  " + Region(t / 2) + "b: { params: " + Flow(zp) + " }\nnode_types:\n";
    // Two different family node types get environment-specific parameters.
    int first = rng_.Below(k_.node_types - 2);
    for (int i : {2 + first, 2 + (first + 1 + rng_.Below(k_.node_types - 3)) % (k_.node_types - 2)}) {
      Yaml p;
      SetSome(p, Fam(FamiliesOf(i).back()), k_.params_per_layer / 4);
      out += "  " + NodeTypeName(i) + ": { params: " + Flow(p) + " }\n";
    }
    Yaml params;
    SetSome(params, "common", k_.params_per_layer / 2);
    for (int n = 0; n < 3; ++n) SetSome(params, Fam(rng_.Below(families_)), k_.params_per_layer / 6);
    params["common"]["group0"]["sub0"].Set("key3", "!append [\"extra-" + EnvName(e) + "\"]");
    if (e == 0) params["common"]["rollout"].Set("canary_percent", k_.tweak ? "25" : "20");
    Write("environments/" + EnvName(e) + ".yaml", out + "params:\n" + Text(params, 2));
  }

  const Knobs k_;
  fs::path dir_;
  Rng rng_;
  int families_ = 1;
  std::vector<int> sizes_;  // services per family, not counting its base
  long counter_ = 0;
};

int Usage(const char* message) {
  if (*message) std::cerr << "gen_estate: " << message << "\n";
  std::cerr << "usage: gen_estate [--scale small|medium|large] [--environments N] [--node-types N]\n"
               "                  [--services N] [--nodes-per-type N] [--params-per-layer N]\n"
               "                  [--dag-density F] [--seed N] [--tweak] [--remote-monitoring] -o DIR\n";
  return 2;
}

bool ApplyScale(const std::string& scale, Knobs& k) {
  if (scale == "small") k = {6, 10, 45, 6, 20, 0.3, k.seed, k.tweak, k.remote_monitoring};
  else if (scale == "medium") k = {20, 50, 200, 10, 60, 0.3, k.seed, k.tweak, k.remote_monitoring};
  else if (scale == "large") k = {100, 100, 1000, 20, 60, 0.3, k.seed, k.tweak, k.remote_monitoring};
  else return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Knobs k;
  ApplyScale("medium", k);
  std::string out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tweak") { k.tweak = true; continue; }
    if (a == "--remote-monitoring") { k.remote_monitoring = true; continue; }
    if (i + 1 >= argc) return Usage(("missing value after " + a).c_str());
    std::string v = argv[++i];
    if (a == "--scale") { if (!ApplyScale(v, k)) return Usage("unknown scale"); }
    else if (a == "--environments") k.environments = std::atoi(v.c_str());
    else if (a == "--node-types") k.node_types = std::atoi(v.c_str());
    else if (a == "--services") k.services = std::atoi(v.c_str());
    else if (a == "--nodes-per-type") k.nodes_per_type = std::atoi(v.c_str());
    else if (a == "--params-per-layer") k.params_per_layer = std::atoi(v.c_str());
    else if (a == "--dag-density") k.dag_density = std::atof(v.c_str());
    else if (a == "--seed") k.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "-o") out = v;
    else return Usage(("unknown option " + a).c_str());
  }
  if (out.empty()) return Usage("-o DIR is required");
  if (k.environments < 1 || k.environments > 999 || k.node_types < 5 || k.node_types > 999 ||
      k.services < kSharedServices + 1 || k.nodes_per_type < 3 || k.nodes_per_type > 100000 ||
      k.params_per_layer < 20 || k.params_per_layer > 600)
    return Usage("need 1 <= environments <= 999, 5 <= node-types <= 999, services >= 6, "
                 "nodes-per-type >= 3, 20 <= params-per-layer <= 600");
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) return Usage("the output folder exists and is not empty");
  Generator(k, out).Run();
  return 0;
}
