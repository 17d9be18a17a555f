// libFuzzer: the TOML readers — question banks, framework files and the
// kiosk configuration (with its [exam.<group>] overrides).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/config.hpp"
#include "content/framework.hpp"
#include "content/loader.hpp"

using namespace hocso::content;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<SourceProblem> problems;
  std::vector<Question> questions;
  parseQuestions(text, "fuzz.toml", questions, problems);
  auto fw = parseFramework(text, "fuzz.toml");
  std::vector<hocso::ConfigWarning> warnings;
  auto config = hocso::parseConfig(text, "fuzz.toml", &warnings);
  if (fw && config) (void)applyExamOverrides(*fw, *config);
  return 0;
}
