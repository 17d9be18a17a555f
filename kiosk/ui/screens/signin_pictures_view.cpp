// The sign-in pictures as large tiles in a scrolling grid (registration and
// picture sign-in), the "more below" cue, and the month question asked when
// several learners match. Textures are loaded once from the kiosk's assets.
#include <SDL.h>

#include <fmt/printf.h>
#include <algorithm>

#include "../i18n.hpp"
#include "../pictures.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../theme.hpp"
#include "signin_widgets.hpp"

namespace hocso::ui {

float pictureTileSide() { return std::clamp(ImGui::GetFontSize() * 4.5f, 96.0f, 200.0f); }

void drawSigninPicture(PictureCache& pictures, const app::SigninPicture& p, float side) {
  if (SDL_Texture* t = pictures.file(p.file)) {
    ImGui::Image(reinterpret_cast<ImTextureID>(t), ImVec2(side, side));
  } else {
    ImGui::Dummy(ImVec2(side, side));
  }
}

bool pictureGrid(UiContext& ui, std::string& chosen, float height) {
  const auto& all = app::signinPictures();
  const ImGuiStyle& st = ImGui::GetStyle();
  bool picked = false;
  ImGui::BeginChild("##pictures", ImVec2(0, height), false);
  // One whole row of tiles always shows above the "more below" band: the
  // drawings shrink on short windows (200% text at 768 px high), and a tile
  // is as wide as its longest name.
  const float pad = std::max(6.0f, ImGui::GetFontSize() * 0.3f);
  const float fullTileFrame = pad * 3 + ImGui::GetFontSize() + 2.0f;
  const float side = std::clamp(height - moreBelowHeight() - fullTileFrame, 64.0f, pictureTileSide());
  float widestName = 0.0f;
  for (const auto& p : all) widestName = std::max(widestName, ImGui::CalcTextSize(p.name_vi.c_str()).x);
  const float tileW = std::max(side, widestName) + pad * 2, tileH = side + pad * 3 + ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  const int cols = std::max(2, static_cast<int>((avail + st.ItemSpacing.x) / (tileW + st.ItemSpacing.x)));
  // Spread the columns over the whole width.
  const float gap = cols > 1 ? std::max(st.ItemSpacing.x, (avail - tileW * static_cast<float>(cols)) / static_cast<float>(cols - 1))
                             : 0.0f;
  const Palette& pal = palette();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& p = all[i];
    if (i % static_cast<size_t>(cols) != 0) ImGui::SameLine(0.0f, gap);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(p.id.c_str());
    const bool pressed = ImGui::InvisibleButton("##tile", ImVec2(tileW, tileH));
    ImGui::PopID();
    ui.platform.probe.noteLastItem(p.name_vi, "pic-" + p.id, true);
    const bool selected = chosen == p.id, hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + tileW, at.y + tileH);
    dl->AddRectFilled(at, end, ImGui::GetColorU32(selected ? pal.choiceSelected : hovered ? pal.choiceHover : pal.choice));
    dl->AddRect(at, end, ImGui::GetColorU32(selected ? pal.selectedBorder : pal.border), 0.0f, 0, selected ? 5.0f : 1.5f);
    if (SDL_Texture* t = ui.platform.pictures.file(p.file))
      dl->AddImage(reinterpret_cast<ImTextureID>(t), ImVec2(at.x + (tileW - side) * 0.5f, at.y + pad),
                   ImVec2(at.x + (tileW + side) * 0.5f, at.y + pad + side));
    const float nameW = ImGui::CalcTextSize(p.name_vi.c_str()).x;
    dl->AddText(ImVec2(at.x + std::max(pad, (tileW - nameW) * 0.5f), at.y + side + pad * 2),
                ImGui::GetColorU32(pal.text), p.name_vi.c_str());
    if (selected) {  // a tick in a round badge at the top right: chosen, not only by colour
      const float r = std::max(14.0f, ImGui::GetFontSize() * 0.6f);
      const ImVec2 c(end.x - r - pad * 0.5f, at.y + r + pad * 0.5f);
      dl->AddCircleFilled(c, r, ImGui::GetColorU32(pal.selectedBorder));
      dl->AddLine(ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.4f), IM_COL32_WHITE, r * 0.25f);
      dl->AddLine(ImVec2(c.x - r * 0.1f, c.y + r * 0.4f), ImVec2(c.x + r * 0.5f, c.y - r * 0.4f), IM_COL32_WHITE, r * 0.25f);
    }
    if (pressed) {
      chosen = p.id;
      picked = true;
      ui.toggleReading("pic-" + p.id, p.name_vi);
    }
  }
  moreBelowCue();
  ImGui::EndChild();
  return picked;
}

