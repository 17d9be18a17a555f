// QuestionView: the answer widgets of every question type (moved here from
// the practice quiz so the exam draws questions the same way).
#include "question_view.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <fmt/printf.h>
#include <algorithm>
#include <cfloat>

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
  match_ = MatchingPairs(q.pairs.size());
  matchOrder_ = matchingDisplayOrder(q.pairs.size(), q.id);
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
      if (r.size() == match_.size()) match_.load(r);
      break;
    default:
      choice_ = r.front();
  }
}

bool QuestionView::answered() const {
  switch (type_) {
    case QuestionType::Multiple: return std::find(multi_.begin(), multi_.end(), true) != multi_.end();
    case QuestionType::Ordering: return true;
    case QuestionType::Matching: return match_.complete();
    default: return choice_ >= 0;
  }
}

bool QuestionView::started() const {
  switch (type_) {
    case QuestionType::Matching: return match_.any();
    case QuestionType::Ordering: return touched_;
    default: return answered();
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
    case QuestionType::Matching: return match_.response();
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
      // The left items, then the right ones in the order they are shown.
      for (const auto& p : q.pairs) add(p.left);
      s += "\n" + std::string(tr("On the right:"));
      n = 0;
      for (int j : matchingDisplayOrder(q.pairs.size(), q.id)) add(q.pairs[static_cast<size_t>(j)].right);
      break;
    case QuestionType::Scenario:
      if (!q.screen_title.empty()) s += "\n" + q.screen_title + ".";
      for (const auto& t : q.targets) add(t.text);
      break;
  }
  return s;
}

// An answer's button: its colour says chosen, right or wrong; once the
// answers are revealed it no longer reacts (nor changes colour on hover).
bool QuestionView::answerButton(const char* id, ImVec2 size, bool chosen, float borderSize, const ImVec4& border,
                                Verdict verdict) {
  const Palette& p = palette();
  ImVec4 bg = chosen ? p.choiceSelected : p.choice;
  if (verdict == Verdict::Right) bg = p.rightBg;
  if (verdict == Verdict::WrongChoice) bg = p.wrongBg;
  ImGui::PushStyleColor(ImGuiCol_Button, bg);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, revealed_ ? bg : p.choiceHover);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, revealed_ ? bg : p.choiceSelected);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, borderSize);
  ImGui::PushStyleColor(ImGuiCol_Border, border);
  const bool pressed = ImGui::Button(id, size) && !revealed_;
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar();
  return pressed;
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
  const bool pressed = answerButton("##choice", ImVec2(-1.0f, h), selected, selected ? 3.0f : 1.0f,
                                    selected ? p.selectedBorder : p.border, verdict);
  platform_->probe.noteLastItem(tag.empty() ? text : text + " — " + tag, "choice" + std::to_string(id), true);
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

void QuestionView::draw(Platform& platform, const content::Question& q, bool revealed, const content::Pack& pack) {
  platform_ = &platform;
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
        platform_->probe.noteLastItem("▲", "up" + std::to_string(pos), true);
        ImGui::SameLine();
        if (ImGui::ArrowButtonEx("##down", ImGuiDir_Down, ImVec2(b, b)) && pos + 1 < order_.size() && !revealed_)
          { std::swap(order_[pos], order_[pos + 1]); touched_ = true; }
        platform_->probe.noteLastItem("▼", "down" + std::to_string(pos), true);
        ImGui::SameLine();
        ImGui::Text("%d. %s", static_cast<int>(pos + 1), q.items[static_cast<size_t>(order_[pos])].c_str());
        platform_->probe.noteLastItem(q.items[static_cast<size_t>(order_[pos])], "item" + std::to_string(pos), false);
        ImGui::PopID();
      }
      break;
    case QuestionType::Matching:
      drawMatching(q);
      break;
  }
}

