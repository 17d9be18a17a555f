// A small TOML lexer that only knows strings and comments: enough to find
// a non-ASCII byte where TOML allows none.
#include "base/toml_guard.hpp"

namespace hocso {

std::optional<int> bareNonAsciiLine(std::string_view s) {
  enum class State { Normal, Comment, Basic, Literal, MultiBasic, MultiLiteral };
  State state = State::Normal;
  int line = 1;
  auto startsWith = [&](size_t i, std::string_view what) { return s.substr(i, what.size()) == what; };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') ++line;
    switch (state) {
      case State::Normal:
        if (static_cast<unsigned char>(c) >= 0x80) return line;
        if (c == '#') state = State::Comment;
        else if (startsWith(i, "\"\"\"")) state = State::MultiBasic, i += 2;
        else if (startsWith(i, "'''")) state = State::MultiLiteral, i += 2;
        else if (c == '"') state = State::Basic;
        else if (c == '\'') state = State::Literal;
        break;
      case State::Comment:
        if (c == '\n') state = State::Normal;
        break;
      case State::Basic:
        if (c == '\\' && i + 1 < s.size() && s[i + 1] != '\n') ++i;
        else if (c == '"' || c == '\n') state = State::Normal;
        break;
      case State::Literal:
        if (c == '\'' || c == '\n') state = State::Normal;
        break;
      case State::MultiBasic:
        if (c == '\\' && i + 1 < s.size()) {
          if (s[i + 1] == '\n') ++line;
          ++i;
        } else if (startsWith(i, "\"\"\"")) {
          state = State::Normal, i += 2;
          while (i + 1 < s.size() && s[i + 1] == '"') ++i;  // up to two quotes may end the string
        }
        break;
      case State::MultiLiteral:
        if (startsWith(i, "'''")) {
          state = State::Normal, i += 2;
          while (i + 1 < s.size() && s[i + 1] == '\'') ++i;
        }
        break;
    }
  }
  return std::nullopt;
}

}  // namespace hocso
