// Benchmark (prints figures, never fails on timing): how long the kiosk takes
// to open a signed pack (read, verify every byte, open the SQLite, read the
// model) and to gather the home screen's data, for the default pack and for a
// generated pack of 200 lessons and 2,000 questions. Target: ≤ 50 ms each.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "content/pack_file.hpp"
#include "content/pack_store.hpp"
#include "content/search.hpp"

namespace fs = std::filesystem;
using namespace hocso;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kTargetMs = 50.0;
constexpr int kRuns = 7;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// What the home screen shows: each skill group with its lessons (title, page
// and practice question counts).
struct HomeRow {
  std::string group, id, title;
  size_t pages = 0, questions = 0;
};
std::vector<HomeRow> homeData(const content::Pack& pack) {
  std::map<std::string, size_t> perLesson;
  for (const auto& q : pack.questions)
    if (!q.lesson.empty()) ++perLesson[q.lesson];
  std::vector<HomeRow> rows;
  for (const auto& l : pack.lessons) rows.push_back({l.group, l.id, l.title, l.pages.size(), perLesson[l.id]});
  return rows;
}

struct Timing {
  double open = 0, home = 0, search = 0;
};

// Median of kRuns for each phase; false when the pack cannot be opened.
bool measure(const fs::path& file, const std::vector<content::TrustedKey>& keys, Timing& median, std::string& what) {
  std::vector<Timing> runs;
  for (int i = 0; i < kRuns; ++i) {
    Timing t;
    auto t0 = Clock::now();
    auto opened = content::openPackFile(file, keys);
    t.open = msSince(t0);
    if (!opened) {
      std::fprintf(stderr, "error: %s\n", opened.error().message.c_str());
      return false;
    }
    t0 = Clock::now();
    const auto rows = homeData(opened->pack);
    t.home = msSince(t0);
    t0 = Clock::now();
    auto hits = content::searchLessons(opened->pack, "dien thoai");
    t.search = msSince(t0);
    runs.push_back(t);
    what = opened->pack.info.id + " " + opened->pack.info.version + ", " + std::to_string(opened->pack.lessons.size()) +
           " lessons, " + std::to_string(opened->pack.questions.size()) + " questions, " +
           std::to_string(fs::file_size(file) / 1024) + " KiB, " + std::to_string(rows.size()) + " home rows";
  }
  auto med = [&](double Timing::*f) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.*f);
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  median = {med(&Timing::open), med(&Timing::home), med(&Timing::search)};
  return true;
}

void report(const char* name, const std::string& what, const Timing& t) {
  const double total = t.open + t.home;
  std::printf("%-10s %s\n", name, what.c_str());
  std::printf("%-10s open+verify %.1f ms, home data %.2f ms, total %.1f ms (target <= %.0f ms: %s); search %.2f ms\n", "",
              t.open, t.home, total, kTargetMs, total <= kTargetMs ? "met" : "MISSED", t.search);
}

