// Keyboard widgets: every key is a ≥ 48 px button with a script id "key-…".
#include "keyboard.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "i18n.hpp"
#include "probe.hpp"
#include "widget_context.hpp"
#include "screen.hpp"
#include "theme.hpp"

namespace hocso::ui {
namespace {

// Keys grow with the text but never past a share of the window's height:
// 7.5% for the one-row digit pad, 6.25% (48 px on a 768-px screen) for the
// four rows of the letter keyboard, so at 200% text the whole keyboard, the
// field above it and the question of a registration page still fit on
// screen; their labels shrink with them (KeyScale).
constexpr float kDigitKeyCap = 0.075f, kLetterKeyCap = 0.0625f;
// The height of a key of a keyboard capped at `cap` of the window's height.
float keyHeight(float cap) {
  return std::max(kTouchTarget, std::min(ImGui::GetFontSize() * 1.9f, ImGui::GetMainViewport()->WorkSize.y * cap));
}

// While alive, text is drawn at the size the keys capped at `cap` allow;
// key() takes the same cap from it.
struct KeyScale {
  explicit KeyScale(float keyCap) : cap(keyCap) {
    const float natural = ImGui::GetFontSize() * 1.9f;
    const float h = keyHeight(cap);
    if (h < natural) ImGui::SetWindowFontScale(std::max(0.6f, h / natural));
  }
  ~KeyScale() { ImGui::SetWindowFontScale(1.0f); }
  KeyScale(const KeyScale&) = delete;
  KeyScale& operator=(const KeyScale&) = delete;
  const float cap;
};

bool key(const KeyScale& scale, const char* label, const std::string& id, float width, bool highlighted = false) {
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_Button, highlighted ? p.choiceSelected : p.secondary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.secondaryHover);
  ImGui::PushStyleColor(ImGuiCol_Text, p.secondaryText);
  const std::string full = std::string(label) + "###key-" + id;
  const bool pressed = ImGui::Button(full.c_str(), ImVec2(width, keyHeight(scale.cap)));
  ImGui::PopStyleColor(3);
  widgetProbe().noteLastItem(label, "key-" + id, true);
  return pressed;
}

}  // namespace

bool fieldBox(const char* id, const std::string& text, bool active, float width) {
  const Palette& p = palette();
  // Twice the text's height, but at large text no taller than a tenth of the
  // window (and never tighter than 1.4 lines) so the keyboard keeps its room.
  const float font = ImGui::GetFontSize();
  const float h = std::max(kTouchTarget, std::min(font * 2.0f, std::max(font * 1.4f, ImGui::GetMainViewport()->WorkSize.y * 0.1f)));
  ImGui::PushStyleColor(ImGuiCol_Button, highContrast() ? p.background : ImVec4(1, 1, 1, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, highContrast() ? p.background : ImVec4(1, 1, 1, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, highContrast() ? p.background : ImVec4(1, 1, 1, 1));
  ImGui::PushStyleColor(ImGuiCol_Border, active ? p.focus : p.border);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, active ? 3.0f : 1.5f);
  const bool pressed = ImGui::Button((std::string("##") + id).c_str(), ImVec2(width, h));
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
  widgetProbe().noteLastItem(text, id, true);
  const ImVec2 min = ImGui::GetItemRectMin();
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float ty = min.y + (h - ImGui::GetFontSize()) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, ImGui::GetItemRectMax(), true);
  dl->AddText(ImVec2(min.x + pad, ty), ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
  if (active) {  // a steady caret (no blinking: nothing redraws while idle)
    const float x = min.x + pad + ImGui::CalcTextSize(text.c_str()).x + 2;
    dl->AddLine(ImVec2(x, ty), ImVec2(x, ty + ImGui::GetFontSize()), ImGui::GetColorU32(ImGuiCol_Text), 2.0f);
  }
  dl->PopClipRect();
  return pressed;
}

void takePhysicalTyping(input::Composer& composer) {
  ImGuiIO& io = ImGui::GetIO();
  std::string direct;  // characters from a real Vietnamese input method, kept as typed
  for (ImWchar c : io.InputQueueCharacters) {
    if (c < 0x80) {
      if (!direct.empty()) {
        composer.setText(composer.text() + direct);
        direct.clear();
      }
      if (c >= 0x20) composer.key(static_cast<char>(c));
    } else {
      char buf[5] = {0};
      ImTextCharToUtf8(buf, c);
      direct += buf;
    }
  }
  if (!direct.empty()) composer.setText(composer.text() + direct);
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) composer.backspace();
}

