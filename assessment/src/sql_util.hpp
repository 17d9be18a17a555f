// Helpers shared by the assessment repositories: SQLite exceptions become
// Errors at the repository boundary; BLOB columns to byte vectors.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/transaction.hpp"

namespace hocso::assessment::detail {

template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  return guardedSql(what, std::forward<F>(f));
}

inline std::vector<unsigned char> blobOf(const SQLite::Column& c) {
  const auto* p = static_cast<const unsigned char*>(c.getBlob());
  return p ? std::vector<unsigned char>(p, p + c.getBytes()) : std::vector<unsigned char>{};
}

}  // namespace hocso::assessment::detail
