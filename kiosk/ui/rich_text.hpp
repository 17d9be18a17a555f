// Lays out lesson Markdown blocks with word wrapping that mixes regular and
// bold runs, at whatever font size is active.
#pragma once

#include <vector>

#include "content/markdown.hpp"
#include "screen.hpp"

namespace hocso::ui {

// `pack` supplies the pictures of image blocks; `platform` the fonts, the
// picture cache and the probe.
void drawBlocks(const std::vector<content::Block>& blocks, Platform& platform, const content::Pack& pack);

}  // namespace hocso::ui
