// SPDX-License-Identifier: Apache-2.0
// Processes, ports and the etcd server of the state suite.
#include "support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "state/etcd_client.h"

extern char** environ;

namespace nbc::state_suite {

namespace fs = std::filesystem;

fs::path MakeTempDir(const std::string& name) {
  std::string pattern = (fs::temp_directory_path() / ("nbc-" + name + "-XXXXXX")).string();
  return fs::path(mkdtemp(pattern.data()));
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

// posix_spawn with stdout and stderr to files; returns the pid or -1.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

}  // namespace

RunResult Run(const std::vector<std::string>& argv) {
  fs::path dir = MakeTempDir("run");
  std::string base = (dir / "output").string();
  RunResult result;
  pid_t pid = Spawn(argv, base + ".out", base + ".err");
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  result.out = ReadFile(base + ".out");
  result.err = ReadFile(base + ".err");
  fs::remove_all(dir);
  return result;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the kernel picks a free one
  socklen_t length = sizeof address;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

bool EtcdServer::Start(const std::string& etcd, std::string& error) {
  dir_ = MakeTempDir("etcd");
  std::string client = "http://127.0.0.1:" + std::to_string(FreePort());
  std::string peer = "http://127.0.0.1:" + std::to_string(FreePort());
  // Short heartbeat and election timeouts lower etcd's minimum lease TTL
  // (1.5 election timeouts, rounded up to whole seconds) to 1 s, so the
  // lease tests wait one second instead of two.
  pid_ = Spawn({etcd, "--name", "nbc-suite", "--data-dir", (dir_ / "data").string(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "nbc-suite=" + peer, "--heartbeat-interval", "50",
                "--election-timeout", "500", "--log-level", "warn"},
               (dir_ / "etcd.out").string(), (dir_ / "etcd.log").string());
  if (pid_ <= 0) {
    error = "cannot start " + etcd;
    return false;
  }
  endpoint_ = client;
  state::EtcdClient probe({client}, 500);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::optional<state::EtcdKv> kv;
    if (probe.Get("/nbc-suite-probe", kv)) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error = "etcd exited:\n" + ReadFile(dir_ / "etcd.log");
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error = "etcd did not answer within 30 s:\n" + ReadFile(dir_ / "etcd.log");
  Stop();
  return false;
}

void EtcdServer::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool reaped = false;
    for (int i = 0; i < 50 && !reaped; ++i) {
      reaped = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!reaped) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
  dir_.clear();
}

}  // namespace nbc::state_suite
