// SPDX-License-Identifier: Apache-2.0
// Reading a provenance sidecar for `nbc diff` with nlohmann's SAX interface:
// the sidecar of a 200,000-node plan is hundreds of megabytes, and the diff
// needs only the last origin of the leaves of the nodes it shows, so no JSON
// tree is built and nodes that are not kept are skipped as they stream by.
// (nlohmann's filtering parser callback is no help: it rescans the parent
// object after every child, which is quadratic in the number of nodes.)
#include "backends/plan_diff_input.h"
#include "ir/visible_text.h"

namespace nbc::backends {

void ProvenanceIndex::Add(const std::string& env, const std::string& address,
                          const std::string& path, const DiffOrigin& origin) {
  auto [it, inserted] = interned_.try_emplace({origin.layer, origin.at},
                                              static_cast<uint32_t>(origins_.size()));
  if (inserted) origins_.push_back(origin);
  leaves_[env][address][path] = it->second;
}

const DiffOrigin* ProvenanceIndex::Find(std::string_view env, std::string_view address,
                                        std::string_view path) const {
  auto e = leaves_.find(env);
  if (e == leaves_.end()) return nullptr;
  auto n = e->second.find(address);
  if (n == e->second.end()) return nullptr;
  auto p = n->second.find(path);
  return p == n->second.end() ? nullptr : &origins_[p->second];
}

namespace {

using nlohmann::json;

// The sidecar's shape (schemas/provenance.schema.json), by nesting level:
//   0 {"format_version": 1, "environments":
//   1   {ENV:
//   2     {"nodes":
//   3       {ADDRESS:
//   4         {"params":
//   5           {PATH:
//   6             [            the chain, lowest layer first
//   7               {"layer": …, "at": …}, …]}}}}}}
// Anything else (node_types, unknown keys) is read past.
class ProvenanceReader : public nlohmann::json_sax<json> {
 public:
  ProvenanceReader(ProvenanceIndex& index, const NodeSelection* keep) : index_(index), keep_(keep) {}

  bool null() override { return Scalar(); }
  bool boolean(bool) override { return Scalar(); }
  bool number_integer(number_integer_t v) override { return Number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Number(static_cast<double>(v)); }
  bool number_float(number_float_t, const string_t&) override { return Number(-1); }
  bool binary(binary_t&) override { return Scalar(); }
  bool string(string_t& v) override {
    if (!Skipping() && !skip_next_ && frames_.size() == 8 && InChain()) {
      if (frames_.back().key == "layer") origin_.layer = v;
      if (frames_.back().key == "at") origin_.at = v;
    }
    return Scalar();
  }
  bool start_object(std::size_t) override { return Start(true); }
  bool start_array(std::size_t) override { return Start(false); }
  bool end_object() override { return End(); }
  bool end_array() override { return End(); }
  bool key(string_t& k) override {
    if (Skipping()) return true;
    frames_.back().key = k;
    // A node nobody asked about: skip its whole value.
    if (keep_ && frames_.size() == 4 && Under(1, "environments") && Under(3, "nodes")) {
      auto env = keep_->find(frames_[1].key);
      skip_next_ = env == keep_->end() || !env->second.count(k);
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = "not valid JSON at byte " + std::to_string(position) + ": " + e.what();
    return false;
  }

  const std::string& error() const { return error_; }
  bool has_version() const { return version_ == 1; }
  double version() const { return version_; }
  bool has_environments() const { return saw_environments_; }

 private:
  struct Frame {
    bool object;
    std::string key;  // the current key, in an object
  };

  bool Skipping() const { return skip_depth_ > 0; }
  bool Under(size_t level, const char* key) const { return frames_[level - 1].key == key; }
  // Inside one origin of a chain: levels 0-5 objects under the right keys, 6 an array.
  bool InChain() const {
    return Under(1, "environments") && Under(3, "nodes") && Under(5, "params") &&
           !frames_[6].object && frames_[7].object;
  }
  bool Scalar() {
    skip_next_ = false;
    return true;
  }
  bool Number(double v) {
    if (!Skipping() && !skip_next_ && frames_.size() == 1 && frames_[0].key == "format_version")
      version_ = v;
    return Scalar();
  }
  bool Start(bool object) {
    if (skip_next_ || Skipping()) {
      skip_next_ = false;
      ++skip_depth_;
      return true;
    }
    if (object && frames_.size() == 1 && frames_[0].key == "environments") saw_environments_ = true;
    frames_.push_back({object, {}});
    if (frames_.size() == 8 && InChain()) origin_ = {};
    return true;
  }
  bool End() {
    if (Skipping()) {
      --skip_depth_;
      return true;
    }
    if (frames_.size() == 8 && InChain()) {
      last_ = origin_;
      have_last_ = true;
    }
    // The end of a chain: its last origin set the value.
    if (frames_.size() == 7 && !frames_[6].object && Under(1, "environments") &&
        Under(3, "nodes") && Under(5, "params") && have_last_) {
      index_.Add(frames_[1].key, frames_[3].key, frames_[5].key, last_);
    }
    if (frames_.size() == 7) have_last_ = false;
    frames_.pop_back();
    return true;
  }

  ProvenanceIndex& index_;
  const NodeSelection* keep_;
  std::vector<Frame> frames_;
  bool skip_next_ = false;
  size_t skip_depth_ = 0;
  DiffOrigin origin_, last_;
  bool have_last_ = false;
  double version_ = 0;
  bool saw_environments_ = false;
  std::string error_;
};

}  // namespace

bool AttachProvenance(std::string_view text, const std::string& label, PlanDocument& doc,
                      ir::Diagnostics& diags, const NodeSelection* keep) {
  std::string what = "provenance '" + ir::Visible(label) + "'";
  const char* hint = "diff reads what `nbc plan --provenance FILE` writes "
                     "(schemas/provenance.schema.json)";
  ProvenanceIndex index;
  ProvenanceReader reader(index, keep);
  if (!json::sax_parse(text, &reader)) {
    diags.Error({}, what + ": " + reader.error(), hint);
    return false;
  }
  if (!reader.has_version()) {
    diags.Error({}, what + ": missing or unsupported format_version (this nbc reads 1)", hint);
    return false;
  }
  if (!reader.has_environments()) {
    diags.Error({}, what + ": /environments: expected an object", hint);
    return false;
  }
  doc.provenance = std::move(index);
  return true;
}

}  // namespace nbc::backends
