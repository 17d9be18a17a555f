// md4c's SAX callbacks folded into Blocks.
#include "content/markdown.hpp"

#include <md4c.h>

namespace hocso::content {

std::string Block::plainText() const {
  std::string s;
  for (const auto& r : runs) s += r.text;
  return s;
}

namespace {

struct ListState {
  bool ordered;
  int next;
};

struct Builder {
  std::vector<Block> blocks;
  std::vector<ListState> lists;
  int bold = 0, italic = 0;
  int quoteDepth = 0;
  bool open = false;  // a text-bearing block is open
  Block pendingImage;
  int imageDepth = 0;

  Block& current() { return blocks.back(); }

  void start(BlockKind kind) {
    Block b;
    b.kind = kind;
    if (quoteDepth > 0 && kind == BlockKind::Paragraph) b.kind = BlockKind::Callout, b.callout = "note";
    blocks.push_back(b);
    open = true;
  }

  void text(std::string_view t) {
    if (imageDepth > 0) {
      pendingImage.runs.empty() ? pendingImage.runs.push_back({std::string(t)})
                                : (void)(pendingImage.runs.back().text += t);
      return;
    }
    if (!open) start(BlockKind::Paragraph);
    Block& b = current();
    const bool bo = bold > 0, it = italic > 0;
    if (!b.runs.empty() && b.runs.back().bold == bo && b.runs.back().italic == it)
      b.runs.back().text += t;
    else
      b.runs.push_back({std::string(t), bo, it});
  }
};

int enterBlock(MD_BLOCKTYPE type, void* detail, void* ud) {
  auto& s = *static_cast<Builder*>(ud);
  switch (type) {
    case MD_BLOCK_H:
      s.start(BlockKind::Heading);
      s.current().level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      break;
    case MD_BLOCK_P:
      if (!s.lists.empty() && s.open && s.current().kind == BlockKind::ListItem && s.current().runs.empty()) break;
      s.start(BlockKind::Paragraph);
      break;
    case MD_BLOCK_UL:
      s.lists.push_back({false, 0});
      break;
    case MD_BLOCK_OL:
      s.lists.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
      break;
    case MD_BLOCK_LI: {
      s.start(BlockKind::ListItem);
      if (!s.lists.empty()) {
        auto& l = s.lists.back();
        s.current().ordered = l.ordered;
        s.current().number = l.ordered ? l.next++ : 0;
      }
      s.current().level = static_cast<int>(s.lists.size());
      break;
    }
    case MD_BLOCK_QUOTE:
      ++s.quoteDepth;
      break;
    default:
      break;
  }
  return 0;
}

int leaveBlock(MD_BLOCKTYPE type, void*, void* ud) {
  auto& s = *static_cast<Builder*>(ud);
  switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (!s.lists.empty()) s.lists.pop_back();
      break;
    case MD_BLOCK_QUOTE:
      if (s.quoteDepth > 0) --s.quoteDepth;
      break;
    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_LI:
      s.open = false;
      break;
    default:
      break;
  }
  if (type == MD_BLOCK_P && !s.blocks.empty() && s.blocks.back().kind == BlockKind::Callout) {
    // Classify the callout by its first words: "Lưu ý:" warns, "Mẹo:" advises.
    const std::string t = s.blocks.back().plainText();
    if (t.rfind("Lưu ý", 0) == 0 || t.rfind("Chú ý", 0) == 0 || t.rfind("Cảnh báo", 0) == 0)
      s.blocks.back().callout = "warning";
    else if (t.rfind("Mẹo", 0) == 0)
      s.blocks.back().callout = "tip";
  }
  return 0;
}

int enterSpan(MD_SPANTYPE type, void* detail, void* ud) {
  auto& s = *static_cast<Builder*>(ud);
  if (type == MD_SPAN_STRONG) ++s.bold;
  if (type == MD_SPAN_EM) ++s.italic;
  if (type == MD_SPAN_IMG) {
    ++s.imageDepth;
    auto* d = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
    s.pendingImage = Block{};
    s.pendingImage.kind = BlockKind::Image;
    s.pendingImage.src.assign(d->src.text, d->src.size);
  }
  return 0;
}

int leaveSpan(MD_SPANTYPE type, void*, void* ud) {
  auto& s = *static_cast<Builder*>(ud);
  if (type == MD_SPAN_STRONG && s.bold > 0) --s.bold;
  if (type == MD_SPAN_EM && s.italic > 0) --s.italic;
  if (type == MD_SPAN_IMG && s.imageDepth > 0) {
    if (--s.imageDepth == 0) {
      // An image ends the paragraph it sits in; its alt text is the caption.
      if (s.open && !s.blocks.empty() && s.current().runs.empty()) s.blocks.pop_back();
      s.blocks.push_back(s.pendingImage);
      s.open = false;
    }
  }
  return 0;
}

int onText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* ud) {
  auto& s = *static_cast<Builder*>(ud);
  switch (type) {
    case MD_TEXT_SOFTBR:
      s.text(" ");
      break;
    case MD_TEXT_BR:
      s.text("\n");
      break;
    case MD_TEXT_NULLCHAR:
      break;
    default:
      s.text(std::string_view(text, size));
  }
  return 0;
}

}  // namespace

std::vector<Block> parseMarkdown(std::string_view markdown) {
  Builder b;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = enterBlock;
  parser.leave_block = leaveBlock;
  parser.enter_span = enterSpan;
  parser.leave_span = leaveSpan;
  parser.text = onText;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &b);
  std::vector<Block> out;
  for (auto& blk : b.blocks)
    if (blk.kind == BlockKind::Image || !blk.runs.empty()) out.push_back(std::move(blk));
  return out;
}

}  // namespace hocso::content
