// QuestionView: the answer widgets of every question type (moved here from
// the practice quiz so the exam draws questions the same way).
#include "question_view.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "i18n.hpp"
#include "pictures.hpp"
#include "probe.hpp"
#include "screen.hpp"
#include "tap_areas.hpp"
#include "theme.hpp"

namespace hocso::ui {

using content::QuestionType;

void QuestionView::reset(const content::Question& q, const std::optional<assessment::Response>& prior) {
  type_ = q.type;
  revealed_ = false;
  choice_ = -1;
  multi_.assign(q.options.size(), false);
  order_.clear();
  // Ordering starts reversed so the correct order is never the starting one.
  for (size_t i = q.items.size(); i-- > 0;) order_.push_back(static_cast<int>(i));
  match_.assign(q.pairs.size(), -1);
  touched_ = false;
  if (!prior || prior->empty()) return;
  touched_ = true;
  const auto& r = *prior;
  switch (q.type) {
    case QuestionType::Multiple:
      for (int i : r)
        if (i >= 0 && static_cast<size_t>(i) < multi_.size()) multi_[static_cast<size_t>(i)] = true;
      break;
    case QuestionType::Ordering:
      if (r.size() == order_.size()) order_ = r;
      break;
    case QuestionType::Matching:
      if (r.size() == match_.size()) match_ = r;
      break;
    default:
      choice_ = r.front();
  }
}

bool QuestionView::answered() const {
  switch (type_) {
    case QuestionType::Multiple: return std::find(multi_.begin(), multi_.end(), true) != multi_.end();
    case QuestionType::Ordering: return true;
    case QuestionType::Matching: return std::find(match_.begin(), match_.end(), -1) == match_.end();
    default: return choice_ >= 0;
  }
}

assessment::Response QuestionView::response() const {
  switch (type_) {
    case QuestionType::Multiple: {
      assessment::Response r;
      for (size_t i = 0; i < multi_.size(); ++i)
        if (multi_[i]) r.push_back(static_cast<int>(i));
      return r;
    }
    case QuestionType::Ordering: return order_;
    case QuestionType::Matching: return match_;
    default: return {choice_};
  }
}

std::string QuestionView::spokenText(const content::Question& q) {
  std::string s = q.prompt;
  int n = 0;
  auto add = [&](const std::string& t) { s += "\n" + std::to_string(++n) + ". " + t + "."; };
  switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
      for (const auto& o : q.options) add(o.text);
      break;
    case QuestionType::TrueFalse:
      add(tr("True"));
      add(tr("False"));
      break;
    case QuestionType::Ordering:
      for (const auto& i : q.items) add(i);
      break;
    case QuestionType::Matching:
      for (const auto& p : q.pairs) add(p.left);
      break;
    case QuestionType::Scenario:
      if (!q.screen_title.empty()) s += "\n" + q.screen_title + ".";
      for (const auto& t : q.targets) add(t.text);
      break;
  }
  return s;
}