void takePhysicalDigits(std::string& digits, size_t maxLength) {
  ImGuiIO& io = ImGui::GetIO();
  for (ImWchar c : io.InputQueueCharacters)
    if (c >= '0' && c <= '9' && digits.size() < maxLength) digits += static_cast<char>(c);
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !digits.empty()) digits.pop_back();
}

void letterKeyboard(input::Composer& composer, bool& shift) {
  static const char* rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  KeyScale scaled(kLetterKeyCap);
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = std::floor((avail - spacing * 9) / 10.0f);
  // Rows close together at large text (the keys keep their height).
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, std::min(spacing, 8.0f)));
  const bool telex = composer.method() == input::Method::Telex;
  if (!telex) {
    // Marks typed with numbers (VNI): a row of digit keys above the letters,
    // as on a real keyboard, each as big as a letter key.
    for (char d : std::string("1234567890")) {
      const char label[2] = {d, 0};
      if (d != '1') ImGui::SameLine();
      if (key(scaled, label, std::string(1, d), w)) composer.key(d);
    }
  }
  for (int r = 0; r < 3; ++r) {
    const std::string row = rows[r];
    const float indent = (avail - (w * static_cast<float>(row.size()) + spacing * static_cast<float>(row.size() - 1))) * 0.5f;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      const char c = shift ? static_cast<char>(row[i] - 'a' + 'A') : row[i];
      const char label[2] = {c, 0};
      if (key(scaled, label, std::string(1, row[i]), w)) {
        composer.key(c);
        shift = false;
      }
    }
  }
  if (key(scaled, tr("Shift"), "shift", w * 1.5f, shift)) shift = !shift;
  ImGui::SameLine();
  // How the accent marks are typed, in plain words rather than "Telex" or
  // "VNI": with letters (s for sắc, f for huyền…) or with numbers (1, 2…).
  // Tapping switches; the label says the way in use.
  const char* method = telex ? tr("Marks with letters") : tr("Marks with numbers");
  const float methodW = std::max(w * 2.5f, ImGui::CalcTextSize(method).x + ImGui::GetStyle().FramePadding.x * 2);
  if (key(scaled, method, "method", methodW)) composer.setMethod(telex ? input::Method::Vni : input::Method::Telex);
  ImGui::SameLine();
  const float rest = ImGui::GetContentRegionAvail().x - w * 1.5f - spacing;
  if (key(scaled, tr("Space"), "space", std::max(w, rest))) composer.key(' ');
  ImGui::SameLine();
  if (key(scaled, tr("Delete"), "backspace", w * 1.5f)) composer.backspace();
  ImGui::PopStyleVar();
}

void digitPad(std::string& digits, size_t maxLength) {
  KeyScale scaled(kDigitKeyCap);
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  // Ten digits and a wider delete key on one row, whatever the text size.
  const float fit = (ImGui::GetContentRegionAvail().x - spacing * 10) / 11.5f;
  const float w = std::max(kTouchTarget, std::min(ImGui::GetFontSize() * 3.0f, fit));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  for (char d : std::string("1234567890")) {
    const char label[2] = {d, 0};
    if (d != '1') ImGui::SameLine();
    if (key(scaled, label, std::string(1, d), w) && digits.size() < maxLength) digits += d;
  }
  ImGui::SameLine();
  if (key(scaled, tr("Delete"), "backspace", w * 1.5f) && !digits.empty()) digits.pop_back();
  ImGui::PopStyleVar();
}

}  // namespace hocso::ui
