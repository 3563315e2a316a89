// SPDX-License-Identifier: Apache-2.0
// Atomic replacement of an output folder.
#include "compiler/cli/output_dir.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nbc::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarkerText = "written by nbc build; the folder is replaced whole\n";

// Scripts are executable; everything else is plain data.
mode_t ModeOf(const fs::path& path) { return path.extension() == ".sh" ? 0755 : 0644; }

bool WriteAll(int fd, const std::string& contents) {
  for (size_t done = 0; done < contents.size();) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, char* data, size_t size) {
  for (size_t done = 0; done < size;) {
    ssize_t n = ::read(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// No fsync here: Commit makes the whole tree durable with one syncfs. The
// mode is given at creation; fchmod only where the umask would take from it.
bool WriteFile(const fs::path& path, const std::string& contents, mode_t umask, std::string& error) {
  mode_t mode = ModeOf(path);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  bool ok = fd >= 0 && WriteAll(fd, contents) && ((mode & umask) == 0 || ::fchmod(fd, mode) == 0);
  if (fd >= 0) ok = (::close(fd) == 0) && ok;
  if (!ok) error = "cannot write '" + path.string() + "': " + std::strerror(errno);
  return ok;
}

// The bytes of a regular file, if `path` is one (never through a symlink).
bool ReadRegularFile(const fs::path& path, std::string& into, struct stat& st) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) {
    into.resize(static_cast<size_t>(st.st_size));
    ok = ReadAll(fd, into.data(), into.size());
  }
  ::close(fd);
  return ok;
}

void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Everything written to the filesystem that holds `dir` reaches the disk:
// one syncfs(2) for the whole tree instead of an fsync per file, which cost
// a millisecond or more each (bench/README.md).
bool SyncFilesystem(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::syncfs(fd) == 0;
  ::close(fd);
  return ok;
}

bool MayReplace(const fs::path& dir, std::string& error) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) {
    error = "'" + dir.string() + "' exists and is not a folder";
    return false;
  }
  if (fs::is_empty(dir, ec) || fs::exists(dir / kBuildMarker, ec)) return true;
  error = "'" + dir.string() + "' is not empty and was not written by nbc build; refusing to "
          "replace it (choose another -o folder)";
  return false;
}

}  // namespace

DirectoryWriter::DirectoryWriter(fs::path dir) : dir_(std::move(dir)) {
  if (dir_.filename().empty() && dir_.has_parent_path()) dir_ = dir_.parent_path();  // "out/"
  parent_ = dir_.has_parent_path() ? dir_.parent_path() : fs::path(".");
  umask_ = ::umask(0);  // read before any thread writes: umask(2) can only set it
  ::umask(umask_);
}

DirectoryWriter::~DirectoryWriter() {
  std::error_code ec;
  if (!temp_.empty()) fs::remove_all(temp_, ec);  // an unfinished tree, or the old one after a swap
}

bool DirectoryWriter::Begin(std::string& error) {
  if (!MayReplace(dir_, error)) return false;
  std::error_code ec;
  old_ = fs::is_directory(dir_, ec) && fs::exists(dir_ / kBuildMarker, ec);
  differs_ = !old_;
  return true;
}

bool DirectoryWriter::SameAsOld(const std::string& relative, const std::string& contents,
                                std::string& buffer) const {
  struct stat st{};
  fs::path path = dir_ / relative;
  return ReadRegularFile(path, buffer, st) && (st.st_mode & 07777) == ModeOf(path) &&
         buffer == contents;
}