// An answer option: a large button with a round (one answer) or square
// (several answers) marker. After checking, the verdict is said in words and
// in shape, not only in colour: a right option turns green with a tick and
// "Đáp án đúng", a wrong choice orange with a cross and "Bạn đã chọn" (so a
// "Đúng" option under "Chưa đúng" is not confusing), and a right option the
// learner picked says both.
bool QuestionView::choiceButton(const std::string& text, bool selected, int id, bool square, Verdict verdict) {
  ImGui::PushID(id);
  const float fs = ImGui::GetFontSize();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const float marker = fs * 1.1f;
  const float wrap = ImGui::GetContentRegionAvail().x - pad.x * 3 - marker;
  const ImVec2 textSize = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  std::string tag;
  if (verdict == Verdict::Right) tag = selected ? tr("Right answer · you chose it") : tr("Right answer");
  if (verdict == Verdict::WrongChoice) tag = tr("You chose this");
  const float tagH = tag.empty() ? 0.0f : ImGui::CalcTextSize(tag.c_str(), nullptr, false, wrap).y + pad.y * 0.5f;
  const float h = std::max({kTouchTarget, fs * 2.2f, textSize.y + tagH + pad.y * 2});
  const Palette& p = palette();
  ImVec4 bg = selected ? p.choiceSelected : p.choice;
  if (verdict == Verdict::Right) bg = p.rightBg;
  if (verdict == Verdict::WrongChoice) bg = p.wrongBg;
  ImGui::PushStyleColor(ImGuiCol_Button, bg);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, revealed_ ? bg : p.choiceHover);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, revealed_ ? bg : p.choiceSelected);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, selected ? 3.0f : 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Border, selected ? p.selectedBorder : p.border);
  const bool pressed = ImGui::Button("##choice", ImVec2(-1.0f, h)) && !revealed_;
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar();
  probe().noteLastItem(tag.empty() ? text : text + " — " + tag, "choice" + std::to_string(id), true);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 c(min.x + pad.x + marker * 0.5f, min.y + h * 0.5f);
  const ImU32 ink = ImGui::GetColorU32(p.selectedBorder);
  const float r = marker * 0.42f;
  if (verdict == Verdict::Right) {
    // A filled disc with a white tick.
    dl->AddCircleFilled(c, r, ImGui::GetColorU32(p.right), 24);
    const ImVec2 tick[] = {ImVec2(c.x - r * 0.5f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.42f),
                           ImVec2(c.x + r * 0.55f, c.y - r * 0.45f)};
    dl->AddPolyline(tick, 3, IM_COL32_WHITE, 0, std::max(2.5f, fs * 0.12f));
  } else if (verdict == Verdict::WrongChoice) {
    // A filled disc with a white cross.
    dl->AddCircleFilled(c, r, ImGui::GetColorU32(p.wrong), 24);
    const float k = r * 0.45f, w = std::max(2.5f, fs * 0.12f);
    dl->AddLine(ImVec2(c.x - k, c.y - k), ImVec2(c.x + k, c.y + k), IM_COL32_WHITE, w);
    dl->AddLine(ImVec2(c.x - k, c.y + k), ImVec2(c.x + k, c.y - k), IM_COL32_WHITE, w);
  } else if (square) {
    dl->AddRect(ImVec2(c.x - marker * 0.4f, c.y - marker * 0.4f), ImVec2(c.x + marker * 0.4f, c.y + marker * 0.4f), ink,
                3.0f, 0, 2.5f);
  } else {
    dl->AddCircle(c, r, ink, 24, 2.5f);
  }
  if (selected && verdict == Verdict::None) {
    const ImVec2 pts[] = {ImVec2(c.x - marker * 0.25f, c.y), ImVec2(c.x - marker * 0.05f, c.y + marker * 0.22f),
                          ImVec2(c.x + marker * 0.3f, c.y - marker * 0.25f)};
    dl->AddPolyline(pts, 3, ink, 0, 3.5f);
  }
  const float textX = min.x + pad.x * 2 + marker;
  const float textY = min.y + (h - textSize.y - tagH) * 0.5f;
  dl->AddText(nullptr, 0.0f, ImVec2(textX, textY), ImGui::GetColorU32(ImGuiCol_Text), text.c_str(), nullptr, wrap);
  if (!tag.empty()) {
    // The verdict in words, bold, in the verdict's own (dark, readable) colour.
    ImFont* bold = boldFont();
    const ImVec4 col = verdict == Verdict::Right ? p.right : p.wrong;
    dl->AddText(bold, fs, ImVec2(textX, textY + textSize.y + pad.y * 0.5f), ImGui::GetColorU32(col), tag.c_str(),
                nullptr, wrap);
  }
  ImGui::PopID();
  return pressed;
}

QuestionView::Verdict QuestionView::verdictFor(bool correct, bool chosen) const {
  if (!revealed_) return Verdict::None;
  if (correct) return Verdict::Right;
  return chosen ? Verdict::WrongChoice : Verdict::None;
}

