// SPDX-License-Identifier: Apache-2.0
// The etcd client's pieces that need no server (state/etcd_client): base64
// as the JSON gateway wants it, and the message when no endpoint answers.
// tests/state/ runs the client against a real etcd-server.
#include "state/etcd_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "state/store.h"

namespace nbc::state {
namespace {

TEST(StateEtcdClient, Base64RoundTripsEveryLength) {
  EXPECT_EQ(EtcdClient::Base64Encode(""), "");
  EXPECT_EQ(EtcdClient::Base64Encode("f"), "Zg==");
  EXPECT_EQ(EtcdClient::Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(EtcdClient::Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(EtcdClient::Base64Encode("/nbc/shop/dev/record"), "L25iYy9zaG9wL2Rldi9yZWNvcmQ=");
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string decoded;
    ASSERT_TRUE(EtcdClient::Base64Decode(EtcdClient::Base64Encode(all.substr(0, n)), decoded));
    EXPECT_EQ(decoded, all.substr(0, n));
  }
  std::string decoded;
  EXPECT_FALSE(EtcdClient::Base64Decode("not base64!", decoded));
}

// A port on 127.0.0.1 that nobody listens on.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TEST(StateEtcdClient, UnreachableEndpointsAreNamedInOrder) {
  std::string a = "http://127.0.0.1:" + std::to_string(ClosedPort());
  std::string b = "127.0.0.1:" + std::to_string(ClosedPort());  // the scheme is optional
  EtcdClient client({a, b + "/"}, 1000);
  std::optional<EtcdKv> kv;
  Status s = client.Get("/nbc/x", kv);
  EXPECT_EQ(s.message, "cannot reach etcd at " + a + ": connection refused; http://" + b +
                           ": connection refused");
  EXPECT_EQ(s.hint, "check state.endpoints in nbc.yaml and that etcd runs; nothing was written");
}

TEST(StateEtcdClient, TheStoreReportsUnreachableEtcdBeforeAnyWrite) {
  std::string a = "http://127.0.0.1:" + std::to_string(ClosedPort());
  auto store = OpenStore({.backend = "etcd", .endpoints = {a}, .ns = "shop", .timeout_ms = 1000});
  std::optional<Record> record;
  EXPECT_EQ(store->Read("dev", record).message, "cannot reach etcd at " + a + ": connection refused");
  EXPECT_EQ(store->Describe(), "etcd " + a);
}

}  // namespace
}  // namespace nbc::state
