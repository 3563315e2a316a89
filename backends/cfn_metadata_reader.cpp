// SPDX-License-Identifier: Apache-2.0
// Reading the nbc metadata of a CloudFormation template.
#include "backends/cfn_metadata_reader.h"

#include <optional>
#include <string>

#include "backends/json_reader.h"

namespace nbc::backends {
namespace {

using nlohmann::json;
using Dom = nlohmann::detail::json_sax_dom_parser<json>;

// nlohmann SAX events: the path of objects is followed here, and the value
// at Resources.<id>.Metadata.nbc is handed to a document builder.
class MetadataReader {
 public:
  explicit MetadataReader(std::vector<json>& found) : found_(found) {}

  bool null() { return Leaf([](Dom& d) { return d.null(); }); }
  bool boolean(bool v) { return Leaf([&](Dom& d) { return d.boolean(v); }); }
  bool number_integer(std::int64_t v) { return Leaf([&](Dom& d) { return d.number_integer(v); }); }
  bool number_unsigned(std::uint64_t v) { return Leaf([&](Dom& d) { return d.number_unsigned(v); }); }
  bool number_float(double v, const std::string& s) {
    return Leaf([&](Dom& d) { return d.number_float(v, s); });
  }
  bool string(std::string& v) { return Leaf([&](Dom& d) { return d.string(v); }); }
  bool binary(json::binary_t&) { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  bool start_object(std::size_t n) {
    if (dom_) return ++depth_, dom_->start_object(n);
    levels_.push_back({true, {}});
    return true;
  }
  bool start_array(std::size_t n) {
    if (dom_) return ++depth_, dom_->start_array(n);
    levels_.push_back({false, {}});
    return true;
  }
  bool end_object() { return Close([](Dom& d) { return d.end_object(); }); }
  bool end_array() { return Close([](Dom& d) { return d.end_array(); }); }

  bool key(std::string& k) {
    if (dom_) return dom_->key(k);
    levels_.back().key = k;
    // The top object, Resources, a resource, its Metadata: all objects.
    if (levels_.size() == 4 && k == "nbc" && levels_[0].object && levels_[0].key == "Resources" &&
        levels_[1].object && levels_[2].object && levels_[2].key == "Metadata" && levels_[3].object)
      dom_.emplace(value_, /*allow_exceptions=*/false);
    return true;
  }

 private:
  struct Level {
    bool object;
    std::string key;  // the last key read, in an object
  };

  template <typename Event>
  bool Leaf(Event event) {
    if (!dom_) return true;
    bool ok = event(*dom_);
    if (depth_ == 0) Finish();  // the metadata was a scalar
    return ok;
  }

  template <typename Event>
  bool Close(Event event) {
    if (!dom_) {
      levels_.pop_back();
      return true;
    }
    bool ok = event(*dom_);
    if (--depth_ == 0) Finish();
    return ok;
  }

  void Finish() {
    found_.push_back(std::move(value_));
    value_ = json();
    dom_.reset();
  }

  std::vector<json>& found_;
  std::vector<Level> levels_;  // the containers open outside the metadata
  std::optional<Dom> dom_;     // while reading a metadata value
  json value_;
  int depth_ = 0;  // containers open inside the metadata
};

}  // namespace

std::optional<std::vector<json>> ReadNbcMetadata(std::string_view text) {
  std::vector<json> found;
  MetadataReader reader(found);
  if (!JsonReader<MetadataReader>(text, reader).Read()) return std::nullopt;
  return found;
}

}  // namespace nbc::backends
