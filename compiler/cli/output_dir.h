// SPDX-License-Identifier: Apache-2.0
// Writing a whole output folder atomically: a failure at any point leaves
// the previous folder as it was.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "backends/output_set.h"

namespace nbc::cli {

// The marker nbc leaves in every folder it writes, so that it never replaces
// a folder it did not create.
inline constexpr const char* kBuildMarker = ".nbc-build";

// Replaces the folder `dir` whole, one set of files at a time: the new tree
// is written into a sibling temporary folder, made durable with one
// syncfs(2), and swapped with `dir` in one rename (renameat2
// RENAME_EXCHANGE); then the old tree is removed. Until Commit, `dir` is
// untouched, and without Commit the temporary folder is removed again.
//
// Files whose bytes and mode equal the old tree's are hard links to the old
// files rather than written again; if the new tree equals the old one
// entirely, Commit leaves `dir` as it is and nothing is written at all.
// Refuses to replace an existing non-empty folder that has no marker.
class DirectoryWriter {
 public:
  explicit DirectoryWriter(std::filesystem::path dir);
  ~DirectoryWriter();
  DirectoryWriter(const DirectoryWriter&) = delete;
  DirectoryWriter& operator=(const DirectoryWriter&) = delete;

  // Whether `dir` may be replaced; call first.
  bool Begin(std::string& error);
  // Adds `files`, each at `prefix` + its path. Safe to call from several
  // threads at once for sets in different folders (`prefix`), which is how
  // `nbc build` writes environments from both cores.
  bool Write(const backends::OutputSet& files, const std::string& prefix, std::string& error);
  bool Commit(std::string& error);

  size_t files() const { return files_; }
  bool unchanged() const { return unchanged_; }

 private:
  bool SameAsOld(const std::string& relative, const std::string& contents, std::string& buffer) const;
  bool MakeTempLocked(std::string& error);
  bool Put(const std::string& relative, const std::string* contents, std::set<std::string>& created,
           std::string& error) const;
  bool OldTreeHasOnlyThese() const;

  std::filesystem::path dir_, parent_, temp_;
  bool old_ = false;        // `dir` exists and nbc wrote it: compare against it
  bool differs_ = false;    // a file differs from the old tree (or there is none)
  bool unchanged_ = false;
  size_t files_ = 0;
  mode_t umask_ = 022;
  std::mutex mutex_;               // guards what follows, and temp_ and differs_ once Begun
  std::vector<std::string> same_;  // equal to the old tree's, not yet linked into temp_
  std::set<std::string> folders_;  // every folder the files need, relative
};

// Writes `files` into `dir` with one DirectoryWriter.
bool ReplaceDirectory(const std::filesystem::path& dir, const backends::OutputSet& files,
                      std::string& error);

}  // namespace nbc::cli
