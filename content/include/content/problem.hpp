// One authoring problem found in pack sources or a framework file, printed
// as "file:line: what is wrong" so an editor can jump straight to it.
#pragma once

#include <string>

namespace hocso::content {

struct SourceProblem {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const { return file + ":" + std::to_string(line) + ": " + message; }
};

}  // namespace hocso::content
