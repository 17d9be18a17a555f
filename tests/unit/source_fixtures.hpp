// Small pack source files written inline by the content tests: TOML tables
// a blank line apart, [[question]] tables and lesson front matter, in the
// layout the packs use, so that the line numbers a test expects can be
// counted from the calls (each helper says how many lines it writes).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

namespace hocso::test {

// `lines` (no newline at the end, may hold several) followed by a newline;
// nothing when empty.
inline std::string linesOf(const std::string& lines) { return lines.empty() ? lines : lines + "\n"; }

// Tables (each ending with a newline) a blank line apart, as in a source file.
inline std::string tomlTables(std::initializer_list<std::string> tables) {
  std::string t;
  for (const auto& table : tables) t += (t.empty() ? "" : "\n") + table;
  return t;
}

// A TOML array of strings: ["0.1", "4.2"].
inline std::string tomlStrings(const std::vector<std::string>& items) {
  std::string t;
  for (const auto& s : items) t += (t.empty() ? "\"" : ", \"") + s + "\"";
  return "[" + t + "]";
}

// A [[question]] table: 6 lines ([[question]], id, type, competencies,
// prompt, explanation = "."), then the lines of `rest` (the type's keys).
inline std::string questionToml(const std::string& id, const std::string& type,
                                const std::vector<std::string>& competencies, const std::string& prompt,
                                const std::string& rest = "") {
  return "[[question]]\nid = \"" + id + "\"\ntype = \"" + type + "\"\ncompetencies = " + tomlStrings(competencies) +
         "\nprompt = \"" + prompt + "\"\nexplanation = \".\"\n" + linesOf(rest);
}

// A lesson's Markdown: front matter of 7 lines (+++, id, title, group,
// competencies, order, +++), then `body`.
inline std::string lessonMarkdown(const std::string& id, const std::string& title, const std::string& group,
                                  const std::vector<std::string>& competencies, int order, const std::string& body) {
  return "+++\nid = \"" + id + "\"\ntitle = \"" + title + "\"\ngroup = \"" + group +
         "\"\ncompetencies = " + tomlStrings(competencies) + "\norder = " + std::to_string(order) + "\n+++\n" + body;
}

}  // namespace hocso::test
