// SPDX-License-Identifier: Apache-2.0
// Helpers of the multi-process state suite: temporary directories, running
// the nbc binary, free ports, and a real etcd-server started on 127.0.0.1
// with a temporary data directory and stopped by its PID.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace nbc::state_suite {

std::filesystem::path MakeTempDir(const std::string& name);
void WriteFile(const std::filesystem::path& path, const std::string& text);
std::string ReadFile(const std::filesystem::path& path);

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs a program to completion, capturing stdout and stderr.
RunResult Run(const std::vector<std::string>& argv);

// A TCP port on 127.0.0.1 nobody listens on right now.
int FreePort();

class EtcdServer {
 public:
  ~EtcdServer() { Stop(); }
  // Starts etcd (the binary at `etcd`) and waits until it answers; false
  // with `error` set if it does not within 30 s.
  bool Start(const std::string& etcd, std::string& error);
  void Stop();  // SIGTERM, then SIGKILL after 5 s; removes the data dir
  const std::string& endpoint() const { return endpoint_; }
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path dir_;
  std::string endpoint_;
};

}  // namespace nbc::state_suite
