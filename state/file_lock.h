// SPDX-License-Identifier: Apache-2.0
// An exclusive OS lock on a file for the local store. It belongs to one open
// file description (Linux OFD lock, flock(2) elsewhere), never to the
// process: classic POSIX record locks vanish when the process closes ANY
// descriptor of the file, which a reader of the same file would do.
#pragma once

#include <string>

#include "state/status.h"

namespace nbc::state {

class FileLock {
 public:
  FileLock() = default;
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() { Release(); }

  // Opens (creating) `path` and locks it, waiting up to `timeout_ms` for the
  // holder; 0 tries once. The error says it timed out, or why it failed.
  Status Acquire(const std::string& path, int timeout_ms);

  bool held() const { return fd_ >= 0; }
  void Release();  // closing the descriptor drops the lock

 private:
  int fd_ = -1;
};

}  // namespace nbc::state
