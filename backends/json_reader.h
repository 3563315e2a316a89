// SPDX-License-Identifier: Apache-2.0
// A strict JSON reader (RFC 8259) giving nlohmann::json's SAX events, for
// the consistency check of `nbc build`, which reads every artifact back
// (json_match.h). nlohmann's own lexer keeps each token's text for its
// error messages, which the check never shows, and was most of the check's
// time. The events are the ones nlohmann's sax_parse gives for the same text,
// and text it refuses is refused here (a unit test compares the two).
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nbc::backends {

template <typename Sax>
class JsonReader {
 public:
  JsonReader(std::string_view text, Sax& sax) : p_(text.data()), end_(text.data() + text.size()), sax_(sax) {}

  // True if the text is one JSON value (whitespace around it) and the
  // handler took every event.
  bool Read() {
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xef\xbb\xbf") p_ += 3;  // as nlohmann: a BOM
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  static constexpr int kMaxDepth = 512;  // nbc's inputs nest at most 64 deep

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool Value(int depth) {
    if (p_ == end_ || depth > kMaxDepth) return false;
    switch (*p_) {
      case '{': return Object(depth);
      case '[': return Array(depth);
      case '"': return String() && sax_.string(text_);
      case 't': return Literal("true") && sax_.boolean(true);
      case 'f': return Literal("false") && sax_.boolean(false);
      case 'n': return Literal("null") && sax_.null();
      default: return Number();
    }
  }

  bool Object(int depth) {
    ++p_;
    if (!sax_.start_object(static_cast<std::size_t>(-1))) return false;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return sax_.end_object();
    }
    while (true) {
      SkipSpace();
      if (p_ == end_ || *p_ != '"' || !String() || !sax_.key(text_)) return false;
      SkipSpace();
      if (p_ == end_ || *p_++ != ':') return false;
      SkipSpace();
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (p_ == end_) return false;
      char c = *p_++;
      if (c == '}') return sax_.end_object();
      if (c != ',') return false;
    }
  }

  bool Array(int depth) {
    ++p_;
    if (!sax_.start_array(static_cast<std::size_t>(-1))) return false;
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return sax_.end_array();
    }
    while (true) {
      SkipSpace();
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (p_ == end_) return false;
      char c = *p_++;
      if (c == ']') return sax_.end_array();
      if (c != ',') return false;
    }
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool Hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      int h = Hex(*p_++);
      if (h < 0) return false;
      out = out * 16 + static_cast<unsigned>(h);
    }
    return true;
  }

  void AppendUtf8(unsigned cp) {
    if (cp < 0x80) {
      text_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      text_ += static_cast<char>(0xC0 | (cp >> 6));
      text_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      text_ += static_cast<char>(0xE0 | (cp >> 12));
      text_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      text_ += static_cast<char>(0xF0 | (cp >> 18));
      text_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      text_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Escape() {
    if (p_ == end_) return false;
    char c = *p_++;
    switch (c) {
      case '"': text_ += '"'; return true;
      case '\\': text_ += '\\'; return true;
      case '/': text_ += '/'; return true;
      case 'b': text_ += '\b'; return true;
      case 'f': text_ += '\f'; return true;
      case 'n': text_ += '\n'; return true;
      case 'r': text_ += '\r'; return true;
      case 't': text_ += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    unsigned cp = 0;
    if (!Hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {             // a high one needs its low one
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp);
    return true;
  }

  // One UTF-8 character of 2 to 4 bytes starting at p_, as RFC 3629 allows
  // (no overlong forms, no surrogates, nothing above U+10FFFF).
  bool Utf8() {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(p_[i]); };
    auto cont = [&](size_t i) { return p_ + i < end_ && (byte(i) & 0xC0) == 0x80; };
    unsigned char b0 = byte(0);
    size_t n = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) n = 3;
    else if (b0 >= 0xF0 && b0 <= 0xF4) n = 4;
    else return false;
    for (size_t i = 1; i < n; ++i)
      if (!cont(i)) return false;
    if (n == 3) {
      unsigned char b1 = byte(1);
      if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)) return false;
    } else if (n == 4) {
      unsigned char b1 = byte(1);
      if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 > 0x8F)) return false;
    }
    text_.append(p_, n);
    p_ += n;
    return true;
  }

  // The string starting at the quote at p_, unescaped into text_.
  bool String() {
    ++p_;
    text_.clear();
    while (true) {
      const char* run = p_;
      while (p_ < end_) {
        unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      text_.append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return false;
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        ++p_;
        if (!Escape()) return false;
      } else if (!Utf8()) {
        return false;
      }
    }
  }

  static bool Digit(char c) { return c >= '0' && c <= '9'; }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, given as nlohmann gives
  // it: an integer that fits as int64 (negative) or uint64, else a double.
  bool Number() {
    const char* start = p_;
    bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !Digit(*p_)) return false;
    if (*p_ == '0') ++p_;
    else
      while (p_ < end_ && Digit(*p_)) ++p_;
    bool integer = true;
    if (p_ < end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !Digit(*p_)) return false;
      while (p_ < end_ && Digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !Digit(*p_)) return false;
      while (p_ < end_ && Digit(*p_)) ++p_;
    }
    text_.assign(start, p_);
    if (integer) {
      errno = 0;
      char* stop = nullptr;
      if (negative) {
        long long v = std::strtoll(text_.c_str(), &stop, 10);
        if (errno == 0 && stop == text_.c_str() + text_.size())
          return sax_.number_integer(static_cast<std::int64_t>(v));
      } else {
        unsigned long long v = std::strtoull(text_.c_str(), &stop, 10);
        if (errno == 0 && stop == text_.c_str() + text_.size())
          return sax_.number_unsigned(static_cast<std::uint64_t>(v));
      }
    }
    double v = std::strtod(text_.c_str(), nullptr);
    if (!std::isfinite(v)) return false;  // nlohmann: "number overflow"
    return sax_.number_float(v, text_);
  }

  const char* p_;
  const char* end_;
  Sax& sax_;
  std::string text_;  // the last string or number read
};

// Reads `text` with `sax`, as nlohmann::json::sax_parse(text, &sax) would.
template <typename Sax>
bool ReadJson(std::string_view text, Sax& sax) {
  return JsonReader<Sax>(text, sax).Read();
}

}  // namespace nbc::backends
