// SPDX-License-Identifier: Apache-2.0
// Comparing JSON text with expected values as it is read.
#include "backends/json_match.h"

#include "backends/json_reader.h"

namespace nbc::backends {

void ValueMatcher::Begin(const ExpectedObject& top, bool ansible_unsafe) {
  top_ = &top;
  ansible_unsafe_ = ansible_unsafe;
  started_ = false;
  ok_ = true;
  depth_ = 0;
  skip_ = -1;
  skip_next_ = false;
  frames_.clear();
}

// Takes the event (+1 opens a container, -1 closes one, 0 a scalar) if it
// belongs to a value being skipped.
bool ValueMatcher::Skipped(int change) {
  started_ = true;
  if (skip_ < 0 && skip_next_) {
    skip_next_ = false;
    if (change == 0) return true;
    skip_ = depth_;
  } else if (skip_ < 0) {
    return false;
  }
  depth_ += change;
  if (depth_ == skip_) skip_ = -1;
  return true;
}

// A difference: the rest of the value is read and not compared.
bool ValueMatcher::Fail() {
  ok_ = false;
  skip_ = 0;
  frames_.clear();
  return true;
}

const nlohmann::json* ValueMatcher::Lookup(const Frame& frame, const std::string& k) const {
  if (frame.top)
    for (const auto& [name, value] : frame.top->extra)
      if (name == k) return value;
  if (!frame.expected || !frame.expected->is_object()) return nullptr;
  auto it = frame.expected->find(k);
  return it == frame.expected->end() ? nullptr : &*it;
}

// The expected value of the value about to be read; null if there is none.
const nlohmann::json* ValueMatcher::NextExpected() {
  Frame& f = frames_.back();
  if (f.kind == Kind::kArray)
    return f.seen < f.expected->size() ? &(*f.expected)[f.seen++] : nullptr;
  return std::exchange(f.pending, nullptr);
}

bool ValueMatcher::Compare(bool equal) { return equal || Fail(); }

bool ValueMatcher::Scalar(const json& value) {
  if (Skipped(0)) return true;
  if (frames_.empty()) return Fail();  // the top is an object
  const json* expected = NextExpected();
  return Compare(expected && *expected == value);
}

bool ValueMatcher::string(std::string& v) {
  if (Skipped(0)) return true;
  if (frames_.empty()) return Fail();
  const json* expected = NextExpected();
  return Compare(expected && expected->is_string() && expected->get_ref<const std::string&>() == v);
}

bool ValueMatcher::start_object(std::size_t) {
  if (Skipped(+1)) return true;
  if (depth_++ == 0) {
    frames_.push_back({Kind::kObject, top_->object, top_});
    return true;
  }
  const json* expected = NextExpected();
  if (expected && expected->is_object()) frames_.push_back({Kind::kObject, expected});
  else if (expected && ansible_unsafe_ && frames_.back().kind != Kind::kUnsafe)
    frames_.push_back({Kind::kUnsafe, expected});
  else return Fail();
  return true;
}

bool ValueMatcher::start_array(std::size_t) {
  if (Skipped(+1)) return true;
  if (depth_++ == 0) return Fail();
  const json* expected = NextExpected();
  if (!expected || !expected->is_array()) return Fail();
  frames_.push_back({Kind::kArray, expected});
  return true;
}

bool ValueMatcher::key(std::string& k) {
  if (skip_ >= 0) return true;
  Frame& f = frames_.back();
  if (f.seen++ > 0 && k <= f.last_key) return Fail();  // out of order, or repeated
  f.last_key = k;
  if (f.kind == Kind::kUnsafe) {
    if (k != "__ansible_unsafe") return Fail();
    f.pending = f.expected;
    ++f.matched;
    return true;
  }
  f.pending = Lookup(f, k);
  if (f.pending) ++f.matched;
  else if (f.top && f.top->partial) skip_next_ = true;
  else return Fail();
  return true;
}

bool ValueMatcher::End() {
  if (Skipped(-1)) return true;
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  --depth_;
  size_t want = 1;  // kUnsafe: its one key
  if (f.kind == Kind::kArray) want = f.expected->size();
  else if (f.kind == Kind::kObject)
    want = (f.expected && f.expected->is_object() ? f.expected->size() : 0) +
           (f.top ? f.top->extra.size() : 0);
  size_t got = f.kind == Kind::kArray ? f.seen : f.matched;
  return Compare(got == want);
}

bool MatchJson(std::string_view text, const ExpectedObject& top) {
  ValueMatcher matcher;
  matcher.Begin(top);
  return ReadJson(text, matcher) && matcher.matched();
}

}  // namespace nbc::backends
