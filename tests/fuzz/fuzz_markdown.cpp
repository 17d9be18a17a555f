// libFuzzer: a lesson file — front matter, page splitting, picture references,
// UTF-8 checking and the Markdown → blocks conversion of every page.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/loader.hpp"
#include "content/markdown.hpp"
#include "content/search.hpp"

using namespace hocso::content;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<SourceProblem> problems;
  (void)parseMarkdown(text);
  (void)findImageRefs(text, "fuzz.md", 1, problems);
  (void)foldForSearch(text);
  auto lesson = parseLesson(text, "fuzz.md", problems);
  if (lesson) {
    for (const auto& page : lesson->pages) (void)parseMarkdown(page.markdown);
    (void)lessonSearchText(*lesson);
  }
  return 0;
}
