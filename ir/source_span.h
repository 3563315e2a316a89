// SPDX-License-Identifier: Apache-2.0
// A position in an input file: the file's id plus a 1-based line and column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nbc::ir {

// Index into SourceFiles; kNoFile marks whole-run positions.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct SourceSpan {
  FileId file = kNoFile;
  uint32_t line = 0;  // 1-based; 0 when unknown
  uint32_t col = 0;   // 1-based; 0 when unknown

  bool empty() const { return file == kNoFile; }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
  friend auto operator<=>(const SourceSpan&, const SourceSpan&) = default;
};

// The project-relative path of every file read; FileId indexes it. Paths are
// relative so that no machine-specific directory reaches an output.
class SourceFiles {
 public:
  FileId Add(std::string relative_path) {
    paths_.push_back(std::move(relative_path));
    sha256_.emplace_back();
    return static_cast<FileId>(paths_.size() - 1);
  }
  const std::string& path(FileId id) const { return paths_.at(id); }
  size_t size() const { return paths_.size(); }

  // The SHA-256 (hex) of the bytes parsed from a file, set by the loader
  // once it has read them; empty for entries that name a folder or a file
  // that was not parsed. The plan records them (Plan::inputs).
  void SetSha256(FileId id, std::string hex) { sha256_.at(id) = std::move(hex); }
  const std::string& sha256(FileId id) const { return sha256_.at(id); }

  // "services/api.yaml:12:3", or "" for an empty span.
  std::string Format(const SourceSpan& span) const {
    if (span.empty()) return "";
    return path(span.file) + ":" + std::to_string(span.line) + ":" + std::to_string(span.col);
  }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> sha256_;  // parallel to paths_
};

}  // namespace nbc::ir