namespace {

// Each pair has its own number, shape and colour, so two paired items are
// found by any one of them (the number is also said in words on the right).
ImVec4 pairColour(int pair) {
  static const ImVec4 light[] = {ImVec4(0.05f, 0.40f, 0.75f, 1), ImVec4(0.00f, 0.45f, 0.40f, 1),
                                 ImVec4(0.45f, 0.22f, 0.68f, 1), ImVec4(0.58f, 0.33f, 0.05f, 1),
                                 ImVec4(0.68f, 0.10f, 0.42f, 1), ImVec4(0.25f, 0.28f, 0.36f, 1)};
  static const ImVec4 contrast[] = {ImVec4(1, 1, 0, 1), ImVec4(0, 1, 1, 1), ImVec4(1, 0.5f, 1, 1),
                                    ImVec4(0.5f, 1, 0.3f, 1), ImVec4(1, 0.67f, 0, 1), ImVec4(1, 1, 1, 1)};
  return (highContrast() ? contrast : light)[pair % 6];
}

// The badge of pair `pair` (0-based) centred on `c`: circle, square,
// diamond, triangle, hexagon, pentagon, filled or outlined, with the
// pair's number inside.
void pairBadge(ImDrawList* dl, ImVec2 c, float r, int pair, bool filled) {
  const ImU32 col = ImGui::GetColorU32(filled ? pairColour(pair) : palette().textMuted);
  const float w = std::max(2.0f, r * 0.14f);
  switch (pair % 6) {
    case 0:
      if (filled) dl->AddCircleFilled(c, r, col, 24);
      else dl->AddCircle(c, r, col, 24, w);
      break;
    case 1: {
      const float k = r * 0.88f;
      if (filled) dl->AddRectFilled(ImVec2(c.x - k, c.y - k), ImVec2(c.x + k, c.y + k), col);
      else dl->AddRect(ImVec2(c.x - k, c.y - k), ImVec2(c.x + k, c.y + k), col, 0.0f, 0, w);
      break;
    }
    case 3: {
      const ImVec2 a(c.x, c.y - r * 1.1f), b(c.x + r * 1.1f, c.y + r * 0.8f), d(c.x - r * 1.1f, c.y + r * 0.8f);
      if (filled) dl->AddTriangleFilled(a, b, d, col);
      else dl->AddTriangle(a, b, d, col, w);
      break;
    }
    default: {
      const int sides = pair % 6 == 2 ? 4 : pair % 6 == 4 ? 6 : 5;
      const float rr = sides == 4 ? r * 1.15f : r * 1.05f;
      if (filled) dl->AddNgonFilled(c, rr, col, sides);
      else dl->AddNgon(c, rr, col, sides, w);
    }
  }
  const std::string num = std::to_string(pair + 1);
  ImFont* bold = boldFont();
  const float size = r * 1.25f;
  const ImVec2 ts = (bold ? bold : ImGui::GetFont())->CalcTextSizeA(size, FLT_MAX, 0.0f, num.c_str());
  const float dy = pair % 6 == 3 ? r * 0.12f : 0.0f;  // a triangle's middle is low
  const ImU32 ink = filled ? (highContrast() ? IM_COL32_BLACK : IM_COL32_WHITE) : ImGui::GetColorU32(palette().text);
  dl->AddText(bold, size, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f + dy), ink, num.c_str());
}

// Large text (about 150% and up, whatever the screen): a matching
// question's how-to line and each item's state take slightly smaller type,
// so the first row of items still shows under the question.
bool largeText() { return ImGui::GetFontSize() > ImGui::GetMainViewport()->Size.y * 0.05f; }
float tagScale() { return largeText() ? 0.85f : 1.0f; }
// What a matching item is doing ("Đã nối với ô số 1"), in bold.
ImFont* tagFont() { return boldFont() ? boldFont() : ImGui::GetFont(); }
ImVec2 tagSize(const std::string& tag, float wrap) {
  return tagFont()->CalcTextSizeA(ImGui::GetFontSize() * tagScale(), FLT_MAX, wrap, tag.c_str());
}

}  // namespace

float QuestionView::matchCellHeight(const std::string& text, const std::string& tag, float width) {
  const float fs = ImGui::GetFontSize();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const float wrap = width - pad.x * 3 - fs * 1.6f;
  const float textH = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y;
  const float tagH = tag.empty() ? 0.0f : tagSize(tag, wrap).y + pad.y * 0.5f;
  return std::max({kTouchTarget, fs * 1.8f, textH + tagH + pad.y * 1.2f});
}

