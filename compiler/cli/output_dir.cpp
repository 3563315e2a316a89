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

bool WriteAll(int fd, const std::string& contents) {
  for (size_t done = 0; done < contents.size();) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool WriteFile(const fs::path& path, const std::string& contents, std::string& error) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Scripts are executable; everything else is plain data.
  mode_t mode = path.extension() == ".sh" ? 0755 : 0644;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  bool ok = fd >= 0 && WriteAll(fd, contents) && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  if (fd >= 0) ok = (::close(fd) == 0) && ok;
  if (!ok) error = "cannot write '" + path.string() + "': " + std::strerror(errno);
  return ok;
}

void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
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

bool ReplaceDirectory(const fs::path& dir, const backends::OutputSet& files, std::string& error) {
  if (!MayReplace(dir, error)) return false;
  fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string pattern = (parent / ("." + dir.filename().string() + ".tmp-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) {
    error = "cannot create a temporary folder next to '" + dir.string() + "': " + std::strerror(errno);
    return false;
  }
  fs::path temp(pattern);
  bool ok = WriteFile(temp / kBuildMarker, "written by nbc build; the folder is replaced whole\n", error);
  for (const auto& [path, contents] : files.files()) {
    if (!ok) break;
    ok = WriteFile(temp / path, contents, error);
  }
  if (ok) {
    ::chmod(temp.c_str(), 0755);
    SyncDirectory(temp);
    // An existing folder is swapped in one step; a new one is renamed into place.
    if (fs::exists(dir, ec)) {
      ok = ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0;
    } else {
      ok = ::rename(temp.c_str(), dir.c_str()) == 0;
    }
    if (!ok) error = "cannot move the new output into '" + dir.string() + "': " + std::strerror(errno);
    else SyncDirectory(parent);
  }
  fs::remove_all(temp, ec);  // the old tree after a swap, or the failed new one
  return ok;
}

}  // namespace nbc::cli
