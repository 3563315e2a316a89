// SPDX-License-Identifier: Apache-2.0
// backends/json_reader.h against nlohmann's own SAX parser: the same texts
// are accepted, and accepted texts give the same events, on hand-picked
// edge cases and on thousands of seeded mutations of a document.
#include <gtest/gtest.h>

#include <random>

#include "backends/json_reader.h"

namespace nbc::testing {
namespace {

using nlohmann::json;

// Every event as a line of text.
struct Recorder {
  std::string log;
  bool null() { return Add("null"); }
  bool boolean(bool v) { return Add(v ? "true" : "false"); }
  bool number_integer(std::int64_t v) { return Add("int " + std::to_string(v)); }
  bool number_unsigned(std::uint64_t v) { return Add("uint " + std::to_string(v)); }
  bool number_float(double v, const std::string& s) {
    return Add("float " + json(v).dump() + " " + s);
  }
  bool string(std::string& v) { return Add("string " + json(v).dump(-1, ' ', true, json::error_handler_t::replace)); }
  bool binary(json::binary_t&) { return Add("binary"); }
  bool start_object(std::size_t n) { return Add("{ " + std::to_string(n)); }
  bool key(std::string& k) { return Add("key " + json(k).dump(-1, ' ', true, json::error_handler_t::replace)); }
  bool end_object() { return Add("}"); }
  bool start_array(std::size_t n) { return Add("[ " + std::to_string(n)); }
  bool end_array() { return Add("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }
  bool Add(const std::string& line) {
    log += line + "\n";
    return true;
  }
};

// Empty when both readers agree, else what differs.
std::string Compare(const std::string& text) {
  Recorder theirs, ours;
  bool their_ok = json::sax_parse(text, &theirs);
  bool our_ok = backends::ReadJson(text, ours);
  if (their_ok != our_ok)
    return "nlohmann " + std::string(their_ok ? "accepts" : "refuses") + ", ours " +
           (our_ok ? "accepts" : "refuses") + ": " + text;
  if (their_ok && theirs.log != ours.log) return "events differ for: " + text + "\n" + theirs.log + "--\n" + ours.log;
  return "";
}

TEST(JsonReader, AgreesWithNlohmannOnEdgeCases) {
  for (const char* text : {
           R"({})", R"([])", R"("")", "0", "-0", "1.5", "-1.5e-3", "1E+2", "1e400", "-1e400",
           "18446744073709551615", "18446744073709551616", "-9223372036854775808",
           "-9223372036854775809", "01", "1.", ".5", "-", "+1", "1e", "0x10", "NaN", "Infinity",
           R"("\u00e9\ud83d\ude00")", R"("\ud83d")", R"("\ude00")", R"("\ud83dx")", R"("\u12")",
           R"("\q")", R"("a\/b\b\f\n\r\t")", "\"tab\there\"", "\"\xc3\xa9\"", "\"\xc3\"",
           "\"\xe0\x80\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xff\"",
           "\"\x7f\"", R"({"a":1,})", R"([1,])", R"({"a" 1})", R"({1:2})", R"([1 2])",
           R"({"a":[{"b":null,"c":true,"d":false}]})", " \t\r\n[ 1 , 2 ] \n", "[1] x", "",
           " ", "tru", "nul", "truex", "[", "]", "{", R"({"a":})", "\xef\xbb\xbf{}",
           R"({"a":1,"a":2})", R"("\u0000")",
       })
    EXPECT_EQ(Compare(text), "");
}

TEST(JsonReader, AgreesWithNlohmannOnSeededMutations) {
  const std::string doc =
      json::parse(R"({"name": "web-1", "normal": {"a": [1, -2, 3.25, true, null, "x\"y\\z"],
                   "b": {"c": "grüße ✓", "d": 1e10, "e": {}}, "f": []},
                   "run_list": ["role[web]"], "n": 18446744073709551615})")
          .dump(2);
  const std::string alphabet = "{}[]\",:\\0123456789.eE+-tfnu \n\t\x01\xc3\xa9\xff";
  std::mt19937 random(6);
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string text = doc;
    for (int edits = 1 + static_cast<int>(random() % 3); edits > 0; --edits) {
      size_t at = random() % text.size();
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + static_cast<long>(at), c); break;
        default: text.erase(at, 1);
      }
    }
    std::string difference = Compare(text);
    ASSERT_EQ(difference, "") << "mutation " << i;
    accepted += json::accept(text);
  }
  // Both sides were exercised: some mutations stay JSON, most do not.
  EXPECT_GT(accepted, 100);
  EXPECT_LT(accepted, 4900);
}

}  // namespace
}  // namespace nbc::testing
