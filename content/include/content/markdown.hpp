// A lesson page's Markdown as a flat list of blocks the kiosk can lay out at
// any text size: headings, paragraphs, list items, callouts, images.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hocso::content {

struct TextRun {
  std::string text;
  bool bold = false;
  bool italic = false;
};

enum class BlockKind { Heading, Paragraph, ListItem, Callout, Image };

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;            // heading level, or list nesting depth (1 = top)
  bool ordered = false;     // list item in a numbered list
  int number = 0;           // its number when ordered
  std::string callout;      // "warning" | "tip" | "note" for callouts
  std::vector<TextRun> runs;
  std::string src;          // image path
  std::string plainText() const;
};

// Never fails: malformed Markdown yields the best-effort blocks md4c produces.
std::vector<Block> parseMarkdown(std::string_view markdown);

}  // namespace hocso::content
