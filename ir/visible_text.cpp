// SPDX-License-Identifier: Apache-2.0
// Visible(): user values made safe for terminals and pull-request comments.
#include "ir/visible_text.h"

#include <cstdio>

#include "ir/sha256.h"

namespace nbc::ir {
namespace {

// Decodes one UTF-8 sequence at `i` (inputs are valid UTF-8: the loader
// checks); returns the code point and advances `i`.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + length > s.size()) length = 1;
  uint32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
  for (int k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += length;
  return cp;
}

bool MustEscape(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||  // C0, DEL, C1
         cp == 0x00AD || cp == 0x180E ||            // soft hyphen, Mongolian vowel separator
         cp == 0x061C || cp == 0x200E || cp == 0x200F ||  // bidi marks
         (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF ||  // zero-width
         (cp >= 0x2028 && cp <= 0x202E) ||  // line/paragraph separators, embeddings, overrides
         (cp >= 0x2060 && cp <= 0x2064) ||  // word joiner, invisible operators
         (cp >= 0x2066 && cp <= 0x206F) ||  // isolates, deprecated format characters
         (cp >= 0xFFF9 && cp <= 0xFFFB) ||  // interlinear annotations
         (cp >= 0xE0000 && cp <= 0xE007F);  // tag characters: invisible ASCII look-alikes
}

void AppendEscaped(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, i);
    if (MustEscape(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", cp);
      out += buf;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
}

}  // namespace

std::string Visible(std::string_view text) {
  std::string out;
  std::string_view shown = text;
  if (text.size() > kMaxShownBytes) {
    size_t cut = kMaxShownBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    shown = text.substr(0, cut);
  }
  AppendEscaped(shown, out);
  if (shown.size() < text.size())
    out += "… (" + std::to_string(text.size()) + " bytes, sha256 " +
           ir::Sha256Hex(text).substr(0, 12) + ")";
  return out;
}

bool IsInvisible(uint32_t code_point) { return MustEscape(code_point); }

std::string VisibleUncut(std::string_view text) {
  std::string out;
  AppendEscaped(text, out);
  return out;
}

}  // namespace nbc::ir
