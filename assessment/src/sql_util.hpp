// Helpers shared by the assessment repositories: BLOB columns to byte
// vectors. SQLite exceptions and damaged rows become Errors at the
// repository boundary through base's guardedSql (base/transaction.hpp).
#pragma once

#include <SQLiteCpp/Column.h>
#include <vector>

#include "base/transaction.hpp"

namespace hocso::assessment::detail {

inline std::vector<unsigned char> blobOf(const SQLite::Column& c) {
  const auto* p = static_cast<const unsigned char*>(c.getBlob());
  return p ? std::vector<unsigned char>(p, p + c.getBytes()) : std::vector<unsigned char>{};
}

}  // namespace hocso::assessment::detail
