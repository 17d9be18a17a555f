// Icons drawn from lines and triangles, and the button that carries one.
#include "icons.hpp"

#include <algorithm>
#include <cmath>

#include "probe.hpp"
#include "widget_context.hpp"
#include "screen.hpp"
#include "theme.hpp"

namespace hocso::ui {

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float s, ImU32 col) {
  const float r = s * 0.5f, t = std::max(2.0f, std::round(s * 0.1f));
  switch (icon) {
    case Icon::Home:  // a house: roof and walls with a door
      dl->AddTriangleFilled(ImVec2(c.x - r, c.y - r * 0.05f), ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y - r * 0.05f), col);
      dl->AddRectFilled(ImVec2(c.x - r * 0.7f, c.y - r * 0.1f), ImVec2(c.x - r * 0.2f, c.y + r * 0.9f), col);
      dl->AddRectFilled(ImVec2(c.x + r * 0.2f, c.y - r * 0.1f), ImVec2(c.x + r * 0.7f, c.y + r * 0.9f), col);
      dl->AddRectFilled(ImVec2(c.x - r * 0.2f, c.y - r * 0.1f), ImVec2(c.x + r * 0.2f, c.y + r * 0.25f), col);
      break;
    case Icon::Back:  // an arrow pointing left
    case Icon::Previous:
      dl->AddTriangleFilled(ImVec2(c.x - r, c.y), ImVec2(c.x - r * 0.1f, c.y - r * 0.8f), ImVec2(c.x - r * 0.1f, c.y + r * 0.8f), col);
      dl->AddRectFilled(ImVec2(c.x - r * 0.15f, c.y - r * 0.28f), ImVec2(c.x + r * 0.9f, c.y + r * 0.28f), col);
      break;
    case Icon::Next:  // an arrow pointing right
      dl->AddTriangleFilled(ImVec2(c.x + r, c.y), ImVec2(c.x + r * 0.1f, c.y + r * 0.8f), ImVec2(c.x + r * 0.1f, c.y - r * 0.8f), col);
      dl->AddRectFilled(ImVec2(c.x - r * 0.9f, c.y - r * 0.28f), ImVec2(c.x + r * 0.15f, c.y + r * 0.28f), col);
      break;
    case Icon::Play:  // a triangle pointing right (start)
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.6f, c.y - r * 0.9f), ImVec2(c.x + r * 0.85f, c.y), ImVec2(c.x - r * 0.6f, c.y + r * 0.9f), col);
      break;
    case Icon::SignOut:  // a door frame and an arrow leaving it
      dl->AddRect(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r * 0.1f, c.y + r), col, 0.0f, 0, t);
      dl->AddRectFilled(ImVec2(c.x - r * 0.45f, c.y - t * 0.5f), ImVec2(c.x + r * 0.45f, c.y + t * 0.5f), col);
      dl->AddTriangleFilled(ImVec2(c.x + r, c.y), ImVec2(c.x + r * 0.35f, c.y - r * 0.55f), ImVec2(c.x + r * 0.35f, c.y + r * 0.55f), col);
      break;
    case Icon::Search:  // a magnifier
      dl->AddCircle(ImVec2(c.x - r * 0.2f, c.y - r * 0.2f), r * 0.55f, col, 20, t);
      dl->AddLine(ImVec2(c.x + r * 0.2f, c.y + r * 0.2f), ImVec2(c.x + r * 0.85f, c.y + r * 0.85f), col, t * 1.4f);
      break;
    case Icon::Exam: {  // a certificate: a sheet with lines and a seal
      dl->AddRect(ImVec2(c.x - r * 0.75f, c.y - r), ImVec2(c.x + r * 0.75f, c.y + r * 0.6f), col, 0.0f, 0, t);
      for (int i = 0; i < 2; ++i) {
        const float y = c.y - r * 0.55f + static_cast<float>(i) * r * 0.4f;
        dl->AddRectFilled(ImVec2(c.x - r * 0.45f, y), ImVec2(c.x + r * 0.45f, y + t), col);
      }
      dl->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y + r * 0.6f), r * 0.32f, col, 12);
      break;
    }
    case Icon::Flag:  // a pole and a flag
      dl->AddRectFilled(ImVec2(c.x - r * 0.7f, c.y - r), ImVec2(c.x - r * 0.7f + t, c.y + r), col);
      dl->AddTriangleFilled(ImVec2(c.x - r * 0.7f + t, c.y - r), ImVec2(c.x + r * 0.8f, c.y - r * 0.55f), ImVec2(c.x - r * 0.7f + t, c.y - r * 0.1f), col);
      break;
    case Icon::Grid:  // nine small squares (all questions)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
          const float x = c.x - r + static_cast<float>(i) * r * 0.72f, y = c.y - r + static_cast<float>(j) * r * 0.72f;
          dl->AddRectFilled(ImVec2(x, y), ImVec2(x + r * 0.56f, y + r * 0.56f), col);
        }
      break;
    case Icon::Check: {  // a tick
      const ImVec2 pts[] = {ImVec2(c.x - r * 0.8f, c.y), ImVec2(c.x - r * 0.25f, c.y + r * 0.6f), ImVec2(c.x + r * 0.85f, c.y - r * 0.65f)};
      dl->AddPolyline(pts, 3, col, 0, t * 1.5f);
      break;
    }
    case Icon::Speaker:  // a loudspeaker: a box and a cone
      dl->AddRectFilled(ImVec2(c.x - r * 0.9f, c.y - r * 0.35f), ImVec2(c.x - r * 0.3f, c.y + r * 0.35f), col);
      dl->AddQuadFilled(ImVec2(c.x - r * 0.3f, c.y - r * 0.35f), ImVec2(c.x + r * 0.4f, c.y - r), ImVec2(c.x + r * 0.4f, c.y + r),
                        ImVec2(c.x - r * 0.3f, c.y + r * 0.35f), col);
      dl->AddLine(ImVec2(c.x + r * 0.7f, c.y - r * 0.45f), ImVec2(c.x + r * 0.7f, c.y + r * 0.45f), col, t);
      break;
    case Icon::Book:  // an open book
      dl->AddQuadFilled(ImVec2(c.x - r, c.y - r * 0.7f), ImVec2(c.x - r * 0.08f, c.y - r * 0.5f), ImVec2(c.x - r * 0.08f, c.y + r * 0.8f),
                        ImVec2(c.x - r, c.y + r * 0.6f), col);
      dl->AddQuadFilled(ImVec2(c.x + r * 0.08f, c.y - r * 0.5f), ImVec2(c.x + r, c.y - r * 0.7f), ImVec2(c.x + r, c.y + r * 0.6f),
                        ImVec2(c.x + r * 0.08f, c.y + r * 0.8f), col);
      break;
  }
}

