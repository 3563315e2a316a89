// SPDX-License-Identifier: Apache-2.0
// Reading an Ansible inventory back.
#include "backends/inventory_reader.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/ansible_inventory.h"
#include "backends/chef_solo.h"
#include "backends/json_match.h"
#include "backends/json_reader.h"

namespace nbc::backends {
namespace {

using nlohmann::json;

// nlohmann SAX events: the structure of the inventory is followed here,
// each host's value is handed to a ValueMatcher.
class InventoryReader {
 public:
  InventoryReader(const ir::PlanEnvironment& env,
                  const std::function<const json&(const ir::PlanNode&)>& vars)
      : vars_(vars) {
    for (const ir::PlanNode& node : env.nodes) {
      if (!by_hostname_.emplace(node.hostname, &node).second) ok_ = false;  // the caller decides
    }
  }

  bool null() { return Leaf([&] { return matcher_.null(); }); }
  bool boolean(bool v) { return Leaf([&] { return matcher_.boolean(v); }); }
  bool number_integer(std::int64_t v) { return Leaf([&] { return matcher_.number_integer(v); }); }
  bool number_unsigned(std::uint64_t v) { return Leaf([&] { return matcher_.number_unsigned(v); }); }
  bool number_float(double v, const std::string& s) {
    return Leaf([&] { return matcher_.number_float(v, s); });
  }
  bool string(std::string& v) { return Leaf([&] { return matcher_.string(v); }); }
  bool binary(json::binary_t&) { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  bool start_object(std::size_t n) { return Open(true, [&] { return matcher_.start_object(n); }); }
  bool start_array(std::size_t n) { return Open(false, [&] { return matcher_.start_array(n); }); }
  bool end_object() { return Close([&] { return matcher_.end_object(); }); }
  bool end_array() { return Close([&] { return matcher_.end_array(); }); }

  bool key(std::string& k) {
    if (in_host_) return matcher_.key(k);
    Level& level = levels_.back();
    if (level.keyed && k <= level.key) ok_ = false;  // repeated or unsorted
    level.keyed = true;
    level.key = k;
    if (At({"all", "hosts", ""})) StartHost(k);
    else if (At({"all", "children", "", "hosts", ""})) members_.insert(levels_[2].key + '\0' + k);
    return true;
  }

  // After the parse: what only the whole document shows.
  bool Matches(const ir::PlanEnvironment& env) const {
    if (!ok_ || !saw_hosts_ || !saw_children_) return false;
    size_t chef_nodes = 0;
    for (const ir::PlanNode& node : env.nodes) {
      if (!RunsChef(node)) continue;
      ++chef_nodes;
      for (const std::string& group :
           {AnsibleGroupName("env", env.name), AnsibleGroupName("node_type", node.node_type),
            AnsibleGroupName("zone", node.zone)})
        if (!members_.count(group + '\0' + node.hostname)) return false;
    }
    return hosts_ == chef_nodes;
  }

 private:
  struct Level {
    bool object;
    bool keyed = false;
    std::string key;  // the last key read, for objects
  };

  // True if the open containers are objects with these keys ("" any key).
  bool At(std::initializer_list<std::string_view> path) const {
    if (levels_.size() != path.size()) return false;
    size_t i = 0;
    for (std::string_view want : path) {
      const Level& level = levels_[i++];
      if (!level.object || !level.keyed || (!want.empty() && level.key != want)) return false;
    }
    return true;
  }

  void StartHost(const std::string& hostname) {
    auto it = by_hostname_.find(hostname);
    if (it == by_hostname_.end() || !RunsChef(*it->second)) {
      ok_ = false;
      return;
    }
    ++hosts_;
    host_name_ = json(hostname);
    expected_ = {&vars_(*it->second), {{"ansible_host", &host_name_}}, false};
    matcher_.Begin(expected_, /*ansible_unsafe=*/true);
    in_host_ = true;
  }

  template <typename Event>
  bool Forward(Event event) {
    event();
    if (matcher_.done()) {
      in_host_ = false;
      if (!matcher_.matched()) ok_ = false;
    }
    return true;
  }

  template <typename Event>
  bool Leaf(Event event) {
    if (in_host_) return Forward(event);
    if (At({"all", "hosts", ""})) ok_ = false;  // a host that is not a map
    return true;
  }

  template <typename Event>
  bool Open(bool object, Event event) {
    if (in_host_) return Forward(event);
    if (object && At({"all", "hosts"})) saw_hosts_ = true;
    if (object && At({"all", "children"})) saw_children_ = true;
    levels_.push_back({object});
    return true;
  }

  template <typename Event>
  bool Close(Event event) {
    if (in_host_) return Forward(event);
    levels_.pop_back();
    return true;
  }

  const std::function<const json&(const ir::PlanNode&)>& vars_;
  std::unordered_map<std::string, const ir::PlanNode*> by_hostname_;
  std::vector<Level> levels_;
  std::set<std::string> members_;  // group '\0' host
  ValueMatcher matcher_;
  ExpectedObject expected_;
  json host_name_;
  bool in_host_ = false, ok_ = true, saw_hosts_ = false, saw_children_ = false;
  size_t hosts_ = 0;
};

}  // namespace

bool InventoryMatches(std::string_view text, const ir::PlanEnvironment& env,
                      const std::function<const json&(const ir::PlanNode&)>& vars) {
  InventoryReader reader(env, vars);
  return ReadJson(text, reader) && reader.Matches(env);
}

}  // namespace nbc::backends
