// SPDX-License-Identifier: Apache-2.0
// CowMap: a sorted map that is shared on copy and copied on the first write,
// so that the thousands of nodes of one node type and zone hold one tree of
// merged parameters instead of a copy each (bench/README.md).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace nbc::ir {

// Usage: as a std::map<std::string, V, std::less<>>. Copies share the
// entries; any non-const member first makes this map the only owner (a
// shallow copy: values that are CowMaps stay shared below). Prefer const
// access when only reading a map that may be shared: a non-const begin()
// or find() copies it. Iterators stay valid as long as the map is not
// copied and written again.
template <class V>
class CowMap {
 public:
  using Map = std::map<std::string, V, std::less<>>;
  using value_type = typename Map::value_type;
  using iterator = typename Map::iterator;
  using const_iterator = typename Map::const_iterator;

  CowMap() = default;
  CowMap(Map map) { if (!map.empty()) map_ = std::make_shared<Map>(std::move(map)); }
  CowMap(std::initializer_list<value_type> init) : CowMap(Map(init)) {}

  // Reading: never copies.
  const Map& get() const { return map_ ? *map_ : Empty(); }
  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const_iterator cbegin() const { return get().begin(); }
  const_iterator cend() const { return get().end(); }
  size_t size() const { return map_ ? map_->size() : 0; }
  bool empty() const { return !map_ || map_->empty(); }
  template <class K> const_iterator find(const K& key) const { return get().find(key); }
  template <class K> const_iterator lower_bound(const K& key) const { return get().lower_bound(key); }
  template <class K> bool contains(const K& key) const { return get().contains(key); }
  template <class K> size_t count(const K& key) const { return get().count(key); }
  template <class K> const V& at(const K& key) const {
    auto it = get().find(key);
    if (it == get().end()) throw std::out_of_range("CowMap::at: no such key");
    return it->second;
  }
  // True if both share one map: the same entries, without comparing them.
  bool same_map(const CowMap& other) const { return map_ == other.map_; }

  // Writing: makes this map the only owner first.
  Map& mut() {
    if (!map_) map_ = std::make_shared<Map>();
    else if (map_.use_count() > 1) map_ = std::make_shared<Map>(*map_);
    return *map_;
  }
  iterator begin() { return mut().begin(); }
  iterator end() { return mut().end(); }
  template <class K> iterator find(const K& key) { return mut().find(key); }
  template <class K> iterator lower_bound(const K& key) { return mut().lower_bound(key); }
  template <class K> V& at(const K& key) {
    auto it = mut().find(key);
    if (it == mut().end()) throw std::out_of_range("CowMap::at: no such key");
    return it->second;
  }
  V& operator[](const std::string& key) { return mut()[key]; }
  V& operator[](std::string&& key) { return mut()[std::move(key)]; }
  template <class... A> auto emplace(A&&... args) { return mut().emplace(std::forward<A>(args)...); }
  template <class... A> auto try_emplace(A&&... args) { return mut().try_emplace(std::forward<A>(args)...); }
  template <class... A> auto insert(A&&... args) { return mut().insert(std::forward<A>(args)...); }
  template <class K, class M> auto insert_or_assign(K&& key, M&& value) {
    return mut().insert_or_assign(std::forward<K>(key), std::forward<M>(value));
  }
  // `it` must come from a non-const call on this map, which made it the owner.
  iterator erase(iterator it) { return map_->erase(it); }
  size_t erase(const std::string& key) { return map_ && map_->contains(key) ? mut().erase(key) : 0; }
  void clear() { map_.reset(); }

  // std::erase_if(map, pred) for code written against std::map (found by ADL).
  template <class Pred>
  friend size_t erase_if(CowMap& m, Pred pred) {
    if (std::none_of(m.begin_const(), m.end_const(), pred)) return 0;  // stays shared
    return std::erase_if(m.mut(), pred);
  }

 private:
  const_iterator begin_const() const { return get().begin(); }
  const_iterator end_const() const { return get().end(); }
  static const Map& Empty() {
    static const Map empty;
    return empty;
  }
  std::shared_ptr<Map> map_;  // null while empty
};

}  // namespace nbc::ir
