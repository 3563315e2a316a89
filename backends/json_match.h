// SPDX-License-Identifier: Apache-2.0
// Reading a JSON artifact back and comparing it with the values it should
// hold as it is read, without building its document: the consistency check
// of `nbc build` reads every artifact, and a document per file cost more than
// writing it (bench/README.md). JsonReader (json_reader.h) reads the text
// and gives nlohmann's SAX events; this compares them with the expected
// values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbc::backends {

// The object a value is expected to be: the members of `object` (if any) plus
// `extra` (key → value). With `partial`, the text's object may hold other
// keys too, read but not compared; every expected key must be there.
struct ExpectedObject {
  const nlohmann::json* object = nullptr;
  std::vector<std::pair<std::string_view, const nlohmann::json*>> extra;
  bool partial = false;
};

// Compares one JSON value, event by event, with its expected value. Keys
// must come in increasing order, as nbc writes them, so a repeated key is a
// difference. A difference is remembered and the rest of the value skipped.
// `ansible_unsafe`: {"__ansible_unsafe": v} where no object is expected
// reads as v, as Ansible reads it.
class ValueMatcher {
 public:
  using json = nlohmann::json;

  void Begin(const ExpectedObject& top, bool ansible_unsafe = false);
  bool done() const { return started_ && depth_ == 0; }
  bool matched() const { return done() && ok_; }

  // nlohmann's SAX events (json_sax.hpp); the matcher never stops the parse.
  bool null() { return Scalar(json(nullptr)); }
  bool boolean(bool v) { return Scalar(json(v)); }
  bool number_integer(std::int64_t v) { return Scalar(json(v)); }
  bool number_unsigned(std::uint64_t v) { return Scalar(json(v)); }
  bool number_float(double v, const std::string&) { return Scalar(json(v)); }
  bool string(std::string& v);
  bool binary(json::binary_t&) { return Skipped(0) || Fail(); }
  bool start_object(std::size_t);
  bool key(std::string& k);
  bool end_object() { return End(); }
  bool start_array(std::size_t);
  bool end_array() { return End(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;  // not JSON: the parse stops and fails
  }

 private:
  enum class Kind { kObject, kArray, kUnsafe };
  struct Frame {
    Kind kind;
    const json* expected;                // the object, array or (unsafe) value
    const ExpectedObject* top = nullptr;  // the outermost object's description
    std::size_t seen = 0;     // keys read, or items
    std::size_t matched = 0;  // keys found among the expected ones
    std::string last_key;
    const json* pending = nullptr;  // the value expected after the key just read
  };

  bool Skipped(int change);
  const json* NextExpected();
  const json* Lookup(const Frame& frame, const std::string& k) const;
  bool Compare(bool equal);
  bool Scalar(const json& value);
  bool End();
  bool Fail();

  const ExpectedObject* top_ = nullptr;
  bool ansible_unsafe_ = false;
  bool started_ = false, ok_ = true;
  int depth_ = 0;            // containers open in the value being read
  int skip_ = -1;            // skipping until the nesting is back at this depth
  bool skip_next_ = false;   // the next value is read, not compared
  std::vector<Frame> frames_;
};

// True if `text` is one JSON value equal to `top` (see ExpectedObject).
bool MatchJson(std::string_view text, const ExpectedObject& top);

}  // namespace nbc::backends
