// The commune's named list: rows from kiosk.db (names decrypted here only),
// CSV for Excel and a landscape PDF.
#include "named_report.hpp"

#include "pdf_document.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <hpdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "assessment/learner_summary.hpp"
#include "assessment/records.hpp"
#include "base/database.hpp"
#include "base/files.hpp"
#include "base/time.hpp"
#include "name_search.hpp"
#include "usb_media.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

bool consentCoversNamedList(const assessment::Consent& c) {
  if (!c.withdrawn_at.empty()) return false;
  auto has = [](const std::vector<std::string>& v, const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  if (has(c.purposes, "commune_list")) return true;
  return has(c.purposes, "certification") && c.covers("certification_endpoint") && has(c.fields, "full_name");
}

std::string dmyDate(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  if (ymd.size() < 10 || std::sscanf(ymd.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return ymd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
  return buf;
}

Result<NamedList> buildNamedList(KioskContext& ctx, const assessment::ReportRange& range) {
  NamedList list;
  list.from = range.from;
  list.to = range.to;
  auto registered = assessment::learnersRegisteredBy(*ctx.db, range.to);
  if (!registered) return tl::unexpected(registered.error());
  assessment::LearnerRepository learners(*ctx.db, ctx.cipher);
  assessment::ConsentRepository consents(*ctx.db);
  assessment::LearnerSummaries summaries(*ctx.db);
  for (const auto& [id, registered_on] : *registered) {
    auto consent = consents.current(id);
    if (!consent) return tl::unexpected(consent.error());
    if (!*consent || !consentCoversNamedList(**consent)) {
      ++list.left_out;
      continue;
    }
    auto l = learners.find(id);
    if (!l) return tl::unexpected(l.error());
    auto s = summaries.of(id, range.from, range.to);
    if (!s) return tl::unexpected(s.error());
    NamedRow row;
    row.full_name = l->full_name;
    row.birth_year = l->birth_year;
    row.target_group_title = l->target_group;
    for (const auto& tg : ctx.pack.framework.target_groups)
      if (tg.code == l->target_group) row.target_group_title = tg.title;
    row.registered_on = registered_on;
    row.lessons_total = static_cast<int>(ctx.pack.lessons.size());
    row.days_present = s->days_present;
    row.last_seen = s->last_seen;
    row.lessons_completed = s->lessons_completed;
    row.exam_passed = s->exam_passed;
    if (s->exam_passed) {
      row.exam_percent = s->exam_scaled * 100.0;
      row.exam_date = s->exam_date;
    }
    row.certificate = s->certificate;
    list.rows.push_back(std::move(row));
  }
  std::stable_sort(list.rows.begin(), list.rows.end(), [](const NamedRow& a, const NamedRow& b) {
    return assessment::foldName(a.full_name) < assessment::foldName(b.full_name);
  });
  return list;
}

namespace {

const std::vector<std::string> kHeaders = {"STT", "Họ và tên", "Năm sinh", "Nhóm đối tượng", "Ngày đăng ký",
                                           "Số buổi đến học", "Lần học gần nhất", "Bài học đã xong",
                                           "Tỉ lệ bài học đã xong", "Kết quả kiểm tra", "Điểm kiểm tra",
                                           "Ngày kiểm tra", "Chứng nhận"};

std::string percentText(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", std::round(p));
  return buf;
}

std::vector<std::string> cells(const NamedRow& r, size_t n) {
  const double done = r.lessons_total > 0 ? 100.0 * r.lessons_completed / r.lessons_total : 0.0;
  return {std::to_string(n),
          r.full_name,
          std::to_string(r.birth_year),
          r.target_group_title,
          dmyDate(r.registered_on),
          std::to_string(r.days_present),
          dmyDate(r.last_seen),
          std::to_string(r.lessons_completed) + "/" + std::to_string(r.lessons_total),
          percentText(done),
          !r.exam_passed ? "Chưa kiểm tra" : *r.exam_passed ? "Đạt" : "Chưa đạt",
          r.exam_passed ? percentText(r.exam_percent) : "",
          dmyDate(r.exam_date),
          r.certificate ? "Có" : "Chưa có"};
}

std::string csvField(const std::string& s) {
  // Quoted when needed (RFC 4180); a leading = + - @ is kept as text so a
  // spreadsheet never runs it as a formula.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string namedListCsv(const NamedList& list) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel reads the accents right
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csvField(row[i]);
    out += "\r\n";
  };
  line(kHeaders);
  for (size_t i = 0; i < list.rows.size(); ++i) line(cells(list.rows[i], i + 1));
  return out;
}


namespace {

// The named list's landscape A4 pages: a title on the first, the column
// headers on each, then the rows.
class NamedListPages {
 public:
  NamedListPages(const PdfDocument& pdf, const NamedList& list, const std::string& site_name,
                 const std::string& generated_at)
      : pdf_(pdf), list_(list), site_name_(site_name), generated_at_(generated_at) {}

  void write() {
    newPage(true);
    for (size_t i = 0; i < list_.rows.size(); ++i) {
      if (y_ < 40) newPage(false);
      row(cells(list_.rows[i], i + 1), false);
    }
  }

 private:
  static constexpr float kLeft = 30;
  // The columns' shares of the width (the name gets the most).
  static constexpr float kWidths[] = {0.03f, 0.16f, 0.05f, 0.17f, 0.07f, 0.05f, 0.07f,
                                      0.055f, 0.05f, 0.07f, 0.05f, 0.07f, 0.06f};

  void text(HPDF_Font font, float size, float x, float at, const std::string& s, float room) {
    HPDF_Page_SetFontAndSize(page_, font, size);
    if (room > 0) {
      const float w = HPDF_Page_TextWidth(page_, s.c_str());
      if (w > room) HPDF_Page_SetFontAndSize(page_, font, std::max(6.5f, size * room / w));
    }
    HPDF_Page_BeginText(page_);
    HPDF_Page_TextOut(page_, x, at, s.c_str());
    HPDF_Page_EndText(page_);
  }

  // Headers on up to two lines.
  void headCell(const std::string& c, float x, float cw) {
    const auto sp = c.find(' ', c.size() / 2);
    if (c.size() > 14 && sp != std::string::npos) {
      text(pdf_.bold(), 8.5f, x, y_ + 2, c.substr(0, sp), cw - 4);
      text(pdf_.bold(), 8.5f, x, y_ - 9, c.substr(sp + 1), cw - 4);
    } else {
      text(pdf_.bold(), 8.5f, x, y_ - 3, c, cw - 4);
    }
  }

  // A cell too long for its column goes on two smaller lines (never below 8 pt).
  void bodyCell(const std::string& c, HPDF_Font font, float x, float cw) {
    HPDF_Page_SetFontAndSize(page_, font, 10);
    const auto sp = c.find(' ', c.size() / 2);
    if (HPDF_Page_TextWidth(page_, c.c_str()) > cw - 4 && sp != std::string::npos) {
      text(font, 8.5f, x, y_ + 3, c.substr(0, sp), cw - 4);
      text(font, 8.5f, x, y_ - 6, c.substr(sp + 1), cw - 4);
    } else {
      text(font, 10, x, y_, c, cw - 4);
    }
  }

  void row(const std::vector<std::string>& c, bool head) {
    const float rowH = head ? 30 : 22;
    float x = kLeft;
    const float span = W_ - 2 * kLeft;
    if (head) {
      HPDF_Page_SetRGBFill(page_, 0.90f, 0.93f, 0.97f);
      HPDF_Page_Rectangle(page_, kLeft - 3, y_ - rowH + 14, span + 6, rowH);
      HPDF_Page_Fill(page_);
      HPDF_Page_SetRGBFill(page_, 0.1f, 0.1f, 0.1f);
    }
    for (size_t i = 0; i < c.size(); ++i) {
      const float cw = span * kWidths[i];
      if (head) headCell(c[i], x, cw);
      else bodyCell(c[i], i == 1 ? pdf_.bold() : pdf_.regular(), x, cw);
      x += cw;
    }
    HPDF_Page_SetRGBStroke(page_, 0.8f, 0.8f, 0.8f);
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_MoveTo(page_, kLeft - 3, y_ - rowH + 14);
    HPDF_Page_LineTo(page_, W_ - kLeft + 3, y_ - rowH + 14);
    HPDF_Page_Stroke(page_);
    y_ -= rowH;
  }

  void title() {
    HPDF_Page_SetRGBFill(page_, 0.05f, 0.30f, 0.55f);
    text(pdf_.bold(), 16, kLeft, y_, "DANH SÁCH NGƯỜI HỌC VÀ KẾT QUẢ KIỂM TRA KỸ NĂNG SỐ", 0);
    HPDF_Page_SetRGBFill(page_, 0.1f, 0.1f, 0.1f);
    y_ -= 20;
    std::string period = "Thời gian: ";
    if (list_.from.empty() && list_.to.empty()) period += "từ khi bắt đầu tới nay";
    else period += (list_.from.empty() ? "từ khi bắt đầu" : "từ " + dmyDate(list_.from)) + " đến " +
                   (list_.to.empty() ? "nay" : dmyDate(list_.to));
    text(pdf_.regular(), 11, kLeft, y_, site_name_ + " · " + period + " · lập lúc " + generated_at_, W_ - 2 * kLeft);
    y_ -= 16;
    char count[200];
    std::snprintf(count, sizeof count,
                  "%zu người học có tên trong danh sách; %d người không đồng ý nêu tên nên không có trong danh sách.",
                  list_.rows.size(), list_.left_out);
    text(pdf_.regular(), 10, kLeft, y_, count, W_ - 2 * kLeft);
    y_ -= 24;
  }

  void newPage(bool first) {
    page_ = HPDF_AddPage(pdf_.doc());
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
    W_ = HPDF_Page_GetWidth(page_);
    y_ = HPDF_Page_GetHeight(page_) - 40;
    if (first) title();
    row(kHeaders, true);
  }

  const PdfDocument& pdf_;
  const NamedList& list_;
  const std::string& site_name_;
  const std::string& generated_at_;
  HPDF_Page page_ = nullptr;
  float W_ = 0, y_ = 0;
};

}  // namespace

Result<void> writeNamedListPdf(const NamedList& list, const std::string& site_name, const std::string& generated_at,
                               const fs::path& out, const fs::path& font_dir) {
  auto pdf = PdfDocument::create(font_dir, "Danh sách người học và kết quả");
  if (!pdf) return tl::unexpected(pdf.error());
  NamedListPages(*pdf, list, site_name, generated_at).write();
  return pdf->save(out, 0644);  // for other machines: it goes onto a USB drive
}

Result<NamedListFiles> NamedListExportJob::run(const fs::path& dir, const assessment::ReportRange& range) {
  if (auto opened = openDatabase(); !opened) return tl::unexpected(opened.error());
  Result<NamedList> list = fail(ErrorCode::Database, "the list was not made");
  try {
    SQLite::Transaction snapshot(*ctx_->db);  // one read snapshot; rolled back (nothing is written)
    list = buildNamedList(*ctx_, range);
  } catch (const SQLite::Exception& e) {
    list = fail(ErrorCode::Database, std::string("reading kiosk.db for the list failed: ") + e.what());
  }
  ctx_->db.reset();
  if (!list) return tl::unexpected(list.error());
  const long long now = now_ms_();
  const std::string when = formatLocalTime(now, "%H:%M ngày %d/%m/%Y");
  const std::string stamp = formatLocalTime(now, "%Y-%m-%d-%H%M");
  const std::string base = "hocso-danh-sach-" + siteFileName(ctx_->config.site_id) + "-" + stamp;
  NamedListFiles files{dir / (base + ".csv"), dir / (base + ".pdf")};
  if (auto ok = writeFileAtomically(files.csv, namedListCsv(*list), 0644); !ok) return tl::unexpected(ok.error());
  if (auto ok = writeNamedListPdf(*list, ctx_->config.site_name, when, files.pdf, font_dir_); !ok)
    return tl::unexpected(ok.error());
  return files;
}

}  // namespace hocso::app
