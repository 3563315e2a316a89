// SPDX-License-Identifier: Apache-2.0
// FileLock: open file description locks, polled until a deadline.
#include "state/file_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace nbc::state {
namespace {

// Returns 0 on success, EWOULDBLOCK if another description holds it, or errno.
int TryLock(int fd) {
#ifdef F_OFD_SETLK
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file
  if (::fcntl(fd, F_OFD_SETLK, &fl) == 0) return 0;
  return errno == EACCES || errno == EAGAIN ? EWOULDBLOCK : errno;
#else
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
  return errno;
#endif
}

}  // namespace

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void FileLock::Release() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status FileLock::Acquire(const std::string& path, int timeout_ms) {
  Release();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // Short sleeps first: the local store holds the lock for milliseconds.
  auto pause = std::chrono::microseconds(500);
  for (;;) {
    int error = TryLock(fd);
    if (error == 0) {
      fd_ = fd;
      return Status::Ok();
    }
    if (error != EWOULDBLOCK && error != EINTR) {
      ::close(fd);
      return Status::Error(fmt::format("cannot lock {}: {}", path, std::strerror(error)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Status::Error(fmt::format("another nbc process holds {} (waited {} ms)", path, timeout_ms),
                           "try again; the OS frees the lock when that process exits");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(5000));
  }
}

}  // namespace nbc::state
