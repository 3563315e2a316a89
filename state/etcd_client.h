// SPDX-License-Identifier: Apache-2.0
// A small etcd v3 client over the JSON gateway of etcd-server (3.4 serves
// /v3/..., keys and values base64) with libcurl: ranges, transactions with
// equality compares, leases. Endpoints are tried in order; a request that
// cannot reach one goes to the next.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "state/status.h"

namespace nbc::state {

struct EtcdKv {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t lease = 0;
};

// key's create_revision or mod_revision == revision. etcd compares a key
// that does not exist as revision 0.
struct EtcdCompare {
  enum class Target { kCreate, kMod };
  std::string key;
  Target target = Target::kMod;
  int64_t revision = 0;
};

struct EtcdOp {
  enum class Kind { kPut, kDelete, kRange };
  Kind kind = Kind::kPut;
  std::string key;
  std::string value;  // put
  int64_t lease = 0;  // put: bind the key to this lease
};

struct EtcdTxnResult {
  bool succeeded = false;
  int64_t revision = 0;                   // of the store after the txn
  std::vector<std::vector<EtcdKv>> ranges;  // the kvs of each range op that ran
};

class EtcdClient {
 public:
  EtcdClient(std::vector<std::string> endpoints, int timeout_ms);
  ~EtcdClient();
  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;

  std::string Describe() const;  // the endpoints, comma-separated

  Status Get(const std::string& key, std::optional<EtcdKv>& kv);
  // Every key starting with `prefix`, sorted by key (fetched in pages).
  Status GetPrefix(const std::string& prefix, std::vector<EtcdKv>& kvs);
  Status Txn(const std::vector<EtcdCompare>& compares, const std::vector<EtcdOp>& success,
             const std::vector<EtcdOp>& failure, EtcdTxnResult& result);
  Status LeaseGrant(int64_t ttl_s, int64_t& lease, int64_t& granted_ttl_s);
  Status LeaseRevoke(int64_t lease);  // an unknown (expired) lease is fine
  Status LeaseKeepAlive(int64_t lease, int64_t& ttl_s);  // ttl_s 0: the lease has expired

  // Exposed for tests: standard base64 with padding.
  static std::string Base64Encode(const std::string& bytes);
  static bool Base64Decode(const std::string& text, std::string& bytes);

 private:
  // POSTs a JSON body to `path` on the first endpoint that answers.
  Status Post(const std::string& path, const std::string& body, std::string& response);

  std::vector<std::string> endpoints_;
  int timeout_ms_;
  size_t preferred_ = 0;  // the endpoint that answered last
  void* curl_ = nullptr;  // one CURL handle: it keeps the connection open between requests
};

}  // namespace nbc::state
