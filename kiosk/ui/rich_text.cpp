// Word-by-word layout: each word is measured in its own font and placed on
// the current line or the next; callouts get a coloured bar and background.
#include "rich_text.hpp"

#include <imgui.h>

#include <algorithm>

#include "i18n.hpp"
#include "pictures.hpp"
#include "probe.hpp"
#include "theme.hpp"

namespace hocso::ui {
namespace {

void drawRuns(const std::vector<content::TextRun>& runs, const Fonts& fonts, float indent) {
  const float left = ImGui::GetCursorPosX() + indent;
  const float right = ImGui::GetContentRegionMax().x;
  ImGui::SetCursorPosX(left);
  float x = left;
  bool lineStart = true;
  for (const auto& run : runs) {
    ImFont* font = run.bold ? fonts.bold : fonts.body;
    ImGui::PushFont(font);
    const float space = ImGui::CalcTextSize(" ").x;
    size_t i = 0;
    const std::string& t = run.text;
    while (i < t.size()) {
      if (t[i] == '\n') {
        lineStart = true;
        x = left;
        ++i;
        continue;
      }
      size_t j = t.find_first_of(" \n", i);
      if (j == std::string::npos) j = t.size();
      const bool spaceBefore = i > 0 && t[i - 1] == ' ';
      if (j == i) {
        ++i;
        continue;
      }
      const char* b = t.c_str() + i;
      const char* e = t.c_str() + j;
      const float w = ImGui::CalcTextSize(b, e).x;
      const float gap = (lineStart ? 0.0f : (spaceBefore || (i == 0 && !lineStart) ? space : 0.0f));
      if (!lineStart && x + gap + w > right) {
        lineStart = true;
        x = left;
      }
      if (lineStart) {
        ImGui::SetCursorPosX(left);
        ImGui::TextUnformatted(b, e);
        x = left + w;
        lineStart = false;
      } else {
        ImGui::SameLine(0, 0);
        ImGui::SetCursorPosX(x + gap);
        ImGui::TextUnformatted(b, e);
        x += gap + w;
      }
      i = j;
    }
    ImGui::PopFont();
  }
}

}  // namespace

void drawBlocks(const std::vector<content::Block>& blocks, Platform& platform, const content::Pack& pack) {
  const Fonts& fonts = platform.fonts;
  const float fs = ImGui::GetFontSize();
  for (const auto& b : blocks) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    switch (b.kind) {
      case content::BlockKind::Heading:
        ImGui::PushFont(fonts.bold);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(b.plainText().c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        break;
      case content::BlockKind::Paragraph:
        drawRuns(b.runs, fonts, 0);
        break;
      case content::BlockKind::ListItem: {
        const float indent = fs * 1.2f * static_cast<float>(b.level);
        const std::string marker = b.ordered ? std::to_string(b.number) + "." : "•";
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent - fs * 1.1f);
        ImGui::PushFont(fonts.bold);
        ImGui::TextUnformatted(marker.c_str());
        ImGui::PopFont();
        ImGui::SetCursorPosY(y);
        drawRuns(b.runs, fonts, indent + fs * 0.4f);
        break;
      }
      case content::BlockKind::Callout: {
        const bool warn = b.callout == "warning";
        const ImVec4 bg = warn ? palette().warnBg : palette().tipBg;
        const ImVec4 bar = warn ? palette().warnBar : palette().tipBar;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->ChannelsSplit(2);
        dl->ChannelsSetCurrent(1);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(0, fs * 0.3f));
        drawRuns(b.runs, fonts, fs * 0.8f);
        ImGui::Dummy(ImVec2(0, fs * 0.1f));
        const ImVec2 end(top.x + ImGui::GetContentRegionAvail().x, ImGui::GetCursorScreenPos().y);
        dl->ChannelsSetCurrent(0);
        dl->AddRectFilled(top, end, ImGui::GetColorU32(bg), fs * 0.3f);
        dl->AddRectFilled(top, ImVec2(top.x + fs * 0.3f, end.y), ImGui::GetColorU32(bar));
        dl->ChannelsMerge();
        break;
      }
      case content::BlockKind::Image: {
        // Centred, at most the width of the text and half the window's height;
        // the caption under it (also what read-aloud says for it).
        const float avail = ImGui::GetContentRegionAvail().x;
        const Picture& pic = platform.pictures.get(pack, b.src);
        const ImVec2 box(avail, ImGui::GetMainViewport()->WorkSize.y * 0.4f);
        const ImVec2 size = fitPicture(pic, box, 1.5f);
        if (size.x > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - size.x) * 0.5f);
        drawPicture(platform.pictures, pack, b.src, box, 1.5f);
        const std::string caption = b.plainText();
        if (!caption.empty()) {
          const float cw = std::min(avail, ImGui::CalcTextSize(caption.c_str()).x);
          ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - cw) * 0.5f);
          ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cw + 1.0f);
          ImGui::TextDisabled("%s", caption.c_str());
          ImGui::PopTextWrapPos();
        }
        break;
      }
    }
    platform.probe.note(b.kind == content::BlockKind::Image ? "picture: " + b.src + " " + b.plainText() : b.plainText(), "", start, ImVec2(start.x + ImGui::GetContentRegionAvail().x, ImGui::GetCursorScreenPos().y),
                 false);
    ImGui::Dummy(ImVec2(0, fs * 0.35f));
  }
}

}  // namespace hocso::ui
