// Helpers shared by the assessment repositories: BLOB columns to byte
// vectors. Rows are read through base's readColumns / firstRow / allRows
// (base/database.hpp); SQLite exceptions and damaged rows become Errors at
// the repository boundary through base's guardedSql (base/transaction.hpp).
#pragma once

#include <SQLiteCpp/Column.h>
#include <vector>

#include "base/database.hpp"
#include "base/transaction.hpp"

namespace hocso::assessment::detail {

inline std::vector<unsigned char> blobOf(const SQLite::Column& c) {
  std::vector<unsigned char> bytes;
  hocso::detail::readColumn(c, bytes);
  return bytes;
}

}  // namespace hocso::assessment::detail