int monthChoice() {
  // Twelve large buttons: six to a row when the labels fit (two rows),
  // else four or three, taller than usual buttons.
  const ImGuiStyle& st = ImGui::GetStyle();
  std::string labels[12];
  float widest = 0.0f;
  for (int m = 0; m < 12; ++m) {
    std::string buf = fmt::sprintf(tr("Month %d"), m + 1);
    labels[m] = std::string(buf) + "###month-" + std::to_string(m + 1);
    widest = std::max(widest, ImGui::CalcTextSize(buf.c_str()).x + st.FramePadding.x * 4);
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  int cols = 6;
  while (cols > 2 && (avail - st.ItemSpacing.x * static_cast<float>(cols - 1)) / static_cast<float>(cols) < widest)
    cols = cols == 6 ? 4 : cols - 1;
  const float w = (avail - st.ItemSpacing.x * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  // Taller than usual when there is room; all rows in view when there is not.
  const int rows = (12 + cols - 1) / cols;
  const float fit = (ImGui::GetContentRegionAvail().y - st.ItemSpacing.y * static_cast<float>(rows)) / static_cast<float>(rows);
  const float h = std::max(buttonHeight(), std::min(buttonHeight() * 1.4f, fit));
  const Palette& pal = palette();
  int pressed = 0;
  ImGui::PushStyleColor(ImGuiCol_Button, pal.secondary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, pal.secondaryHover);
  ImGui::PushStyleColor(ImGuiCol_Text, pal.secondaryText);
  for (int m = 0; m < 12; ++m) {
    if (m % cols != 0) ImGui::SameLine();
    if (ImGui::Button(labels[m].c_str(), ImVec2(w, h))) pressed = m + 1;
    auto [text, id] = splitLabel(labels[m].c_str());
    widgetProbe().noteLastItem(text, id, true);
  }
  ImGui::PopStyleColor(3);
  return pressed;
}

int monthQuestion(const std::string& error, const char* why) {
  // The buttons first (the main action), then why it is asked.
  if (!error.empty()) errorText(error.c_str());
  const int m = monthChoice();
  ImGui::Spacing();
  wrappedText(why);
  moreBelowCue();
  return m;
}

Next SignInScreenBase::signedIn(UiSession& session, const app::SignInOutcome& outcome) {
  session.learner = outcome.learner;
  return Next::to(makeHomeScreen());
}

std::string SignInScreenBase::refusal(const app::SignInOutcome& outcome, const char* mismatch, const char* cannot_tell) {
  switch (outcome.status) {
    case app::SignInStatus::SignedIn:
    case app::SignInStatus::NeedsHint: return {};
    case app::SignInStatus::WrongCredentials:
      return outcome.retry_after_ms > 0 ? lockedOutMessage(outcome.retry_after_ms) : mismatch;
    case app::SignInStatus::Locked: return lockedOutMessage(outcome.retry_after_ms);
    case app::SignInStatus::NeedsHelp: return cannot_tell;
  }
  return {};
}

std::string lockedOutMessage(long long retry_after_ms) {
  std::string line;
  const long long minutes = (retry_after_ms + 59999) / 60000;
  line = fmt::sprintf(tr("Too many wrong tries. To keep your account safe, please wait %lld minute(s) and try again, or ask the class helper."),
                minutes);
  return line;
}

}  // namespace hocso::ui
