// The built content pack: one SQLite file (meta, lessons, pages, questions as
// JSON, images as blobs, an FTS5 lesson index) followed by an Ed25519 trailer.
// Building, verifying, reading and summarising packs; format in content/FORMAT.md.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "content/model.hpp"
#include "content/problem.hpp"
#include "content/signing.hpp"

namespace hocso::content {

// pack_meta 'format'; a newer one is refused. 2: questions.target_groups
// (written only when a question has one; otherwise the pack is format 1).
// 3: questions.exam_only (written when a question is exam_only: an older
// kiosk must refuse the pack rather than show reserved questions in practice).
inline constexpr int kPackFormat = 3;
inline constexpr const char* kPackExtension = ".hocsopack";

// The pack compiled into an in-memory SQLite database (images read from
// `src_dir`). Used by `build` and for source folders opened by a developer.
Result<std::shared_ptr<SQLite::Database>> compilePackStore(const Pack& pack, const std::filesystem::path& src_dir);

// The SQLite bytes of a compiled store.
Result<std::string> serializeStore(SQLite::Database& store);

// Loads + validates `src_dir`, compiles it, signs it with `private_pem` and
// writes `out` atomically. Validation problems come back as one error listing them.
Result<void> buildPackFile(const std::filesystem::path& src_dir, const std::filesystem::path& out,
                           const std::filesystem::path& private_pem,
                           std::vector<SourceProblem>* problems = nullptr);

// Loads + validates sources and compiles them in memory, so a developer's
// source folder behaves like a built pack (search, images).
Result<Pack> openPackSources(const std::filesystem::path& src_dir);

// Opens SQLite bytes read-only in memory. `untrusted` adds checks for files
// whose signature was not verified (inspect, fuzzing): no views or triggers.
Result<std::shared_ptr<SQLite::Database>> openStoreBytes(std::string_view sqlite_bytes, bool untrusted);

// Reads the whole model from a pack store.
Result<Pack> readPackStore(std::shared_ptr<SQLite::Database> store);

// Reads a pack file, verifies its signature against `trusted` and reads it.
// What was verified is exactly what is opened: the bytes are read once.
struct OpenedPack {
  Pack pack;
  Verification verification;
};
Result<OpenedPack> openPackFile(const std::filesystem::path& file, const std::vector<TrustedKey>& trusted);

// A pack file or a picture read whole (packs are small: text plus a few
// pictures); readFileBounded with kLargeFileLimit, so /dev/zero or a huge
// file is refused with a clear message.
Result<std::string> readWholeFile(const std::filesystem::path& file);

// What `hocso content inspect` prints. Counts come from the SQLite tables.
struct PackSummary {
  std::string id, version, title, framework, framework_version, built_at;
  std::vector<std::string> target_groups;
  bool practice_only = false;
  int format = 0;
  int lessons = 0, questions = 0, pages = 0, images = 0;
  int lexicon = 0;                          // read-aloud lexicon entries (0: none, or a pack from before it)
  struct GroupCount {
    int lessons = 0, questions = 0;
    int reserved = 0;                       // questions practice never shows (exam_only, or no lesson)
  };
  std::map<std::string, GroupCount> by_group;
  std::map<std::string, int> by_competency; // questions naming each competency code
  std::map<std::string, int> by_type;       // every question type, zeros included
  std::string signer_key_id;                // from the trailer: NOT verified by inspect
  std::string sha256;
  uint64_t file_bytes = 0, sqlite_bytes = 0;
};
Result<PackSummary> inspectPackBytes(std::string_view file_bytes);

// A picture of the pack (images/...), as stored.
Result<std::string> packImage(const Pack& pack, const std::string& path);

}  // namespace hocso::content
