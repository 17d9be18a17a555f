// The frame every screen shares and the few widgets they all use: large
// buttons (≥ 48 px), wrapped text, messages.
#include <imgui.h>

#include "i18n.hpp"
#include "probe.hpp"
#include "screen.hpp"

namespace hocso::ui {

void Screen::draw(UiContext& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##screen", nullptr, flags);
  // Header: app name on the left, the learner's name on the right.
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextColored(ImVec4(0.05f, 0.35f, 0.65f, 1.0f), "%s", tr("HocSo — digital skills"));
  ImGui::PopFont();
  if (ui.session.learner) {
    const std::string who = ui.session.learner->full_name;
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(who.c_str()).x - ImGui::GetStyle().WindowPadding.x);
    ImGui::TextUnformatted(who.c_str());
    probe().noteLastItem(who, "learner", false);
  }
  ImGui::Separator();
  ImGui::Spacing();
  ImGui::BeginChild("##content", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  drawContent(ui);
  ImGui::EndChild();
  ImGui::End();
}

bool bigButton(const char* label, float width, bool primary) {
  const float h = std::max(48.0f, ImGui::GetFontSize() * 2.2f);
  if (!primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.88f, 0.90f, 0.93f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.80f, 0.84f, 0.90f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.10f, 0.12f, 0.16f, 1.0f));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 1.0f, 1.0f, 1.0f));
  }
  const bool pressed = ImGui::Button(label, ImVec2(width, h));
  ImGui::PopStyleColor(primary ? 1 : 3);
  auto [text, id] = splitLabel(label);
  probe().noteLastItem(text, id, true);
  return pressed;
}

void wrappedText(const std::string& text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  probe().noteLastItem(text, "", false);
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}

void centeredText(const char* text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  const float w = ImGui::CalcTextSize(text).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) * 0.5f);
  ImGui::TextUnformatted(text);
  probe().noteLastItem(text, "", false);
  if (font) ImGui::PopFont();
}

void errorText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.05f, 0.05f, 1.0f));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  probe().noteLastItem(text, "", false);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace hocso::ui
