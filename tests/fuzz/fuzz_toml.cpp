// libFuzzer: the TOML readers — question banks, framework files and the
// configuration reader with content's sections ([content], [exam.<group>]
// overrides, applied to the framework).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/config.hpp"
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
  ContentConfig config;
  hocso::ConfigSchema schema;
  describeConfig(schema, config);
  const bool read = schema.parse(text, "fuzz.toml", &warnings).has_value();
  if (fw && read) (void)applyExamOverrides(*fw, config);
  return 0;
}
