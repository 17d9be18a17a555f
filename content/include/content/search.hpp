// Lesson search that ignores Vietnamese diacritics: "chuyen tien" finds
// "chuyển tiền". FTS5 unicode61 (remove_diacritics 2) folds the tone and
// vowel marks; đ/Đ are folded to d/D here, in the index and in the query.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::content {

// đ → d, Đ → D; every other byte unchanged.
std::string foldForSearch(std::string_view text);

// The text indexed for a lesson: its goal and every page (Markdown as plain text).
std::string lessonSearchText(const Lesson& lesson);

struct SearchHit {
  std::string lesson_id;
  std::string title;
};

// Lessons matching every word of `query` (the last word also as a prefix, so
// results appear while typing), best first. An empty query finds nothing.
Result<std::vector<SearchHit>> searchLessons(const Pack& pack, std::string_view query, int limit = 20);

}  // namespace hocso::content
