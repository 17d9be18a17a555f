// Signed packs: build → sign → verify → load gives back the same content; any
// changed byte or another key is refused; inspect counts; search ignores diacritics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "content/search.hpp"
#include "pack_test_support.hpp"
#include "source_fixtures.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

class PackFile : public test::StarterPackTest {
 protected:
  fs::path out = dir.path() / "out" / "starter.hocsopack";

  void SetUp() override {
    // A picture on a lesson page, stored as a blob in the pack.
    test::writeText(src / "images" / "home.png", std::string("\x89PNG\r\n\x1a\n-fake", 13));
    std::string l = test::readText(src / "lessons" / "0" / "man-hinh-cam-ung.md");
    const std::string summary = "## Tóm tắt\n";
    l.replace(l.find(summary), summary.size(), summary + "![Màn hình chính](images/home.png)\n");
    test::writeText(src / "lessons" / "0" / "man-hinh-cam-ung.md", l);
    auto built = buildPackFile(src, out, keys.private_pem);
    ASSERT_TRUE(built) << built.error().message;
  }
};

TEST_F(PackFile, BuildSignVerifyLoadRoundTrip) {
  auto sources = loadPackSources(src);
  ASSERT_TRUE(sources);
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  const Pack& p = opened->pack;
  EXPECT_EQ(p.info.id, "vn.hocso.starter");
  EXPECT_EQ(p.info.version, sources->info.version);
  EXPECT_EQ(p.info.target_groups, sources->info.target_groups);
  EXPECT_TRUE(p.info.practice_only);
  EXPECT_EQ(p.framework.id, "qd757");
  EXPECT_EQ(p.framework.blueprint("citizen")->totalQuestions(), 30);
  ASSERT_EQ(p.lessons.size(), sources->lessons.size());
  for (size_t i = 0; i < p.lessons.size(); ++i) {
    EXPECT_EQ(p.lessons[i].id, sources->lessons[i].id);
    EXPECT_EQ(p.lessons[i].title, sources->lessons[i].title);
    EXPECT_EQ(p.lessons[i].goal, sources->lessons[i].goal);
    EXPECT_EQ(p.lessons[i].competencies, sources->lessons[i].competencies);
    ASSERT_EQ(p.lessons[i].pages.size(), sources->lessons[i].pages.size());
    for (size_t k = 0; k < p.lessons[i].pages.size(); ++k) {
      EXPECT_EQ(p.lessons[i].pages[k].title, sources->lessons[i].pages[k].title);
      EXPECT_EQ(p.lessons[i].pages[k].markdown, sources->lessons[i].pages[k].markdown);
    }
  }
  ASSERT_EQ(p.questions.size(), sources->questions.size());
  for (size_t i = 0; i < p.questions.size(); ++i) {
    const Question &a = p.questions[i], &b = sources->questions[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.prompt, b.prompt);
    EXPECT_EQ(a.explanation, b.explanation);
    EXPECT_EQ(a.lesson, b.lesson);
    EXPECT_EQ(a.answer, b.answer);
    EXPECT_EQ(a.competencies, b.competencies);
    EXPECT_EQ(a.difficulty, b.difficulty);
    ASSERT_EQ(a.options.size(), b.options.size());
    for (size_t k = 0; k < a.options.size(); ++k) {
      EXPECT_EQ(a.options[k].text, b.options[k].text);
      EXPECT_EQ(a.options[k].correct, b.options[k].correct);
    }
  }
  auto img = packImage(p, "images/home.png");
  ASSERT_TRUE(img) << img.error().message;
  EXPECT_EQ(img->substr(0, 4), "\x89PNG");
  EXPECT_FALSE(packImage(p, "images/none.png"));
}