void QuestionView::draw(const content::Question& q, bool revealed, const content::Pack& pack) {
  type_ = q.type;
  revealed_ = revealed;
  switch (q.type) {
    case QuestionType::Single:
      for (size_t i = 0; i < q.options.size(); ++i) {
        const bool chosen = choice_ == static_cast<int>(i);
        if (choiceButton(q.options[i].text, chosen, static_cast<int>(i), false, verdictFor(q.options[i].correct, chosen)))
          { choice_ = static_cast<int>(i); touched_ = true; }
      }
      break;
    case QuestionType::Multiple:
      ImGui::TextDisabled("%s", tr("Choose every answer that is right."));
      for (size_t i = 0; i < q.options.size(); ++i)
        if (choiceButton(q.options[i].text, multi_[i], static_cast<int>(i), true, verdictFor(q.options[i].correct, multi_[i])))
          { multi_[i] = !multi_[i]; touched_ = true; }
      break;
    case QuestionType::TrueFalse:
      if (choiceButton(tr("True"), choice_ == 1, 1, false, verdictFor(q.answer, choice_ == 1))) { choice_ = 1; touched_ = true; }
      if (choiceButton(tr("False"), choice_ == 0, 0, false, verdictFor(!q.answer, choice_ == 0))) { choice_ = 0; touched_ = true; }
      break;
    case QuestionType::Scenario:
      if (!q.image.empty()) drawPictureScenario(q, pack);
    else drawScenario(q);
      break;
    case QuestionType::Ordering:
      ImGui::TextDisabled("%s", tr("Use the arrows to put the steps in the right order."));
      for (size_t pos = 0; pos < order_.size(); ++pos) {
        ImGui::PushID(static_cast<int>(pos));
        const float b = buttonHeight();
        if (ImGui::ArrowButtonEx("##up", ImGuiDir_Up, ImVec2(b, b)) && pos > 0 && !revealed_)
          { std::swap(order_[pos], order_[pos - 1]); touched_ = true; }
        probe().noteLastItem("▲", "up" + std::to_string(pos), true);
        ImGui::SameLine();
        if (ImGui::ArrowButtonEx("##down", ImGuiDir_Down, ImVec2(b, b)) && pos + 1 < order_.size() && !revealed_)
          { std::swap(order_[pos], order_[pos + 1]); touched_ = true; }
        probe().noteLastItem("▼", "down" + std::to_string(pos), true);
        ImGui::SameLine();
        ImGui::Text("%d. %s", static_cast<int>(pos + 1), q.items[static_cast<size_t>(order_[pos])].c_str());
        probe().noteLastItem(q.items[static_cast<size_t>(order_[pos])], "item" + std::to_string(pos), false);
        ImGui::PopID();
      }
      break;
    case QuestionType::Matching:
      ImGui::TextDisabled("%s", tr("For each item on the left, choose what goes with it."));
      for (size_t i = 0; i < q.pairs.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextUnformatted(q.pairs[i].left.c_str());
        ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.45f);
        ImGui::SetNextItemWidth(-1);
        const char* preview = match_[i] < 0 ? tr("Choose…") : q.pairs[static_cast<size_t>(match_[i])].right.c_str();
        const bool open = ImGui::BeginCombo("##m", preview, ImGuiComboFlags_HeightLarge);
        probe().noteLastItem(preview, "match" + std::to_string(i), true);
        if (open) {
          // Rights are listed in a fixed shuffled order (rotated by one).
          for (size_t k = 0; k < q.pairs.size(); ++k) {
            const size_t j = (k + 1) % q.pairs.size();
            if (ImGui::Selectable(q.pairs[j].right.c_str(), match_[i] == static_cast<int>(j)) && !revealed_)
              { match_[i] = static_cast<int>(j); touched_ = true; }
            probe().noteLastItem(q.pairs[j].right, "", true);
          }
          ImGui::EndCombo();
        }
        ImGui::PopID();
      }
      break;
  }
}