// Called with mutex_ held.
bool DirectoryWriter::MakeTempLocked(std::string& error) {
  if (!temp_.empty()) return true;
  std::error_code ec;
  fs::create_directories(parent_, ec);
  std::string pattern = (parent_ / ("." + dir_.filename().string() + ".tmp-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) {
    error = "cannot create a temporary folder next to '" + dir_.string() + "': " + std::strerror(errno);
    return false;
  }
  temp_ = pattern;
  if (!WriteFile(temp_ / kBuildMarker, kMarkerText, umask_, error)) return false;
  // The files found equal so far join the new tree now.
  std::vector<std::string> same = std::move(same_);
  same_.clear();
  std::set<std::string> created;
  for (const std::string& relative : same)
    if (!Put(relative, nullptr, created, error)) return false;
  return true;
}

// Adds one file to the new tree: `contents`, or with null a hard link to the
// old tree's equal file (a copy of it where links are not possible).
// `created`: the folders this caller made in temp_ so far.
bool DirectoryWriter::Put(const std::string& relative, const std::string* contents,
                          std::set<std::string>& created, std::string& error) const {
  fs::path path = temp_ / relative;
  std::string folder = fs::path(relative).parent_path().string();
  if (!folder.empty() && created.insert(folder).second) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
  }
  std::string buffer;
  if (!contents) {
    if (::link((dir_ / relative).c_str(), path.c_str()) == 0) return true;
    struct stat st{};
    if (!ReadRegularFile(dir_ / relative, buffer, st)) {
      error = "cannot read '" + (dir_ / relative).string() + "': " + std::strerror(errno);
      return false;
    }
    contents = &buffer;
  }
  return WriteFile(path, *contents, umask_, error);
}

bool DirectoryWriter::Write(const backends::OutputSet& files, const std::string& prefix,
                            std::string& error) {
  std::set<std::string> created;  // the folders of `prefix` are this call's own
  std::string buffer;
  for (const auto& [path, contents] : files.files()) {
    std::string relative = prefix + path;
    bool same = old_ && SameAsOld(relative, contents, buffer);
    {
      std::lock_guard lock(mutex_);
      ++files_;
      for (fs::path folder = fs::path(relative).parent_path(); !folder.empty(); folder = folder.parent_path())
        if (!folders_.insert(folder.string()).second) break;
      if (!differs_) {
        if (same) {
          same_.push_back(relative);
          continue;
        }
        differs_ = true;
      }
      if (!MakeTempLocked(error)) return false;
    }
    if (!Put(relative, same ? nullptr : &contents, created, error)) return false;
  }
  return true;
}

// True if the old tree holds nothing but the marker, the files written and
// their folders: with every file equal, the new tree would be the same.
bool DirectoryWriter::OldTreeHasOnlyThese() const {
  std::error_code ec;
  size_t files = 0, folders = 0;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_directory(ec)) ++files;
    else ++folders;
  }
  return !ec && files == files_ + 1 && folders == folders_.size();
}

bool DirectoryWriter::Commit(std::string& error) {
  if (!differs_ && OldTreeHasOnlyThese()) {
    unchanged_ = true;
    return true;
  }
  {
    std::lock_guard lock(mutex_);
    if (!MakeTempLocked(error)) return false;
  }
  ::chmod(temp_.c_str(), 0755);
  if (!SyncFilesystem(temp_)) {
    error = "cannot sync the new output next to '" + dir_.string() + "': " + std::strerror(errno);
    return false;
  }
  // An existing folder is swapped in one step; a new one is renamed into place.
  std::error_code ec;
  bool ok = fs::exists(dir_, ec)
                ? ::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) == 0
                : ::rename(temp_.c_str(), dir_.c_str()) == 0;
  if (!ok) {
    error = "cannot move the new output into '" + dir_.string() + "': " + std::strerror(errno);
    return false;
  }
  SyncDirectory(parent_);
  if (!fs::exists(temp_, ec)) temp_.clear();  // renamed into place: nothing left behind
  return true;                                // the destructor removes the old tree
}

bool ReplaceDirectory(const fs::path& dir, const backends::OutputSet& files, std::string& error) {
  DirectoryWriter writer(dir);
  return writer.Begin(error) && writer.Write(files, "", error) && writer.Commit(error);
}

}  // namespace nbc::cli
