#include "name_search.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace hocso::app {
namespace {

std::vector<std::string> words(const std::string& folded) {
  std::vector<std::string> out;
  std::istringstream in(folded);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

bool nameMatches(const std::string& full_name, int birth_year, const std::string& query) {
  const std::string q = assessment::foldName(query);
  if (q.empty()) return true;
  if (q.size() == 4 && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::to_string(birth_year) == q;
  const auto name = words(assessment::foldName(full_name));
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