// A drawn phone/computer mock-up: each element is a tappable button.
void QuestionView::drawScenario(const content::Question& q) {
  ImGui::TextDisabled("%s", tr("Tap the right part of the screen."));
  const float fs = ImGui::GetFontSize();
  const float width = std::min(ImGui::GetContentRegionAvail().x, (q.screen_kind == "computer" ? 40.0f : 22.0f) * fs);
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, p.mockupBg);
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, fs * 0.8f);
  ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 3.0f);
  ImGui::BeginChild("##mockup", ImVec2(width, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
  if (!q.screen_title.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, p.textMuted);
    centeredText(q.screen_title.c_str(), nullptr);
    ImGui::PopStyleColor();
    rule();
  }
  for (size_t i = 0; i < q.targets.size(); ++i) {
    const auto& t = q.targets[i];
    const bool selected = choice_ == static_cast<int>(i);
    ImGui::PushID(static_cast<int>(i));
    ImVec4 bg = p.choice, fg = p.text;
    if (t.type == "link") fg = p.mockupLink;
    if (t.type == "button") bg = p.mockupButton, fg = p.mockupButtonText;
    if (t.type == "bubble") bg = p.mockupBubble;
    if (t.type == "header") bg = p.mockupHeader;
    if (t.type == "image") bg = p.mockupImage;
    if (selected) bg = p.mockupSelected, fg = highContrast() ? p.text : ImVec4(0, 0, 0, 1);
    if (revealed_ && t.correct) bg = p.rightBg, fg = p.text;
    ImGui::PushStyleColor(ImGuiCol_Button, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(t.type == "button" ? 0.5f : 0.0f, 0.5f));
    // Wrap long element text by measuring it against the mock-up width.
    const float inner = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 2;
    const ImVec2 size = ImGui::CalcTextSize(t.text.c_str(), nullptr, false, inner);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
    if (ImGui::Button(("##el" + std::to_string(i)).c_str(),
                      ImVec2(-1, std::max(kTouchTarget, size.y + ImGui::GetStyle().FramePadding.y * 2))) && !revealed_) {
      { choice_ = static_cast<int>(i); touched_ = true; }
    }
    probe().noteLastItem(t.text, "target" + std::to_string(i), true);
    const ImVec2 min = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f,
                                        ImVec2(min.x + ImGui::GetStyle().FramePadding.x, min.y + ImGui::GetStyle().FramePadding.y),
                                        ImGui::GetColorU32(fg), t.text.c_str(), nullptr, inner);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

// A picture of a screen with tappable rectangles (0..1 picture coordinates):
// the chosen one gets a thick frame; after checking, the right one is green.
void QuestionView::drawPictureScenario(const content::Question& q, const content::Pack& pack) {
  ImGui::TextDisabled("%s", tr("Tap the right part of the picture."));
  probe().noteLastItem(tr("Tap the right part of the picture."), "", false);
  const Picture& pic = pictures().get(pack, q.image);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Fits the visible area, so every region can be tapped without scrolling.
  ImVec2 size = fitPicture(pic, ImVec2(avail.x, std::max(avail.y - ImGui::GetFontSize() * 2.5f, ImGui::GetFontSize() * 8.0f)), 2.0f);
  // Each region's tap area is grown to finger size (48 px) where the picture
  // has room; when a region is still too small the picture is drawn larger
  // (up to the full width; the page then scrolls) rather than leave a target
  // that a shaky finger cannot hit.
  std::vector<TapRect> regions;
  for (const auto& t : q.targets)
    regions.push_back({static_cast<float>(t.x), static_cast<float>(t.y), static_cast<float>(t.x + t.w),
                       static_cast<float>(t.y + t.h)});
  if (size.x > 0) {
    const float aspect = size.y / size.x;
    const float w = widthForTapAreas(regions, size.x, std::max(size.x, avail.x), aspect, kTouchTarget);
    size = ImVec2(w, w * aspect);
  }
  if (size.x <= 0) {
    // Without the picture the regions are still answerable by their labels.
    errorText(tr("The picture for this question could not be shown. Choose from the list below."));
    for (size_t i = 0; i < q.targets.size(); ++i)
      if (choiceButton(q.targets[i].text, choice_ == static_cast<int>(i), static_cast<int>(i), false,
                       verdictFor(q.targets[i].correct, choice_ == static_cast<int>(i)))) {
        choice_ = static_cast<int>(i);
        touched_ = true;
      }
    return;
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Image(reinterpret_cast<ImTextureID>(pic.texture), size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();
  const ImVec2 after = ImGui::GetCursorScreenPos();
  const std::vector<TapRect> hits = tapAreas(regions, size.x, size.y, kTouchTarget);
  for (size_t i = 0; i < q.targets.size(); ++i) {
    const auto& t = q.targets[i];
    const ImVec2 a(origin.x + static_cast<float>(t.x) * size.x, origin.y + static_cast<float>(t.y) * size.y);
    const ImVec2 b(a.x + static_cast<float>(t.w) * size.x, a.y + static_cast<float>(t.h) * size.y);
    const TapRect& hit = hits[i];
    ImGui::SetCursorScreenPos(ImVec2(origin.x + hit.x0, origin.y + hit.y0));
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::InvisibleButton("##region", ImVec2(std::max(hit.width(), 1.0f), std::max(hit.height(), 1.0f))) && !revealed_) {
      choice_ = static_cast<int>(i);
      touched_ = true;
    }
    ImGui::PopID();
    probe().noteLastItem(t.text, "target" + std::to_string(i), true);
    const bool selected = choice_ == static_cast<int>(i);
    // Frames sit just outside the region so they show on pictures whose
    // drawn edges match the region exactly.
    const float out = ImGui::GetFontSize() * 0.2f;
    const ImVec2 fa(a.x - out, a.y - out), fb(b.x + out, b.y + out);
    if (revealed_ && t.correct) {
      dl->AddRectFilled(a, b, ImGui::GetColorU32(ImVec4(p.right.x, p.right.y, p.right.z, 0.25f)), 6.0f);
      dl->AddRect(fa, fb, ImGui::GetColorU32(p.right), 6.0f, 0, 5.0f);
    } else if (selected) {
      dl->AddRect(fa, fb, ImGui::GetColorU32(revealed_ ? p.wrong : p.focus), 6.0f, 0, 5.0f);
    } else if (ImGui::IsItemHovered()) {
      dl->AddRect(fa, fb, ImGui::GetColorU32(p.focus), 6.0f, 0, 2.0f);
    }
  }
  ImGui::SetCursorScreenPos(after);
  if (choice_ >= 0 && static_cast<size_t>(choice_) < q.targets.size()) {
    const std::string chosen = std::string(tr("You chose:")) + " " + q.targets[static_cast<size_t>(choice_)].text;
    wrappedText(chosen);
  }
}

}  // namespace hocso::ui
