// Lays out lesson Markdown blocks with word wrapping that mixes regular and
// bold runs, at whatever font size is active.
#pragma once

#include <vector>

#include "content/markdown.hpp"
#include "screen.hpp"

namespace hocso::ui {

void drawBlocks(const std::vector<content::Block>& blocks, const Fonts& fonts);

}  // namespace hocso::ui
