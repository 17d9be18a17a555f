// Diacritic-insensitive lesson search over the pack store's FTS5 table.
#include "content/search.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "base/transaction.hpp"
#include "content/markdown.hpp"

namespace hocso::content {

std::string foldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    // U+0110 Đ = C4 90, U+0111 đ = C4 91.
    if (static_cast<unsigned char>(text[i]) == 0xC4 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next == 0x90 || next == 0x91) {
        out.push_back(next == 0x90 ? 'D' : 'd');
        ++i;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string lessonSearchText(const Lesson& lesson) {
  std::string text = lesson.goal;
  for (const auto& page : lesson.pages) {
    text += "\n" + page.title;
    for (const auto& block : parseMarkdown(page.markdown)) text += "\n" + block.plainText();
  }
  return text;
}

namespace {

// Each word as an FTS5 string ("..." with quotes doubled), so nothing the
// learner types is read as query syntax; the last word also matches as a prefix.
std::string ftsQuery(std::string_view query) {
  const std::string folded = foldForSearch(query);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) flush();
    else word.push_back(c);
  }
  flush();
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string quoted = "\"";
    for (char c : words[i]) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (i ? " " : "") + quoted + "\"" + (i + 1 == words.size() ? "*" : "");
  }
  return out;
}

}  // namespace

Result<std::vector<SearchHit>> searchLessons(const Pack& pack, std::string_view query, int limit) {
  std::vector<SearchHit> hits;
  const std::string match = ftsQuery(query);
  if (match.empty()) return hits;
  if (!pack.store) return fail(ErrorCode::NotFound, "this pack has no search index");
  return guardedSql("search failed", [&]() -> Result<std::vector<SearchHit>> {
    SQLite::Statement q(*pack.store,
                        "SELECT s.lesson_id, l.title FROM lesson_search s JOIN lessons l ON l.id = s.lesson_id "
                        "WHERE lesson_search MATCH ? ORDER BY bm25(lesson_search, 0.0, 5.0, 1.0) LIMIT ?");
    q.bind(1, match);
    q.bind(2, limit);
    while (q.executeStep()) hits.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
    return hits;
  });
}

}  // namespace hocso::content
