// Reads pack sources (pack.toml, lessons/*.md, questions/*.toml) into a Pack,
// reporting every problem as "file:line: what is wrong".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "content/framework.hpp"
#include "content/model.hpp"
#include "content/problem.hpp"

namespace hocso::content {

// Loads and validates. On any problem the Result is an error whose message
// lists them all (one per line); `problems` receives them individually.
// The pack is checked against `framework`, or when null against the one its
// pack.toml names (content/frameworks/<id>.toml).
Result<Pack> loadPackSources(const std::filesystem::path& dir, std::vector<SourceProblem>* problems = nullptr,
                             const Framework* framework = nullptr);

// Competency codes, skill groups and target groups of a loaded pack against a
// framework, each problem at the line that names the code.
void checkAgainstFramework(const Pack& pack, const Framework& framework, const std::string& pack_toml,
                           int target_groups_line, std::vector<SourceProblem>& problems);

// Whether the pack holds enough questions of every skill group for the exam
// blueprints of its target groups. Problems are placed at `file`:`line`.
std::vector<SourceProblem> checkBlueprints(const Pack& pack, const Framework& framework, const std::string& file,
                                           int line);

// Image paths a lesson page's Markdown refers to, with their line inside
// `markdown` (1-based); unreadable image syntax is reported as a problem.
struct ImageRef {
  int line = 0;
  std::string path;
};
std::vector<ImageRef> findImageRefs(std::string_view markdown, const std::string& file, int first_line,
                                    std::vector<SourceProblem>& problems);

// True when `text` is valid UTF-8; otherwise records the line of the first bad byte.
bool checkUtf8(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems);

// Parsing pieces, exposed for tests and fuzzing.
Result<Lesson> parseLesson(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems);
void parseQuestions(std::string_view text, const std::string& file, std::vector<Question>& out,
                    std::vector<SourceProblem>& problems);

}  // namespace hocso::content
