#include "name_search.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace hocso::app {
namespace {

// Every marked Vietnamese vowel (both cases) and its plain lower-case letter.
const std::pair<std::string_view, char> kMarked[] = {
    {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'}, {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
    {"ìíỉĩịÌÍỈĨỊ", 'i'}, {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
    {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'}, {"ỳýỷỹỵỲÝỶỸỴ", 'y'}, {"đĐ", 'd'}};

std::vector<std::string> words(const std::string& folded) {
  std::vector<std::string> out;
  std::istringstream in(folded);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

std::string foldForSearch(const std::string& text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const std::string_view ch(text.data() + i, std::min(len, text.size() - i));
    i += ch.size();
    if (len == 1 && std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (len == 1) {
      out += static_cast<char>(std::tolower(c));
      continue;
    }
    char base = 0;
    for (const auto& [letters, letter] : kMarked)
      if (letters.find(ch) != std::string_view::npos) base = letter;
    if (base) out += base;
    else out += ch;
  }
  return out;
}

bool nameMatches(const std::string& full_name, int birth_year, const std::string& query) {
  const std::string q = foldForSearch(query);
  if (q.empty()) return true;
  if (q.size() == 4 && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::to_string(birth_year) == q;
  const auto name = words(foldForSearch(full_name));
  const auto want = words(q);
  size_t at = 0;
  for (const auto& w : want) {
    while (at < name.size() && name[at].compare(0, w.size(), w) != 0) ++at;
    if (at == name.size()) return false;
    ++at;
  }
  return true;
}

}  // namespace hocso::app