// One item of a matching question: a big button with the pair's badge (or
// an empty slot), the item's text and, under it, what it is doing in words.
// `badge`: the pair's number - 1, filled when `paired`, outlined when not
// (a left item's own number); < 0: none (a right item with no pair yet). A
// waiting item has a thick frame.
bool QuestionView::matchCell(const std::string& text, const std::string& tag, int badge, bool paired, bool waiting,
                             Verdict verdict, const std::string& id, float width, float height) {
  ImGui::PushID(id.c_str());
  const float fs = ImGui::GetFontSize();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const float marker = fs * 1.6f;
  const float wrap = width - pad.x * 3 - marker;
  const Palette& p = palette();
  const bool pressed = answerButton("##match", ImVec2(width, height), waiting, waiting ? 4.0f : 1.0f,
                                    waiting ? p.focus : p.border, verdict);
  platform_->probe.noteLastItem(tag.empty() ? text : text + " — " + tag, id, true);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 c(min.x + pad.x + marker * 0.5f, min.y + height * 0.5f);
  if (badge >= 0 && paired) {
    // A stripe in the pair's colour down the left edge, and the badge.
    dl->AddRectFilled(min, ImVec2(min.x + std::max(6.0f, fs * 0.22f), min.y + height), ImGui::GetColorU32(pairColour(badge)));
    pairBadge(dl, c, marker * 0.45f, badge, true);
  } else if (badge >= 0) {
    pairBadge(dl, c, marker * 0.45f, badge, false);  // a left item's own number, outlined: no pair yet
  }
  const ImVec2 textSize = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  const float tagH = tag.empty() ? 0.0f : tagSize(tag, wrap).y + pad.y * 0.5f;
  const float textX = min.x + pad.x * 2 + marker;
  const float textY = min.y + (height - textSize.y - tagH) * 0.5f;
  dl->AddText(nullptr, 0.0f, ImVec2(textX, textY), ImGui::GetColorU32(ImGuiCol_Text), text.c_str(), nullptr, wrap);
  if (!tag.empty()) {
    ImVec4 col = p.selectedBorder;
    if (verdict == Verdict::Right) col = p.right;
    if (verdict == Verdict::WrongChoice) col = p.wrong;
    dl->AddText(tagFont(), fs * tagScale(), ImVec2(textX, textY + textSize.y + pad.y * 0.5f), ImGui::GetColorU32(col),
                tag.c_str(), nullptr, wrap);
  }
  ImGui::PopID();
  return pressed;
}

