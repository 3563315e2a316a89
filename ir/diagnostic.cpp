// SPDX-License-Identifier: Apache-2.0
// Diagnostics: collection, stable ordering and rendering (text, JSON, GitHub).
#include "ir/diagnostic.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "ir/visible_text.h"

namespace nbc::ir {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// Minimal JSON string escaping; ir/ may not depend on a JSON library.
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// GitHub workflow commands end at a newline and treat % specially.
std::string GithubEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string GithubProperty(const std::string& s) {
  std::string out;
  for (char c : GithubEscape(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// Text and GitHub output go to terminals and web pages: the path and the
// prose are escaped once more as a whole (VisibleUncut), so that no value a
// message quotes without Visible() can end the line, forge another
// diagnostic, or reorder it with bidi controls.
void RenderText(const SourceFiles& files, const Diagnostic& d, const std::string& indent,
                std::string& out) {
  std::string where = VisibleUncut(files.Format(d.where));
  out += indent;
  if (!where.empty()) out += where + ": ";
  out += std::string(SeverityName(d.severity)) + ": " + VisibleUncut(d.message) + "\n";
  if (!d.hint.empty()) out += indent + "  hint: " + VisibleUncut(d.hint) + "\n";
  for (const Diagnostic& n : d.notes) RenderText(files, n, indent + "  ", out);
}

std::string RenderJson(const SourceFiles& files, const Diagnostic& d) {
  std::string out = "{\"severity\":" + JsonString(SeverityName(d.severity));
  if (!d.where.empty()) {
    out += ",\"file\":" + JsonString(files.path(d.where.file)) +
           ",\"line\":" + std::to_string(d.where.line) +
           ",\"col\":" + std::to_string(d.where.col);
  }
  // The file stays exact (tools open it); the prose is escaped as in text.
  out += ",\"message\":" + JsonString(VisibleUncut(d.message));
  if (!d.hint.empty()) out += ",\"hint\":" + JsonString(VisibleUncut(d.hint));
  if (!d.notes.empty()) {
    out += ",\"notes\":[";
    for (size_t i = 0; i < d.notes.size(); ++i) {
      if (i) out += ",";
      out += RenderJson(files, d.notes[i]);
    }
    out += "]";
  }
  return out + "}";
}

std::string RenderGithub(const SourceFiles& files, const Diagnostic& d) {
  std::string kind = d.severity == Severity::kWarning ? "warning"
                     : d.severity == Severity::kNote  ? "notice"
                                                      : "error";
  std::string out = "::" + kind;
  if (!d.where.empty()) {
    // Escaped like the message: a file named with U+202E or ESC must not
    // reach the log raw, even if its annotation then misses the file.
    out += " file=" + GithubProperty(VisibleUncut(files.path(d.where.file))) +
           ",line=" + std::to_string(d.where.line) + ",col=" + std::to_string(d.where.col);
  }
  std::string message = VisibleUncut(d.message);
  if (!d.hint.empty()) message += "\nhint: " + VisibleUncut(d.hint);
  for (const Diagnostic& n : d.notes) {
    message += "\n" + (n.where.empty() ? "" : VisibleUncut(files.Format(n.where)) + ": ") +
               "note: " + VisibleUncut(n.message);
  }
  return out + "::" + GithubEscape(message) + "\n";
}

}  // namespace

void Diagnostics::Report(Diagnostic d) {
  if (strict_ && d.severity == Severity::kWarning) d.severity = Severity::kError;
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  diags_.push_back(std::move(d));
}

void Diagnostics::Error(SourceSpan where, std::string message, std::string hint) {
  Report({Severity::kError, where, std::move(message), std::move(hint), {}});
}

void Diagnostics::Warning(SourceSpan where, std::string message, std::string hint) {
  Report({Severity::kWarning, where, std::move(message), std::move(hint), {}});
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted = diags_;
  // Whole-run problems (no file) sort last; then by position and message.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where, a.message) < std::tie(b.where, b.message);
  });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const Diagnostic& a, const Diagnostic& b) {
                             return a.where == b.where && a.message == b.message &&
                                    a.severity == b.severity;
                           }),
               sorted.end());
  return sorted;
}

std::string Diagnostics::Render(const SourceFiles& files, ErrorFormat format) const {
  std::string out;
  std::vector<Diagnostic> sorted = Sorted();
  if (format == ErrorFormat::kJson) {
    out = "[";
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (i) out += ",";
      out += "\n  " + RenderJson(files, sorted[i]);
    }
    return out + (sorted.empty() ? "]\n" : "\n]\n");
  }
  for (const Diagnostic& d : sorted) {
    if (format == ErrorFormat::kGithub) out += RenderGithub(files, d);
    else RenderText(files, d, "", out);
  }
  return out;
}

}  // namespace nbc::ir
