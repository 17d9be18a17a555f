// Reading the TOML of pack sources (pack.toml, question banks, lesson front
// matter, lexicon.toml): a malformed file is a problem with its line, never
// an exception.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/toml_guard.hpp"
#include "content/problem.hpp"

namespace hocso::content {

inline int lineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// The parsed table, or nullopt with "<what>: <reason>" recorded at its line.
inline std::optional<toml::table> parseTomlSource(std::string_view text, const std::string& file, const char* what,
                                                  std::vector<SourceProblem>& problems) {
  if (auto line = bareNonAsciiLine(text)) {
    problems.push_back({file, *line, std::string(what) + ": " + kBareNonAsciiMessage});
    return std::nullopt;
  }
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    problems.push_back(
        {file, static_cast<int>(e.source().begin.line), std::string(what) + ": " + std::string(e.description())});
    return std::nullopt;
  }
}

}  // namespace hocso::content