TEST_F(PackFile, EveryQuestionTypeSurvivesTheRoundTrip) {
  test::writeText(
      src / "questions" / "types.toml",
      test::tomlTables(
          {test::questionToml("t-ord", "ordering", {"0.2"}, "Sắp xếp", R"(items = ["Một", "Hai", "Ba"])"),
           test::questionToml(
               "t-match", "matching", {"0.2"}, "Nối",
               R"(pairs = [ { left = "Bánh răng", right = "Cài đặt" }, { left = "Kính lúp", right = "Tìm kiếm" } ])"),
           test::questionToml("t-scn", "scenario", {"4.1", "4.2"}, "Dấu hiệu lừa đảo?",
                              "[question.screen]\nkind = \"phone\"\ntitle = \"Tin nhắn\"\n"
                              R"(elements = [ { type = "bubble", text = "Bấm link" }, )"
                              R"({ type = "link", text = "http://x.xyz", correct = true } ])"),
           test::questionToml("t-img", "scenario", {"4.1"}, "Chạm vào link",
                              "image = \"images/home.png\"\n"
                              R"(regions = [ { x = 0.1, y = 0.5, w = 0.8, h = 0.1, label = "Link", correct = true }, )"
                              R"({ x = 0, y = 0, w = 1, h = 0.1, label = "Tiêu đề" } ])")}));
  ASSERT_TRUE(buildPackFile(src, out, keys.private_pem));
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  const Pack& p = opened->pack;
  const Question* ord = p.findQuestion("t-ord");
  ASSERT_NE(ord, nullptr);
  EXPECT_EQ(ord->items, (std::vector<std::string>{"Một", "Hai", "Ba"}));
  const Question* match = p.findQuestion("t-match");
  ASSERT_EQ(match->pairs.size(), 2u);
  EXPECT_EQ(match->pairs[1].right, "Tìm kiếm");
  const Question* scn = p.findQuestion("t-scn");
  EXPECT_EQ(scn->competencies, (std::vector<std::string>{"4.1", "4.2"}));
  EXPECT_EQ(scn->screen_kind, "phone");
  EXPECT_EQ(scn->screen_title, "Tin nhắn");
  ASSERT_EQ(scn->targets.size(), 2u);
  EXPECT_TRUE(scn->targets[1].correct);
  EXPECT_EQ(scn->targets[1].type, "link");
  const Question* img = p.findQuestion("t-img");
  EXPECT_EQ(img->image, "images/home.png");
  ASSERT_EQ(img->targets.size(), 2u);
  EXPECT_DOUBLE_EQ(img->targets[0].y, 0.5);
  EXPECT_EQ(img->targets[0].type, "region");

  auto summary = inspectPackBytes(test::readText(out));
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->questions, 9);
  EXPECT_EQ(summary->by_type.at("single"), 2);
  EXPECT_EQ(summary->by_type.at("scenario"), 2);
  EXPECT_EQ(summary->by_type.at("ordering"), 1);
  EXPECT_EQ(summary->by_group.at("0").questions, 7);
  EXPECT_EQ(summary->by_group.at("0").lessons, 1);
  EXPECT_EQ(summary->by_group.at("4").questions, 2);
  EXPECT_EQ(summary->images, 1);
}

TEST_F(PackFile, AFlippedByteAnywhereIsRefused) {
  const std::string good = test::readText(out);
  const size_t n = good.size();
  auto tr = parseTrailer(good);
  ASSERT_TRUE(tr);
  ASSERT_EQ(tr->sqlite_size + kTrailerSize, n);
  // The SQLite header, a schema page, data pages, the last SQLite byte, and
  // every trailer field: magic, version, size, signer key, signature.
  const std::vector<size_t> positions = {0,      17,     100,    4096 + 10, n / 2, tr->sqlite_size - 1,
                                         n - 120, n - 110, n - 100, n - 90, n - 64, n - 33, n - 1};
  for (size_t at : positions) {
    for (int mask : {0x01, 0x80}) {
      const fs::path copy = dir.path() / "flipped.hocsopack";
      test::writeText(copy, good);
      test::flipByte(copy, at, static_cast<unsigned char>(mask));
      auto opened = openPackFile(copy, test::trust(keys));
      EXPECT_FALSE(opened) << "a flip at byte " << at << " (mask " << mask << ") was accepted";
      if (!opened) {
        EXPECT_EQ(opened.error().message.find('\n'), std::string::npos) << opened.error().message;
        EXPECT_EQ(opened.error().message.rfind(copy.string() + ": ", 0), 0u) << opened.error().message;
      }
    }
  }
  // A truncated file and one with bytes appended are refused too.
  test::writeText(dir.path() / "short.hocsopack", good.substr(0, n - 1));
  EXPECT_FALSE(openPackFile(dir.path() / "short.hocsopack", test::trust(keys)));
  test::writeText(dir.path() / "long.hocsopack", good + "x");
  EXPECT_FALSE(openPackFile(dir.path() / "long.hocsopack", test::trust(keys)));
}