// Sources for a big pack: 200 lessons of 5 pages over groups 0–6 and 2,000
// questions of every type, each linked to a lesson.
void writeGeneratedSources(const fs::path& dir) {
  std::mt19937 rng(7);
  const std::vector<std::string> words = {"điện thoại", "chuyển tiền", "mật khẩu", "ứng dụng", "tin nhắn", "an toàn",
                                          "dịch vụ công", "tài khoản", "đường link", "mạng xã hội", "hình ảnh", "bảo vệ"};
  auto sentence = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += (i ? " " : "") + words[rng() % words.size()];
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s + ".";
  };
  fs::create_directories(dir / "questions");
  std::ofstream(dir / "pack.toml") << "id = \"vn.hocso.bench\"\nversion = \"1.0.0\"\ntitle = \"Bench\"\nlanguage = \"vi\"\n"
                                      "target_groups = [\"citizen\"]\nframework = \"qd757\"\nframework_version = \"1.0\"\n"
                                      "publisher = \"bench\"\n";
  const int lessons = 200, questions = 2000;
  for (int l = 0; l < lessons; ++l) {
    const int g = l % 7;
    fs::create_directories(dir / "lessons" / std::to_string(g));
    std::ofstream md(dir / "lessons" / std::to_string(g) / ("l" + std::to_string(l) + ".md"));
    md << "+++\nid = \"l-" << l << "\"\ntitle = \"" << sentence(4) << "\"\ngroup = \"" << g << "\"\ncompetencies = [\"" << g
       << ".1\"]\norder = " << l << "\nminutes = 10\n+++\n" << sentence(12) << "\n";
    for (int p = 0; p < 5; ++p) {
      md << "\n## " << sentence(3) << "\n" << sentence(20) << "\n\n1. " << sentence(8) << "\n2. **" << sentence(5)
         << "**\n\n> **Lưu ý:** " << sentence(10) << "\n";
    }
  }
  std::ofstream bank(dir / "questions" / "bank.toml");
  for (int q = 0; q < questions; ++q) {
    const int l = q % lessons, g = l % 7;
    bank << "[[question]]\nid = \"q-" << q << "\"\ncompetencies = [\"" << g << ".1\"]\ndifficulty = " << 1 + q % 3
         << "\nlesson = \"l-" << l << "\"\nprompt = \"" << sentence(10) << "\"\nexplanation = \"" << sentence(12) << "\"\n";
    if (q % 10 < 4) bank << "exam_only = true\n";  // the reserved exam bank (>= 30% of each group)
    switch (q % 6) {
      case 0: bank << "type = \"single\"\noptions = [ { text = \"" << sentence(4) << "\", correct = true }, { text = \"" << sentence(4) << "\" }, { text = \"" << sentence(4) << "\" } ]\n"; break;
      case 1: bank << "type = \"multiple\"\noptions = [ { text = \"" << sentence(4) << "\", correct = true }, { text = \"" << sentence(4) << "\", correct = true }, { text = \"" << sentence(4) << "\" } ]\n"; break;
      case 2: bank << "type = \"true_false\"\nanswer = true\n"; break;
      case 3: bank << "type = \"ordering\"\nitems = [\"" << sentence(3) << "\", \"" << sentence(3) << "\", \"" << sentence(3) << "\"]\n"; break;
      case 4: bank << "type = \"matching\"\npairs = [ { left = \"A\", right = \"" << sentence(2) << "\" }, { left = \"B\", right = \"" << sentence(2) << "\" } ]\n"; break;
      default: bank << "type = \"scenario\"\n[question.screen]\nkind = \"phone\"\ntitle = \"Tin nhắn\"\nelements = [ { type = \"bubble\", text = \"" << sentence(6) << "\" }, { type = \"link\", text = \"http://x.xyz\", correct = true } ]\n";
    }
    bank << "\n";
  }
}

}  // namespace

int main() {
  int status = 0;
  std::printf("bench.pack_open: median of %d runs\n", kRuns);

  const auto shipped = content::shippedPack();
  auto shippedKeys = content::readTrustedKeys({shipped.public_key});
  Timing t;
  std::string what;
  if (!fs::exists(shipped.file) || !shippedKeys) {
    std::printf("default    not built (%s): build the default_pack target\n", shipped.file.c_str());
  } else if (measure(shipped.file, *shippedKeys, t, what)) {
    report("default", what, t);
  } else {
    status = 1;
  }

  const fs::path work = fs::temp_directory_path() / ("hocso-bench-" + std::to_string(std::random_device{}()));
  fs::create_directories(work);
  writeGeneratedSources(work / "src");
  auto keysOk = content::generateKeyPair(work / "bench.pem", work / "bench.pub");
  auto t0 = Clock::now();
  auto built = keysOk ? content::buildPackFile(work / "src", work / "bench.hocsopack", work / "bench.pem")
                      : tl::unexpected(keysOk.error());
  const double buildMs = msSince(t0);
  auto keys = content::readTrustedKeys({work / "bench.pub"});
  if (!built || !keys) {
    std::fprintf(stderr, "error: generating the big pack failed: %s\n",
                 (!built ? built.error() : keys.error()).message.c_str());
    status = 1;
  } else if (measure(work / "bench.hocsopack", *keys, t, what)) {
    report("generated", what, t);
    std::printf("%-10s (building it from sources took %.0f ms)\n", "", buildMs);
  } else {
    status = 1;
  }
  std::error_code ec;
  if (std::getenv("HOCSO_BENCH_KEEP"))
    std::printf("kept %s (HOCSO_BENCH_KEEP)\n", work.c_str());
  else
    fs::remove_all(work, ec);
  // Timing never fails the test; only a pack that cannot be opened does.
  return status;
}
