// Reads pack sources (pack.toml, lessons/*.md, questions/*.toml) into a Pack,
// reporting every problem as "file:line: what is wrong".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::content {

struct SourceProblem {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const { return file + ":" + std::to_string(line) + ": " + message; }
};

// Loads and validates. On any problem the Result is an error whose message
// lists them all (one per line); `problems` receives them individually.
Result<Pack> loadPackSources(const std::filesystem::path& dir, std::vector<SourceProblem>* problems = nullptr);

// Parsing pieces, exposed for tests and fuzzing.
Result<Lesson> parseLesson(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems);
void parseQuestions(std::string_view text, const std::string& file, std::vector<Question>& out,
                    std::vector<SourceProblem>& problems);

}  // namespace hocso::content