TEST_F(PackFile, AnotherKeyIsRefused) {
  const auto other = test::makeKeys(dir.path(), "stranger");
  auto opened = openPackFile(out, test::trust(other));
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("which is not a trusted key"), std::string::npos) << opened.error().message;
  // Signed by the stranger, checked with both keys: accepted, naming the stranger's file.
  ASSERT_TRUE(buildPackFile(src, out, other.private_pem));
  auto both = readTrustedKeys({keys.public_pem, other.public_pem});
  ASSERT_TRUE(both);
  auto ok = openPackFile(out, *both);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->verification.trusted_key, other.public_pem);
  EXPECT_FALSE(openPackFile(out, {}));
}

TEST_F(PackFile, KeysMadeByTheOpensslCommandWork) {
  const fs::path priv = dir.path() / "cli.pem", pub = dir.path() / "cli.pub";
  const std::string cmd = "openssl genpkey -algorithm ed25519 -out '" + priv.string() + "' 2>/dev/null && openssl pkey -in '" +
                          priv.string() + "' -pubout -out '" + pub.string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "no openssl command";
  ASSERT_TRUE(buildPackFile(src, out, priv));
  auto keysCli = readTrustedKeys({pub});
  ASSERT_TRUE(keysCli) << keysCli.error().message;
  EXPECT_TRUE(openPackFile(out, *keysCli));
  // A private key where a public one is expected, and a non-Ed25519 key, are refused clearly.
  EXPECT_FALSE(readTrustedKeys({priv}));
  const fs::path rsa = dir.path() / "rsa.pem";
  if (std::system(("openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out '" + rsa.string() + "' 2>/dev/null").c_str()) == 0) {
    auto r = buildPackFile(src, out, rsa);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("not an Ed25519 key"), std::string::npos) << r.error().message;
  }
}