// A matching question, touch first: the left items in the pack's order, each
// with its number; the right items beside them in a fixed shuffle. Tap an
// item, then its partner on the other side; tap a paired item to undo the
// pair. Works the same with a mouse, a finger, or Tab and Enter (every item
// is a button). After a practice check each left item says whether its pair
// was right and, if not, what goes with it.
void QuestionView::drawMatching(const content::Question& q) {
  const size_t n = q.pairs.size();
  if (match_.size() != n) {
    match_ = MatchingPairs(n);
    matchOrder_ = matchingDisplayOrder(n, q.id);
  }
  {
    // The how-to in slightly smaller type at large text.
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const float scale = w->FontWindowScale;
    ImGui::SetWindowFontScale(scale * tagScale());
    wrappedText(revealed_ ? tr("Each number shows a pair you made.")
                          : tr("Tap an item on the left, then the item on the right that goes with it. To undo a "
                               "pair, tap it again."));
    ImGui::SetWindowFontScale(scale);
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = style.ItemSpacing.x * 2;
  // Two columns side by side; on a very narrow page the right items go under the left ones.
  const bool sideBySide = (avail - gap) * 0.5f >= fs * 6.0f;
  const MatchLayout m{matchTags(q), sideBySide ? (avail - gap) * 0.5f : avail, gap};
  if (sideBySide) {
    drawMatchingColumns(q, m, avail);
    return;
  }
  for (size_t i = 0; i < n; ++i) drawMatchLeft(q, m, i, matchCellHeight(q.pairs[i].left, m.tags.left[i], m.colW));
  ImGui::TextDisabled("%s", tr("On the right:"));
  for (size_t row = 0; row < n; ++row) {
    const size_t j = static_cast<size_t>(matchOrder_[row]);
    drawMatchRight(q, m, row, matchCellHeight(q.pairs[j].right, m.tags.right[j], m.colW));
  }
}

// What each matching item is doing, in words, and each left item's verdict once revealed.
QuestionView::MatchTags QuestionView::matchTags(const content::Question& q) const {
  using Side = MatchingPairs::Side;
  const size_t n = q.pairs.size();
  MatchTags t{std::vector<std::string>(n), std::vector<std::string>(n), std::vector<Verdict>(n, Verdict::None)};
  for (size_t i = 0; i < n; ++i) {
    const int li = static_cast<int>(i);
    const int r = match_.rightOf(li);
    if (revealed_) {
      if (r == li) {
        t.left[i] = tr("Right pair");
        t.verdict[i] = Verdict::Right;
      } else {
        t.left[i] = fmt::sprintf(tr("Not right. It goes with: %s"), q.pairs[i].right.c_str());
        t.verdict[i] = Verdict::WrongChoice;
      }
    } else if (match_.isWaiting(Side::Left, li)) {
      t.left[i] = tr("Chosen: now tap an item on the right");
    } else if (r >= 0) {
      t.left[i] = tr("Paired");
    }
    const int l = match_.leftOf(li);
    if (match_.isWaiting(Side::Right, li) && !revealed_) {
      t.right[i] = tr("Chosen: now tap an item on the left");
    } else if (l >= 0) {
      t.right[i] = fmt::sprintf(tr("Paired with number %d"), l + 1);
    }
  }
  return t;
}

void QuestionView::drawMatchLeft(const content::Question& q, const MatchLayout& m, size_t i, float h) {
  using Side = MatchingPairs::Side;
  const int li = static_cast<int>(i);
  // A left item always shows its number: filled once it has a pair.
  const std::string text = std::to_string(i + 1) + ". " + q.pairs[i].left;
  if (matchCell(text, m.tags.left[i], li, match_.rightOf(li) >= 0, match_.isWaiting(Side::Left, li), m.tags.verdict[i],
                "left" + std::to_string(i), m.colW, h)) {
    match_.tap(Side::Left, li);
    touched_ = true;
  }
}

void QuestionView::drawMatchRight(const content::Question& q, const MatchLayout& m, size_t row, float h) {
  using Side = MatchingPairs::Side;
  const int j = matchOrder_[row];
  const size_t ju = static_cast<size_t>(j);
  if (matchCell(q.pairs[ju].right, m.tags.right[ju], match_.leftOf(j), match_.leftOf(j) >= 0,
                match_.isWaiting(Side::Right, j), Verdict::None, "right" + std::to_string(j), m.colW, h)) {
    match_.tap(Side::Right, j);
    touched_ = true;
  }
}

// Rows of equal height; the left column is drawn first, then the right
// one, so Tab goes down the left items and then down the right ones.
// Between the columns: a line from each left item to its partner's row.
void QuestionView::drawMatchingColumns(const content::Question& q, const MatchLayout& m, float avail) {
  const size_t n = q.pairs.size();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  std::vector<float> rowH(n);
  for (size_t row = 0; row < n; ++row) {
    const size_t j = static_cast<size_t>(matchOrder_[row]);
    rowH[row] = std::max(matchCellHeight(std::to_string(row + 1) + ". " + q.pairs[row].left, m.tags.left[row], m.colW),
                         matchCellHeight(q.pairs[j].right, m.tags.right[j], m.colW));
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int col = 0; col < 2; ++col) {
    float y = origin.y;
    for (size_t row = 0; row < n; ++row) {
      ImGui::SetCursorScreenPos(ImVec2(origin.x + (col == 0 ? 0.0f : m.colW + m.gap), y));
      if (col == 0) drawMatchLeft(q, m, row, rowH[row]);
      else drawMatchRight(q, m, row, rowH[row]);
      y += rowH[row] + style.ItemSpacing.y;
    }
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  std::vector<float> mid(n);
  float y = origin.y;
  for (size_t row = 0; row < n; ++row) {
    mid[row] = y + rowH[row] * 0.5f;
    y += rowH[row] + style.ItemSpacing.y;
  }
  for (size_t i = 0; i < n; ++i) {
    const int r = match_.rightOf(static_cast<int>(i));
    if (r < 0) continue;
    const size_t row = static_cast<size_t>(std::find(matchOrder_.begin(), matchOrder_.end(), r) - matchOrder_.begin());
    dl->AddLine(ImVec2(origin.x + m.colW, mid[i]), ImVec2(origin.x + m.colW + m.gap, mid[row]),
                ImGui::GetColorU32(pairColour(static_cast<int>(i))), std::max(3.0f, fs * 0.12f));
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, y - style.ItemSpacing.y));
  ImGui::Dummy(ImVec2(avail, 0.0f));
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
    platform_->probe.noteLastItem(t.text, "target" + std::to_string(i), true);
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
  platform_->probe.noteLastItem(tr("Tap the right part of the picture."), "", false);
  const Picture& pic = platform_->pictures.get(pack, q.image);
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
    platform_->probe.noteLastItem(t.text, "target" + std::to_string(i), true);
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
