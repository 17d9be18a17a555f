// Compiling a Pack into SQLite (meta, lessons, pages, questions as JSON,
// images, FTS5 index), signing and writing it, and reading it back from
// verified bytes deserialized read-only in memory.
#include "content/pack_file.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <sstream>

#include "base/crypto.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "content/loader.hpp"
#include "content/markdown.hpp"
#include "content/search.hpp"

namespace hocso::content {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE pack_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE lessons (
  id           TEXT PRIMARY KEY,
  seq          INTEGER NOT NULL,       -- position in the kiosk's list (group, then order)
  grp          TEXT NOT NULL,          -- skill group "0".."6"
  ord          INTEGER NOT NULL,
  title        TEXT NOT NULL,
  competencies TEXT NOT NULL,          -- JSON array of codes
  minutes      INTEGER NOT NULL,
  goal         TEXT NOT NULL
);
CREATE TABLE pages (
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  page_no   INTEGER NOT NULL,          -- 1, 2, ...
  title     TEXT NOT NULL,
  markdown  TEXT NOT NULL,
  PRIMARY KEY (lesson_id, page_no)
);
CREATE TABLE questions (
  id           TEXT PRIMARY KEY,
  seq          INTEGER NOT NULL,       -- source order
  type         TEXT NOT NULL,          -- single | multiple | true_false | ordering | matching | scenario
  grp          TEXT NOT NULL,
  lesson_id    TEXT,                   -- NULL: exam bank only
  difficulty   INTEGER NOT NULL,
  competencies TEXT NOT NULL,          -- JSON array of codes
  prompt       TEXT NOT NULL,
  explanation  TEXT NOT NULL,
  answer       INTEGER,                -- true_false: 0 | 1
  screen_kind  TEXT,                   -- scenario mock-up: phone | computer
  screen_title TEXT,
  image        TEXT,                   -- scenario on a picture: images/...
  target_groups TEXT,                  -- JSON array of target group codes; NULL: every group (format 2)
  exam_only    INTEGER NOT NULL DEFAULT 0  -- 1: reserved for exams, never in practice (format 3)
);
CREATE INDEX questions_by_group ON questions(grp, type);
CREATE INDEX questions_by_lesson ON questions(lesson_id);
-- The parts of a question, in order (idx 0, 1, ...).
CREATE TABLE question_options (       -- single, multiple
  question_id TEXT NOT NULL REFERENCES questions(id), idx INTEGER NOT NULL,
  text TEXT NOT NULL, correct INTEGER NOT NULL,
  PRIMARY KEY (question_id, idx)
);
CREATE TABLE question_items (         -- ordering, in the correct order
  question_id TEXT NOT NULL REFERENCES questions(id), idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (question_id, idx)
);
CREATE TABLE question_pairs (         -- matching
  question_id TEXT NOT NULL REFERENCES questions(id), idx INTEGER NOT NULL,
  left_text TEXT NOT NULL, right_text TEXT NOT NULL,
  PRIMARY KEY (question_id, idx)
);
CREATE TABLE question_targets (       -- scenario: mock-up elements, or regions (0..1) on the picture
  question_id TEXT NOT NULL REFERENCES questions(id), idx INTEGER NOT NULL,
  type TEXT NOT NULL, text TEXT NOT NULL, correct INTEGER NOT NULL,
  x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
  PRIMARY KEY (question_id, idx)
);
CREATE TABLE images (
  path TEXT PRIMARY KEY,               -- as written in the sources: images/name.png
  mime TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE lexicon (                -- how the read-aloud says loanwords and symbols (lexicon.toml)
  seq        INTEGER PRIMARY KEY,      -- source order
  text       TEXT NOT NULL,            -- as written in the course
  say        TEXT NOT NULL,            -- Vietnamese syllables
  match_case INTEGER NOT NULL          -- 1: this exact case only
);
CREATE VIRTUAL TABLE lesson_search USING fts5(
  lesson_id UNINDEXED, title, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
)sql";

std::string col(const SQLite::Column& c) { return c.isNull() ? std::string() : c.getString(); }

// A JSON array of competency codes, as written by the builder: ["0.1","4.2"].
// Parsed by hand (thousands per pack open); anything unusual goes to nlohmann.
std::vector<std::string> codeList(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  if (text.find('\\') == std::string::npos && text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    size_t at = 1;
    bool ok = true;
    while (ok && at < text.size() - 1) {
      const size_t open = text.find('"', at);
      const size_t close = open == std::string::npos ? open : text.find('"', open + 1);
      if (close == std::string::npos) break;
      out.push_back(text.substr(open + 1, close - open - 1));
      at = close + 1;
      if (at < text.size() - 1) ok = text[at] == ',' && ++at;
    }
    if (ok && text.find_first_not_of(" ", at) == text.size() - 1) return out;
    out.clear();
  }
  return json::parse(text).get<std::vector<std::string>>();
}

std::string mimeOf(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".png" ? "image/png" : (ext == ".jpg" || ext == ".jpeg") ? "image/jpeg" : "application/octet-stream";
}

// Every picture the pack refers to: lesson pages and picture scenarios.
std::set<std::string> referencedImages(const Pack& pack) {
  std::set<std::string> out;
  for (const auto& l : pack.lessons)
    for (const auto& p : l.pages)
      for (const auto& b : parseMarkdown(p.markdown))
        if (b.kind == BlockKind::Image && !b.src.empty()) out.insert(b.src);
  for (const auto& q : pack.questions)
    if (!q.image.empty()) out.insert(q.image);
  return out;
}


bool hasTable(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

// The lexicon table, added without a format change: packs built before it
// have none (no lexicon), and older kiosks ignore it (they read aloud as before).
std::shared_ptr<const Lexicon> readLexicon(SQLite::Database& db) {
  auto lexicon = std::make_shared<Lexicon>();
  if (!hasTable(db, "lexicon")) return lexicon;
  SQLite::Statement q(db, "SELECT text, say, match_case FROM lexicon ORDER BY seq");
  while (q.executeStep()) {
    LexiconEntry e;
    e.text = col(q.getColumn(0));
    e.say = col(q.getColumn(1));
    e.match_case = q.getColumn(2).getInt() != 0;
    if (!e.text.empty() && !e.say.empty()) lexicon->push_back(std::move(e));
  }
  return lexicon;
}

int toInt(const std::string& s, int fallback) {
  int v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// One row: the values bound to ?1, ?2, ... in order.
template <class... Values>
void insertRow(SQLite::Statement& st, const Values&... values) {
  SQLite::bind(st, values...);
  st.exec();
  st.reset();
}

// Format 2 or 3 only when a reader must know it: 2 when a question is for
// some target groups only, 3 when one is exam_only. An older kiosk still
// opens a pack it can read right, and refuses one it would misread
// (every learner getting every group's questions, or reserved questions
// shown in practice).
int formatNeeded(const Pack& pack) {
  const bool tagged = std::any_of(pack.questions.begin(), pack.questions.end(),
                                  [](const Question& q) { return !q.target_groups.empty(); });
  const bool reserved =
      std::any_of(pack.questions.begin(), pack.questions.end(), [](const Question& q) { return q.exam_only; });
  return reserved ? 3 : tagged ? 2 : 1;
}

void insertMeta(SQLite::Database& db, const Pack& pack) {
  SQLite::Statement meta(db, "INSERT INTO pack_meta(key, value) VALUES (?, ?)");
  auto put = [&](const char* k, const std::string& v) { insertRow(meta, k, v); };
  put("format", std::to_string(formatNeeded(pack)));
  put("id", pack.info.id);
  put("version", pack.info.version);
  put("title", pack.info.title);
  put("language", pack.info.language);
  put("target_groups", json(pack.info.target_groups).dump());
  put("framework", pack.info.framework);
  put("framework_version", pack.info.framework_version);
  put("publisher", pack.info.publisher);
  put("practice_only", pack.info.practice_only ? "1" : "0");
  put("framework_toml", pack.framework.source_text);
  put("built_at", nowIso8601());
}

// Lessons, their pages, and their folded text for the search index.
void insertLessons(SQLite::Database& db, const Pack& pack) {
  SQLite::Statement lesson(db, "INSERT INTO lessons(id, seq, grp, ord, title, competencies, minutes, goal) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement page(db, "INSERT INTO pages(lesson_id, page_no, title, markdown) VALUES (?, ?, ?, ?)");
  SQLite::Statement fts(db, "INSERT INTO lesson_search(lesson_id, title, body) VALUES (?, ?, ?)");
  int seq = 0;
  for (const auto& l : pack.lessons) {
    insertRow(lesson, l.id, ++seq, l.group, l.order, l.title, json(l.competencies).dump(), l.minutes, l.goal);
    int n = 0;
    for (const auto& p : l.pages) insertRow(page, l.id, ++n, p.title, p.markdown);
    insertRow(fts, l.id, foldForSearch(l.title), foldForSearch(lessonSearchText(l)));
  }
}

void bindOrNull(SQLite::Statement& st, int i, const std::string& v) {
  if (v.empty()) st.bind(i);
  else st.bind(i, v);
}

// The insert statements of a question and of its parts.
struct QuestionInserts {
  explicit QuestionInserts(SQLite::Database& db)
      : question(db, "INSERT INTO questions(id, seq, type, grp, lesson_id, difficulty, competencies, "
                     "prompt, explanation, answer, screen_kind, screen_title, image, target_groups, exam_only) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        option(db, "INSERT INTO question_options(question_id, idx, text, correct) VALUES (?, ?, ?, ?)"),
        item(db, "INSERT INTO question_items(question_id, idx, text) VALUES (?, ?, ?)"),
        pair(db, "INSERT INTO question_pairs(question_id, idx, left_text, right_text) VALUES (?, ?, ?, ?)"),
        target(db, "INSERT INTO question_targets(question_id, idx, type, text, correct, x, y, w, h) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}
  SQLite::Statement question, option, item, pair, target;
};

void insertQuestionRow(SQLite::Statement& question, const Question& q, int seq) {
  SQLite::bind(question, q.id, seq, toString(q.type), q.group());
  bindOrNull(question, 5, q.lesson);
  question.bind(6, q.difficulty);
  question.bind(7, json(q.competencies).dump());
  question.bind(8, q.prompt);
  question.bind(9, q.explanation);
  if (q.type == QuestionType::TrueFalse) question.bind(10, q.answer ? 1 : 0);
  else question.bind(10);
  bindOrNull(question, 11, q.type == QuestionType::Scenario && q.image.empty() ? q.screen_kind : "");
  bindOrNull(question, 12, q.type == QuestionType::Scenario && q.image.empty() ? q.screen_title : "");
  bindOrNull(question, 13, q.image);
  bindOrNull(question, 14, q.target_groups.empty() ? "" : json(q.target_groups).dump());
  question.bind(15, q.exam_only ? 1 : 0);
  question.exec();
  question.reset();
}

// Options, order items, pairs and scenario targets, each numbered from 0.
void insertQuestionParts(QuestionInserts& st, const Question& q) {
  int idx = 0;
  for (const auto& o : q.options) insertRow(st.option, q.id, idx++, o.text, o.correct ? 1 : 0);
  idx = 0;
  for (const auto& text : q.items) insertRow(st.item, q.id, idx++, text);
  idx = 0;
  for (const auto& pr : q.pairs) insertRow(st.pair, q.id, idx++, pr.left, pr.right);
  idx = 0;
  for (const auto& t : q.targets) insertRow(st.target, q.id, idx++, t.type, t.text, t.correct ? 1 : 0, t.x, t.y, t.w, t.h);
}

void insertQuestions(SQLite::Database& db, const Pack& pack) {
  QuestionInserts st(db);
  int seq = 0;
  for (const auto& q : pack.questions) {
    insertQuestionRow(st.question, q, ++seq);
    insertQuestionParts(st, q);
  }
}

// The pictures questions and lessons use, read from the source folder.
Result<void> insertImages(SQLite::Database& db, const Pack& pack, const fs::path& srcDir) {
  SQLite::Statement image(db, "INSERT INTO images(path, mime, data) VALUES (?, ?, ?)");
  for (const auto& path : referencedImages(pack)) {
    auto data = readWholeFile(srcDir / path);
    if (!data) return fail(ErrorCode::NotFound, (srcDir / path).string() + ": image is missing");
    image.bind(1, path);
    image.bind(2, mimeOf(path));
    image.bind(3, data->data(), static_cast<int>(data->size()));
    image.exec();
    image.reset();
  }
  return {};
}

void insertLexicon(SQLite::Database& db, const Lexicon& lexicon) {
  SQLite::Statement word(db, "INSERT INTO lexicon(seq, text, say, match_case) VALUES (?, ?, ?, ?)");
  int seq = 0;
  for (const auto& e : lexicon) insertRow(word, ++seq, e.text, e.say, e.match_case ? 1 : 0);
}

// pack_meta's format, checked: one this kiosk reads.
Result<int> readableFormat(std::map<std::string, std::string>& meta) {
  if (!meta.count("format") || !meta.count("id"))
    return fail(ErrorCode::Invalid, "not a HọcSố pack (no format or id in pack_meta)");
  const int format = toInt(meta["format"], 0);
  if (format < 1 || format > kPackFormat)
    return fail(ErrorCode::Invalid, "pack format " + meta["format"] + " is not supported (this HọcSố reads format " +
                                        std::to_string(kPackFormat) + "); update the kiosk");
  return format;
}

// The pack's info and embedded framework, from pack_meta.
Result<void> readInfo(std::map<std::string, std::string>& meta, Pack& pack) {
  pack.info.id = meta["id"];
  pack.info.version = meta["version"];
  pack.info.title = meta["title"];
  pack.info.language = meta["language"];
  pack.info.framework = meta["framework"];
  pack.info.framework_version = meta["framework_version"];
  pack.info.publisher = meta["publisher"];
  pack.info.practice_only = meta["practice_only"] == "1";
  if (!meta["target_groups"].empty())
    pack.info.target_groups = json::parse(meta["target_groups"]).get<std::vector<std::string>>();
  if (!meta["framework_toml"].empty()) {
    auto fw = parseFramework(meta["framework_toml"], pack.info.id + " (embedded framework)");
    if (!fw) return fail(ErrorCode::Invalid, "the pack's embedded framework is not valid:\n" + fw.error().message);
    pack.framework = std::move(*fw);
  }
  return {};
}

void readLessons(SQLite::Database& db, Pack& pack) {
  std::map<std::string, size_t> index;
  SQLite::Statement ls(db, "SELECT id, grp, ord, title, competencies, minutes, goal FROM lessons ORDER BY seq");
  while (ls.executeStep()) {
    Lesson l;
    l.id = col(ls.getColumn(0));
    l.group = col(ls.getColumn(1));
    l.order = ls.getColumn(2).getInt();
    l.title = col(ls.getColumn(3));
    l.competencies = codeList(col(ls.getColumn(4)));
    l.minutes = ls.getColumn(5).getInt();
    l.goal = col(ls.getColumn(6));
    index[l.id] = pack.lessons.size();
    pack.lessons.push_back(std::move(l));
  }
  SQLite::Statement ps(db, "SELECT lesson_id, title, markdown FROM pages ORDER BY lesson_id, page_no");
  while (ps.executeStep()) {
    auto it = index.find(col(ps.getColumn(0)));
    if (it == index.end()) continue;
    pack.lessons[it->second].pages.push_back({col(ps.getColumn(1)), col(ps.getColumn(2))});
  }
}

using QuestionIndex = std::unordered_map<std::string, size_t>;

// The question rows (without their parts); where each one is in pack.questions.
Result<QuestionIndex> readQuestionRows(SQLite::Database& db, int format, Pack& pack) {
  QuestionIndex index;
  // Format 1 packs have no target_groups column: every question serves everyone.
  SQLite::Statement qs(db, std::string("SELECT id, type, lesson_id, difficulty, competencies, prompt, explanation, "
                                       "answer, screen_kind, screen_title, image, ") +
                               (format >= 2 ? "target_groups" : "NULL") + ", " + (format >= 3 ? "exam_only" : "0") +
                               " FROM questions ORDER BY seq");
  while (qs.executeStep()) {
    Question q;
    q.id = col(qs.getColumn(0));
    const auto type = questionTypeFromString(col(qs.getColumn(1)));
    if (!type) return fail(ErrorCode::Invalid, "question " + q.id + " has an unknown type");
    q.type = *type;
    q.lesson = col(qs.getColumn(2));
    q.difficulty = qs.getColumn(3).getInt();
    q.competencies = codeList(col(qs.getColumn(4)));
    q.prompt = col(qs.getColumn(5));
    q.explanation = col(qs.getColumn(6));
    q.answer = qs.getColumn(7).getInt() != 0;
    q.screen_kind = col(qs.getColumn(8));
    q.screen_title = col(qs.getColumn(9));
    q.image = col(qs.getColumn(10));
    q.target_groups = codeList(col(qs.getColumn(11)));
    q.exam_only = qs.getColumn(12).getInt() != 0;
    index[q.id] = pack.questions.size();
    pack.questions.push_back(std::move(q));
  }
  return index;
}

// Options, order items, pairs and targets: each part table is read in one
// pass, in question order.
void readQuestionParts(SQLite::Database& db, const QuestionIndex& index, Pack& pack) {
  auto parts = [&](const char* sql, auto&& add) {
    SQLite::Statement st(db, sql);
    while (st.executeStep()) {
      auto it = index.find(col(st.getColumn(0)));
      if (it != index.end()) add(pack.questions[it->second], st);
    }
  };
  parts("SELECT question_id, text, correct FROM question_options ORDER BY question_id, idx",
        [&](Question& q, SQLite::Statement& st) { q.options.push_back({col(st.getColumn(1)), st.getColumn(2).getInt() != 0}); });
  parts("SELECT question_id, text FROM question_items ORDER BY question_id, idx",
        [&](Question& q, SQLite::Statement& st) { q.items.push_back(col(st.getColumn(1))); });
  parts("SELECT question_id, left_text, right_text FROM question_pairs ORDER BY question_id, idx",
        [&](Question& q, SQLite::Statement& st) { q.pairs.push_back({col(st.getColumn(1)), col(st.getColumn(2))}); });
  parts("SELECT question_id, type, text, correct, x, y, w, h FROM question_targets ORDER BY question_id, idx",
        [&](Question& q, SQLite::Statement& st) {
          q.targets.push_back({col(st.getColumn(1)), col(st.getColumn(2)), st.getColumn(3).getInt() != 0,
                               st.getColumn(4).getDouble(), st.getColumn(5).getDouble(), st.getColumn(6).getDouble(),
                               st.getColumn(7).getDouble()});
        });
}

}  // namespace

Result<std::string> readWholeFile(const fs::path& file) { return readFileBounded(file, kLargeFileLimit); }

Result<std::shared_ptr<SQLite::Database>> compilePackStore(const Pack& pack, const fs::path& srcDir) {
  try {
    auto db = std::make_shared<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA page_size = 4096");
    db->exec(kSchema);
    SQLite::Transaction tx(*db);
    insertMeta(*db, pack);
    insertLessons(*db, pack);
    insertQuestions(*db, pack);
    if (auto ok = insertImages(*db, pack, srcDir); !ok) return tl::unexpected(ok.error());
    if (pack.lexicon) insertLexicon(*db, *pack.lexicon);
    tx.commit();
    db->exec("INSERT INTO lesson_search(lesson_search) VALUES ('optimize')");
    return db;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Database, std::string("compiling the pack failed: ") + e.what());
  }
}

Result<std::string> serializeStore(SQLite::Database& store) {
  try {
    store.exec("VACUUM");
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("compacting the pack failed: ") + e.what());
  }
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(store.getHandle(), "main", &size, 0);
  if (!data) return fail(ErrorCode::Database, "cannot serialize the pack database (out of memory?)");
  std::string bytes(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  sqlite3_free(data);
  return bytes;
}

Result<void> buildPackFile(const fs::path& srcDir, const fs::path& out, const fs::path& privatePem,
                           std::vector<SourceProblem>* problems) {
  auto pack = loadPackSources(srcDir, problems);
  if (!pack) return tl::unexpected(pack.error());
  auto store = compilePackStore(*pack, srcDir);
  if (!store) return tl::unexpected(store.error());
  auto bytes = serializeStore(**store);
  if (!bytes) return tl::unexpected(bytes.error());
  auto signedBytes = signPack(std::move(*bytes), privatePem);
  if (!signedBytes) return tl::unexpected(signedBytes.error());
  return writeFileDurably(out, *signedBytes, 0644);
}

Result<Pack> openPackSources(const fs::path& srcDir) {
  auto pack = loadPackSources(srcDir);
  if (!pack) return pack;
  auto store = compilePackStore(*pack, srcDir);
  if (!store) return tl::unexpected(store.error());
  pack->store = std::move(*store);
  return pack;
}

Result<std::shared_ptr<SQLite::Database>> openStoreBytes(std::string_view bytes, bool untrusted) {
  try {
    auto db = std::make_shared<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size() ? bytes.size() : 1));
    if (!buf) return fail(ErrorCode::Database, "out of memory opening the pack");
    std::memcpy(buf, bytes.data(), bytes.size());
    const auto n = static_cast<sqlite3_int64>(bytes.size());
    // On failure SQLite frees `buf` itself (FREEONCLOSE).
    if (sqlite3_deserialize(db->getHandle(), "main", buf, n, n,
                            SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE) != SQLITE_OK)
      return fail(ErrorCode::Database, std::string("cannot open the pack database: ") + sqlite3_errmsg(db->getHandle()));
    if (untrusted) {
      sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
      sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
      sqlite3_limit(db->getHandle(), SQLITE_LIMIT_LENGTH, 64 << 20);
      SQLite::Statement q(*db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('view', 'trigger')");
      if (!q.executeStep() || q.getColumn(0).getInt() != 0)
        return fail(ErrorCode::Invalid, "not a HọcSố pack database (unexpected views or triggers)");
    }
    return db;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Database, std::string("cannot open the pack database: ") + e.what());
  }
}

Result<Pack> readPackStore(std::shared_ptr<SQLite::Database> store) {
  try {
    SQLite::Database& db = *store;
    std::map<std::string, std::string> meta;
    SQLite::Statement m(db, "SELECT key, value FROM pack_meta");
    while (m.executeStep()) meta[col(m.getColumn(0))] = col(m.getColumn(1));
    const auto format = readableFormat(meta);
    if (!format) return tl::unexpected(format.error());
    Pack pack;
    if (auto ok = readInfo(meta, pack); !ok) return tl::unexpected(ok.error());
    readLessons(db, pack);
    const auto questions = readQuestionRows(db, *format, pack);
    if (!questions) return tl::unexpected(questions.error());
    readQuestionParts(db, *questions, pack);
    pack.lexicon = readLexicon(db);
    pack.store = std::move(store);
    return pack;
  } catch (const std::exception& e) {
    return fail(ErrorCode::Invalid, std::string("the pack's tables cannot be read: ") + e.what());
  }
}

Result<OpenedPack> openPackFile(const fs::path& file, const std::vector<TrustedKey>& trusted) {
  auto bytes = readWholeFile(file);
  if (!bytes) return tl::unexpected(bytes.error());
  auto v = verifyPackBytes(*bytes, trusted, file.string());
  if (!v) return tl::unexpected(v.error());
  auto store = openStoreBytes(std::string_view(*bytes).substr(0, v->trailer.sqlite_size), false);
  if (!store) return fail(store.error().code, file.string() + ": " + store.error().message);
  auto pack = readPackStore(std::move(*store));
  if (!pack) return fail(pack.error().code, file.string() + ": " + pack.error().message);
  return OpenedPack{std::move(*pack), *v};
}

Result<PackSummary> inspectPackBytes(std::string_view bytes) {
  auto tr = parseTrailer(bytes);
  if (!tr) return tl::unexpected(tr.error());
  auto store = openStoreBytes(bytes.substr(0, tr->sqlite_size), true);
  if (!store) return tl::unexpected(store.error());
  PackSummary s;
  try {
    SQLite::Database& db = **store;
    SQLite::Statement m(db, "SELECT key, value FROM pack_meta");
    std::map<std::string, std::string> meta;
    while (m.executeStep()) meta[col(m.getColumn(0))] = col(m.getColumn(1));
    s.id = meta["id"], s.version = meta["version"], s.title = meta["title"], s.framework = meta["framework"];
    s.framework_version = meta["framework_version"], s.built_at = meta["built_at"];
    s.practice_only = meta["practice_only"] == "1";
    s.format = toInt(meta["format"], 0);
    if (!meta["target_groups"].empty())
      s.target_groups = json::parse(meta["target_groups"]).get<std::vector<std::string>>();
    auto count = [&](const char* sql) {
      SQLite::Statement q(db, sql);
      return q.executeStep() ? q.getColumn(0).getInt() : 0;
    };
    s.lessons = count("SELECT count(*) FROM lessons");
    s.questions = count("SELECT count(*) FROM questions");
    s.pages = count("SELECT count(*) FROM pages");
    s.images = count("SELECT count(*) FROM images");
    s.lexicon = hasTable(db, "lexicon") ? count("SELECT count(*) FROM lexicon") : 0;
    SQLite::Statement lg(db, "SELECT grp, count(*) FROM lessons GROUP BY grp");
    while (lg.executeStep()) s.by_group[col(lg.getColumn(0))].lessons = lg.getColumn(1).getInt();
    SQLite::Statement qg(db, "SELECT grp, count(*) FROM questions GROUP BY grp");
    while (qg.executeStep()) s.by_group[col(qg.getColumn(0))].questions = qg.getColumn(1).getInt();
    SQLite::Statement rg(db, std::string("SELECT grp, count(*) FROM questions WHERE lesson_id IS NULL") +
                                 (s.format >= 3 ? " OR exam_only = 1" : "") + " GROUP BY grp");
    while (rg.executeStep()) s.by_group[col(rg.getColumn(0))].reserved = rg.getColumn(1).getInt();
    SQLite::Statement qc(db, "SELECT c.value, count(*) FROM questions, json_each(questions.competencies) AS c "
                             "GROUP BY c.value");
    while (qc.executeStep()) s.by_competency[col(qc.getColumn(0))] = qc.getColumn(1).getInt();
    for (auto t : {QuestionType::Single, QuestionType::Multiple, QuestionType::TrueFalse, QuestionType::Ordering,
                   QuestionType::Matching, QuestionType::Scenario})
      s.by_type[toString(t)] = 0;
    SQLite::Statement qt(db, "SELECT type, count(*) FROM questions GROUP BY type");
    while (qt.executeStep()) s.by_type[col(qt.getColumn(0))] = qt.getColumn(1).getInt();
  } catch (const std::exception& e) {
    return fail(ErrorCode::Invalid, std::string("the pack's tables cannot be read: ") + e.what());
  }
  s.signer_key_id = keyId(tr->signer);
  s.sha256 = sha256Hex(std::string(bytes));
  s.file_bytes = bytes.size();
  s.sqlite_bytes = tr->sqlite_size;
  return s;
}

Result<std::string> packImage(const Pack& pack, const std::string& path) {
  if (!pack.store) return fail(ErrorCode::NotFound, "the pack has no store");
  try {
    SQLite::Statement q(*pack.store, "SELECT data FROM images WHERE path = ?");
    q.bind(1, path);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "the pack has no picture " + path);
    const SQLite::Column c = q.getColumn(0);
    return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading picture ") + path + " failed: " + e.what());
  }
}

}  // namespace hocso::content
