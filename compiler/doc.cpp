// SPDX-License-Identifier: Apache-2.0
// The document tree's vocabulary: kind names and the YAML 1.2 core schema that
// the loader uses to type plain scalars.
#include "compiler/doc.h"

#include <charconv>
#include <limits>

namespace nbc::compiler {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Counts the decimal digits at the start of `text`.
size_t DigitRun(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && IsDigit(text[n])) ++n;
  return n;
}

std::string_view StripSign(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  return text;
}

bool IsDigitOfBase(char c, int base) {
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 16) return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return IsDigit(c);
}

// `digits` must be entirely a number in `base` (checked first, so that a long
// non-number is a string, not an out-of-range number). std::from_chars never
// looks at the locale.
NumberParse ParseUnsigned(std::string_view digits, int base, bool negative, int64_t& value) {
  if (digits.empty()) return NumberParse::kNoMatch;
  for (char c : digits) {
    if (!IsDigitOfBase(c, base)) return NumberParse::kNoMatch;
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec == std::errc::result_out_of_range) return NumberParse::kOutOfRange;
  if (ec != std::errc() || end != digits.data() + digits.size()) return NumberParse::kNoMatch;
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (magnitude > kMax + (negative ? 1 : 0)) return NumberParse::kOutOfRange;
  // Two's complement: -(2^63) is representable even though 2^63 is not.
  value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return NumberParse::kOk;
}

// [0-9]+ ( "." [0-9]* )? | "." [0-9]+, then ( [eE] [-+]? [0-9]+ )?
bool MatchesFloatSyntax(std::string_view text) {
  size_t whole = DigitRun(text);
  text.remove_prefix(whole);
  size_t fraction = 0;
  if (!text.empty() && text[0] == '.') {
    text.remove_prefix(1);
    fraction = DigitRun(text);
    text.remove_prefix(fraction);
  }
  if (whole == 0 && fraction == 0) return false;
  if (text.empty()) return true;
  if (text[0] != 'e' && text[0] != 'E') return false;
  text = StripSign(text.substr(1));
  return !text.empty() && DigitRun(text) == text.size();
}

}  // namespace

const char* DocKindName(DocKind kind) {
  switch (kind) {
    case DocKind::kNull: return "null";
    case DocKind::kBool: return "bool";
    case DocKind::kInt: return "integer";
    case DocKind::kFloat: return "float";
    case DocKind::kString: return "string";
    case DocKind::kSeq: return "sequence";
    case DocKind::kMap: return "mapping";
  }
  return "null";
}

bool IsCoreNull(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

bool ParseCoreBool(std::string_view text, bool& value) {
  if (text == "true" || text == "True" || text == "TRUE") {
    value = true;
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    value = false;
    return true;
  }
  return false;
}

NumberParse ParseCoreInt(std::string_view text, int64_t& value) {
  // The core schema allows a sign on decimal integers only.
  if (text.starts_with("0o")) return ParseUnsigned(text.substr(2), 8, false, value);
  if (text.starts_with("0x")) return ParseUnsigned(text.substr(2), 16, false, value);
  std::string_view digits = StripSign(text);
  return ParseUnsigned(digits, 10, !text.empty() && text[0] == '-', value);
}

NumberParse ParseCoreFloat(std::string_view text, double& value) {
  std::string_view body = StripSign(text);
  bool negative = !text.empty() && text[0] == '-';
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    value = negative ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
    return NumberParse::kOk;
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    value = std::numeric_limits<double>::quiet_NaN();
    return NumberParse::kOk;
  }
  if (!MatchesFloatSyntax(body)) return NumberParse::kNoMatch;
  double magnitude = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), magnitude);
  if (ec == std::errc::result_out_of_range) return NumberParse::kOutOfRange;
  if (ec != std::errc() || end != body.data() + body.size()) return NumberParse::kNoMatch;
  value = negative ? -magnitude : magnitude;
  return NumberParse::kOk;
}

}  // namespace nbc::compiler