namespace {
float iconSide() { return std::round(ImGui::GetFontSize() * 0.8f); }
float iconGap() { return ImGui::GetFontSize() * 0.4f; }
}  // namespace

float iconButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + iconSide() + iconGap() + ImGui::GetStyle().FramePadding.x * 2;
}

bool iconButton(const char* label, Icon icon, float width, bool primary, float height) {
  const Palette& pal = palette();
  auto [text, id] = splitLabel(label);
  if (width == 0.0f) width = iconButtonWidth(label);
  else if (width < 0.0f) width = ImGui::GetContentRegionAvail().x;
  const float h = height > 0.0f ? height : buttonHeight();
  if (!primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, pal.secondary);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, pal.secondaryHover);
  }
  // The button's own label is empty: the icon and the words are drawn on it.
  const bool pressed = ImGui::Button(("###" + id).c_str(), ImVec2(width, h));
  if (!primary) ImGui::PopStyleColor(2);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImU32 ink = ImGui::GetColorU32(primary ? pal.primaryText : pal.secondaryText);
  const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
  // The words come first: on a button too narrow for both, no icon.
  const bool withIcon = ts.x + iconSide() + iconGap() <= (b.x - a.x) - ImGui::GetStyle().FramePadding.x;
  const float side = withIcon ? iconSide() : 0.0f, gap = withIcon ? iconGap() : 0.0f;
  const float content = side + gap + ts.x;
  // Centred as a whole when it fits, else from the left padding.
  const float x0 = std::round(std::max(a.x + ImGui::GetStyle().FramePadding.x * 0.5f, (a.x + b.x - content) * 0.5f));
  const float cy = (a.y + b.y) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(a, b, true);
  if (withIcon) drawIcon(dl, icon, ImVec2(x0 + side * 0.5f, cy), side, ink);
  dl->AddText(ImVec2(x0 + side + gap, std::round(cy - ts.y * 0.5f)), ink, text.c_str());
  dl->PopClipRect();
  widgetProbe().noteLastItem(text, id, true);
  return pressed;
}

}  // namespace hocso::ui