TEST_F(PackFile, SearchIgnoresDiacriticsIncludingDd) {
  test::writeText(src / "lessons" / "4" / "chuyen-tien.md",
                  test::lessonMarkdown("l-4-9-chuyen-tien", "Chuyển tiền an toàn", "4", {"4.2"}, 9,
                                       "Sau bài này, bạn biết kiểm tra trước khi chuyển tiền.\n\n"
                                       "## Kiểm tra người nhận\nGọi **điện thoại** cho người thân để hỏi lại.\n"));
  test::writeText(src / "lessons" / "0" / "dien-thoai.md",
                  test::lessonMarkdown("l-0-9-dien-thoai", "ĐIỆN THOẠI THÔNG MINH", "0", {"0.1"}, 9,
                                       "Mở máy.\n\n## Bật máy\nBấm nút nguồn.\n"));
  ASSERT_TRUE(buildPackFile(src, out, keys.private_pem));
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  auto ids = [&](const std::string& q) {
    std::vector<std::string> v;
    auto hits = searchLessons(opened->pack, q);
    EXPECT_TRUE(hits) << (hits ? "" : hits.error().message);
    if (hits)
      for (const auto& h : *hits) v.push_back(h.lesson_id);
    return v;
  };
  EXPECT_EQ(ids("chuyen tien"), std::vector<std::string>{"l-4-9-chuyen-tien"});
  EXPECT_EQ(ids("CHUYỂN TIỀN"), std::vector<std::string>{"l-4-9-chuyen-tien"});
  // Several lessons mention "điện thoại"; the one with it in its title comes first.
  const auto phone = ids("dien thoai");
  ASSERT_GE(phone.size(), 2u);
  EXPECT_EQ(phone[0], "l-0-9-dien-thoai");
  EXPECT_NE(std::find(phone.begin(), phone.end(), "l-4-9-chuyen-tien"), phone.end());
  EXPECT_EQ(ids("đien thoai"), ids("dien thoai"));
  EXPECT_EQ(ids("dien tho"), ids("dien thoai"));  // the last word is a prefix while typing
  EXPECT_TRUE(ids("").empty());
  EXPECT_TRUE(ids("\"* OR (").empty());          // query syntax is not interpreted
  EXPECT_TRUE(ids("tiền nguồn").empty());         // every word must match: none has both
  EXPECT_EQ(foldForSearch("Đường đi"), "Dường di");  // the other marks are FTS5's job

  // A developer's source folder is searchable the same way.
  auto fromSources = openPackSources(src);
  ASSERT_TRUE(fromSources) << fromSources.error().message;
  auto hits = searchLessons(*fromSources, "chuyen tien");
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].title, "Chuyển tiền an toàn");
}

TEST_F(PackFile, InspectRefusesWhatIsNotAPack) {
  test::writeText(dir.path() / "x.hocsopack", std::string(4096, 'x'));
  EXPECT_FALSE(inspectPackBytes(test::readText(dir.path() / "x.hocsopack")));
  EXPECT_FALSE(inspectPackBytes(""));
  auto s = inspectPackBytes(test::readText(out));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->id, "vn.hocso.starter");
  EXPECT_EQ(s->lessons, 1);
  EXPECT_EQ(s->questions, 5);
  EXPECT_EQ(s->by_type.size(), 6u);
  EXPECT_EQ(s->by_type.at("matching"), 0);
  EXPECT_EQ(s->format, 1) << "no question has target_groups: format 1, which older kiosks still read";
  EXPECT_EQ(s->signer_key_id.size(), 16u);
}

TEST_F(PackFile, AnExamOnlyQuestionStaysReservedInTheBuiltPack) {
  std::string bank = test::readText(src / "questions" / "g0.toml");
  const std::string id = "id = \"q-0-s02\"\n";
  bank.replace(bank.find(id), id.size(), id + "exam_only = true\n");
  test::writeText(src / "questions" / "g0.toml", bank);
  auto built = buildPackFile(src, out, keys.private_pem);
  ASSERT_TRUE(built) << built.error().message;
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  const Pack& p = opened->pack;
  EXPECT_TRUE(p.findQuestion("q-0-s02")->exam_only);
  EXPECT_FALSE(p.findQuestion("q-0-s01")->exam_only);
  std::vector<std::string> practice;
  for (const Question* q : p.questionsForLesson("l-0-1-cham-vuot")) practice.push_back(q->id);
  EXPECT_EQ(practice, (std::vector<std::string>{"q-0-s01", "q-0-s03", "q-0-s04", "q-0-s05"}));
  auto s = inspectPackBytes(test::readText(out));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->format, 3) << "an older kiosk must refuse it rather than show the reserved question in practice";
  EXPECT_EQ(s->by_group.at("0").reserved, 1);
  EXPECT_EQ(s->by_competency.at("0.1"), 5);
  // A misspelt key is still an error, not silently a practice question.
  bank.replace(bank.find("exam_only"), 9, "exam_olny");
  test::writeText(src / "questions" / "g0.toml", bank);
  EXPECT_FALSE(loadPackSources(src));
}

}  // namespace
}  // namespace hocso::content
