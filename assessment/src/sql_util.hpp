// Helpers shared by the assessment repositories: SQLite exceptions and
// damaged rows become Errors at the repository boundary; BLOB columns to byte vectors.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment::detail {

// A row that does not parse (JSON in a TEXT column, a number stored as
// text) was damaged outside this code (a hand edit, a broken disk): it
// becomes an error too, never an exception escaping to the screen.
template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": a stored row is damaged (" + e.what() + ")");
  } catch (const std::logic_error& e) {  // std::stoi and friends: invalid_argument, out_of_range
    return fail(ErrorCode::Database, std::string(what) + ": a stored row is damaged (" + e.what() + ")");
  }
}

inline std::vector<unsigned char> blobOf(const SQLite::Column& c) {
  const auto* p = static_cast<const unsigned char*>(c.getBlob());
  return p ? std::vector<unsigned char>(p, p + c.getBytes()) : std::vector<unsigned char>{};
}

}  // namespace hocso::assessment::detail
