// SPDX-License-Identifier: Apache-2.0
// The consistency check of `nbc build`.
#include "backends/consistency.h"

#include <nlohmann/json.hpp>

#include "backends/cfn_metadata_reader.h"
#include "backends/chef_solo.h"
#include "backends/consistency_hosts.h"
#include "backends/json_match.h"
#include "backends/param_json.h"
#include "ir/sha256.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

bool HasPrefix(const OutputSet& out, const std::string& prefix) {
  auto it = out.files().lower_bound(prefix);
  return it != out.files().end() && it->first.starts_with(prefix);
}

json ParseOrNull(const std::string& text) {
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// The JSON a bootstrap embeds in its NBC_NODE_JSON heredoc, or discarded.
json EmbeddedNodeJson(const std::string& script) {
  size_t open = script.find("<<'NBC_NODE_JSON'\n");
  if (open == std::string::npos) return json::value_t::discarded;
  size_t begin = open + std::string("<<'NBC_NODE_JSON'\n").size();
  size_t end = script.find("\nNBC_NODE_JSON\n", begin - 1);
  if (end == std::string::npos) return json::value_t::discarded;
  return ParseOrNull(script.substr(begin, end - begin));
}

// True if the NBC_NODE_JSON heredoc of `script` holds exactly `body`.
bool EmbedsText(const std::string& script, const std::string& body) {
  const std::string open = "<<'NBC_NODE_JSON'\n";
  size_t begin = script.find(open);
  if (begin == std::string::npos) return false;
  begin += open.size();
  return script.compare(begin, body.size(), body) == 0 &&
         script.compare(begin + body.size(), 14, "NBC_NODE_JSON\n") == 0;
}

class Checker {
 public:
  Checker(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags)
      : env_(plan.environments.at(0)), out_(out), diags_(diags) {}

  void Run() {
    bool chef = HasPrefix(out_, "chef/"), bootstrap = HasPrefix(out_, "bootstrap/"),
         cloudformation = HasPrefix(out_, "cloudformation/");
    if (cloudformation) IndexCloudFormation();
    for (const ir::PlanNode& node : env_.nodes) {
      bool rds = node.kind == "rds";
      bool chef_ok = chef && !rds && CheckChef(node);
      if (bootstrap && !rds) CheckBootstrap(node, chef && !rds, chef_ok);
      // A static node is an existing host of a pool: no CloudFormation resource.
      if (cloudformation && node.kind != "static") CheckCloudFormation(node);
    }
  }

 private:
  void Fail(const ir::PlanNode& node, const std::string& what) {
    diags_.Error({}, "inconsistent artifacts for node " + node.address + ": " + what,
                 "this is a bug in nbc's backends; please report it with the input");
  }

  const std::string* File(const std::string& path) {
    auto it = out_.files().find(path);
    return it == out_.files().end() ? nullptr : &it->second;
  }

  // True if the node's chef file reads back as the plan's run list and
  // parameters. Compared as it is read (json_match.h); a difference is then
  // explained from the file's document.
  bool CheckChef(const ir::PlanNode& node) {
    const std::string* text = File("chef/nodes/" + node.hostname + ".json");
    if (!text) {
      Fail(node, "no chef/nodes/" + node.hostname + ".json");
      return false;
    }
    const json run_list = ChefRunList(node);
    const json& params = params_json_.Of(node.params);
    if (MatchJson(*text, {nullptr, {{"normal", &params}, {"run_list", &run_list}}, true}))
      return true;
    json doc = ParseOrNull(*text);
    if (doc.is_discarded() || !doc.is_object()) Fail(node, "its chef node file is not a JSON object");
    else if (doc.value("run_list", json()) != run_list) Fail(node, "chef run_list differs from the plan");
    else if (doc.value("normal", json()) != params) Fail(node, "chef attributes differ from the plan");
    else Fail(node, "its chef node file repeats a key or does not sort its keys");
    return false;
  }

  void CheckBootstrap(const ir::PlanNode& node, bool has_chef, bool chef_ok) {
    const std::string* text = File("bootstrap/" + node.hostname + ".sh");
    if (!text) return Fail(node, "no bootstrap/" + node.hostname + ".sh");
    // The same bytes as the checked chef node file are the same JSON.
    const std::string* chef_text = has_chef ? File("chef/nodes/" + node.hostname + ".json") : nullptr;
    if (chef_ok && EmbedsText(*text, *chef_text)) return;
    json chef_node = chef_text ? ParseOrNull(*chef_text) : json();
    json embedded = EmbeddedNodeJson(*text);
    if (embedded.is_discarded()) return Fail(node, "its bootstrap embeds no NBC_NODE_JSON heredoc");
    if (!chef_node.is_null() && embedded != chef_node)
      Fail(node, "the bootstrap's chef node JSON differs from chef/nodes/" + node.hostname + ".json");
    if (embedded.value("run_list", json()) != json(ChefRunList(node)))
      Fail(node, "the bootstrap's run_list differs from the plan");
  }

  void IndexCloudFormation() {
    for (const auto& [path, text] : out_.files()) {
      if (!path.starts_with("cloudformation/") || !path.ends_with(".json")) continue;
      std::optional<std::vector<json>> metadata = ReadNbcMetadata(text);
      if (!metadata) continue;
      for (json& meta : *metadata)
        if (meta.is_object() && meta.contains("address") && meta["address"].is_string())
          resources_[meta["address"].get<std::string>()].push_back(std::move(meta));
    }
  }

  void CheckCloudFormation(const ir::PlanNode& node) {
    auto it = resources_.find(node.address);
    size_t count = it == resources_.end() ? 0 : it->second.size();
    if (count != 1)
      return Fail(node, std::to_string(count) + " CloudFormation resources carry its address, not 1");
    const json& meta = it->second[0];
    json services = json::array();
    for (const std::string& s : node.run_list) services.push_back(s);
    if (meta.value("run_list", json()) != services)
      Fail(node, "the CloudFormation metadata's run_list differs from the plan");
    if (meta.value("params_sha256", std::string()) != ParamsDigest(node.params))
      Fail(node, "the CloudFormation metadata's params_sha256 differs from the plan");
  }

  const ir::PlanEnvironment& env_;
  const OutputSet& out_;
  ir::Diagnostics& diags_;
  ParamJsonCache params_json_;
  std::map<std::string, std::vector<json>> resources_;  // address → nbc metadata
};

}  // namespace

std::string ParamsDigest(const ir::ParamValue& params) {
  // Computed once for the nodes that share one tree; the copy of the tree
  // kept here keeps it from changing (ir/cow_map.h).
  thread_local ir::ParamValue last_params{.kind = ir::ParamKind::kNull};
  thread_local std::string last_digest;
  if (!SameTree(params, last_params)) {
    std::string text;
    AppendCompactParamJson(text, params);  // dump() of ParamToJson(params), without the document
    last_digest = ir::Sha256Hex(text);
    last_params = params;
  }
  return last_digest;
}

void CheckConsistency(const ir::Plan& plan, const OutputSet& out, ir::Diagnostics& diags) {
  Checker(plan, out, diags).Run();
  CheckHostConsistency(plan, out, diags);  // ansible, consul-kv, vagrant
}

}  // namespace nbc::backends
