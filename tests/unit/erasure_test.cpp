// Erasure reaches everything that holds the person: after `deleteLearner`
// no table or queue holds their name, citizen ID or phone (checked in clear,
// and decrypted with the kiosk's data key), and no file in the data dir holds
// them or the ciphertexts stored before the delete (the WAL included), even
// while other connections and a SyncWorker have the database open.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <set>

#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"
#include "sync/certification.hpp"
#include "sync/outbox.hpp"
#include "sync/worker.hpp"

namespace hocso {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kName = "Lê Thị Thu Hương";
constexpr const char* kCitizenId = "038172009876";
constexpr const char* kPhone = "0987654321";

std::string fileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string bytesOf(const SQLite::Column& c) {
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
}

std::optional<std::string> unbase64(const std::string& in) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<size_t>(n));
  return out;
}

class ErasureTest : public test::ExamKioskTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open());
    auto key = FieldCipher::loadOrCreate(dir.path() / "keys" / "data.key");  // the key on the same disk
    ASSERT_TRUE(key);
    diskKey = std::make_unique<FieldCipher>(*key);
  }

  // Someone failing to sign in with their citizen ID before registering (a
  // lockout counted against its keyed hash), then registered with consent
  // to share identity, listed as Đại sứ số, and certified.
  void registerAndCertify() {
    (void)learners->signInByCitizenId(kCitizenId, "0000");
    learner = test::registerConsented(*learners, kName, 1972, "2580", [](app::Registration& r) {
      r.citizen_id = kCitizenId;
      r.phone = kPhone;
    });
    ASSERT_FALSE(learner.id.empty());
    ASSERT_TRUE(learners->setListedMentor(learner.id, true, "fac-1"));
    app::ExamOutcome done;
    ASSERT_NO_FATAL_FAILURE(test::passExam(*exams, *ctx, learner.id, "Cán bộ Đinh Văn Hải", "8642", 99, done));
    ASSERT_TRUE(done.certificate_id) << "no certificate";
    certificate_id = *done.certificate_id;
  }

  // A second certificate row for the same learner, with identity, already
  // delivered by the sync worker's own connection.
  void addDeliveredCertificate() {
    sync::CertificateSubmission s;
    s.certificate_id = "cert-delivered-1";
    s.learner_id = learner.id;
    s.kiosk_id = ctx->kiosk_id;
    s.site_id = ctx->config.site_id;
    s.issued_at = "2026-11-02T03:04:05Z";
    s.certificate = {{"payload", "x.y"}};
    s.identity = sync::ConsentedIdentity{kName, kCitizenId, kPhone, 1972, "2026-11-01T00:00:00Z", "2025.1"};
    sync::OutboxRepository outbox(*ctx->db);
    ASSERT_TRUE(sync::enqueueCertificate(outbox, s, ctx->cipher));
    auto worker = openDatabase((dir.path() / "kiosk.db").string());
    ASSERT_TRUE(worker);
    const long long seq = (*worker)->execAndGet("SELECT seq FROM outbox WHERE record_id = 'cert-delivered-1'").getInt64();
    ASSERT_TRUE(sync::OutboxRepository(**worker).markDelivered({seq}));
  }

  // Every stored form of the person before the delete: the encrypted
  // columns, the sealed identity of each certification row (text and raw
  // bytes) and the keyed lookup hashes.
  std::vector<std::string> storedCiphertexts() {
    std::vector<std::string> out;
    SQLite::Statement l(*ctx->db,
                        "SELECT full_name_enc, citizen_id_enc, phone_enc, name_index, citizen_id_index FROM learners "
                        "WHERE id = ?");
    l.bind(1, learner.id);
    EXPECT_TRUE(l.executeStep());
    for (int i = 0; i < 5; ++i) {
      EXPECT_FALSE(l.getColumn(i).isNull()) << "column " << i;
      out.push_back(bytesOf(l.getColumn(i)));
    }
    SQLite::Statement o(*ctx->db, "SELECT payload FROM outbox WHERE endpoint = 'certification'");
    while (o.executeStep()) {
      auto body = json::parse(o.getColumn(0).getString());
      EXPECT_TRUE(body.contains("identity_sealed")) << body.dump();
      const std::string sealed = body.value("identity_sealed", "");
      out.push_back(sealed);
      if (auto raw = unbase64(sealed)) out.push_back(raw->substr(0, raw->size() - 2));  // padding-safe prefix
    }
    return out;
  }

  // Where, in any table, a value holds the person in clear or decrypts
  // (with the key file) to them; walks JSON values too (sealed identity).
  std::vector<std::string> identityInTables() {
    std::vector<std::string> found;
    std::vector<std::string> contexts = {"learners.full_name", "learners.citizen_id", "learners.phone"};
    for (const char* id : {certificate_id.c_str(), "cert-delivered-1"}) contexts.push_back(std::string("outbox.identity:") + id);
    auto holdsPerson = [&](const std::string& v) {
      for (const char* p : {kName, kCitizenId, kPhone})
        if (v.find(p) != std::string::npos) return true;
      return false;
    };
    auto decryptsToPerson = [&](const std::string& v) {
      std::vector<std::optional<std::string>> candidates = {v, unbase64(v)};
      for (const auto& c : candidates) {
        if (!c || c->size() < 28) continue;
        const std::vector<unsigned char> blob(c->begin(), c->end());
        for (const auto& context : contexts) {
          if (auto plain = diskKey->decrypt(blob, context); plain && holdsPerson(*plain)) return true;
          // base64 padding: the decoded text may carry up to two extra bytes
          for (size_t cut = 1; cut <= 2 && blob.size() > cut; ++cut)
            if (auto plain = diskKey->decrypt({blob.begin(), blob.end() - static_cast<long>(cut)}, context);
                plain && holdsPerson(*plain))
              return true;
        }
      }
      return false;
    };
    std::function<void(const json&, const std::string&)> walk = [&](const json& j, const std::string& where) {
      if (j.is_string()) {
        if (decryptsToPerson(j.get<std::string>())) found.push_back(where + " (sealed in JSON)");
      } else if (j.is_structured()) {
        for (const auto& item : j) walk(item, where);
      }
    };
    auto db = SQLite::Database((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
    std::vector<std::string> tables;
    SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (t.executeStep()) tables.push_back(t.getColumn(0).getString());
    EXPECT_GT(tables.size(), 10u);
    int values = 0;
    for (const auto& table : tables) {
      SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
      while (q.executeStep()) {
        for (int i = 0; i < q.getColumnCount(); ++i) {
          if (q.getColumn(i).isNull()) continue;
          const std::string v = bytesOf(q.getColumn(i));
          const std::string where = table + "." + q.getColumnName(i);
          ++values;
          if (holdsPerson(v)) found.push_back(where + " (in clear)");
          if (decryptsToPerson(v)) found.push_back(where + " (encrypted)");
          auto parsed = json::parse(v, nullptr, false);
          if (!parsed.is_discarded()) walk(parsed, where);
        }
      }
    }
    EXPECT_GT(values, 100);
    return found;
  }

  // The files of the data dir (kiosk.db, -wal, -shm, keys, logs, packs...)
  // that hold the person in clear or any of `ciphertexts`.
  std::vector<std::string> filesHolding(const std::vector<std::string>& ciphertexts) {
    std::vector<std::string> needles = {kName, kCitizenId, kPhone};
    needles.insert(needles.end(), ciphertexts.begin(), ciphertexts.end());
    std::vector<std::string> found;
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
      if (!e.is_regular_file()) continue;
      ++files;
      const std::string bytes = fileBytes(e.path());
      for (size_t i = 0; i < needles.size(); ++i)
        if (bytes.find(needles[i]) != std::string::npos)
          found.push_back(e.path().filename().string() + " (" + std::to_string(bytes.size()) + " bytes) holds #" +
                          std::to_string(i));
    }
    EXPECT_GE(files, 3);
    return found;
  }

  std::unique_ptr<FieldCipher> diskKey;
  assessment::Learner learner;
  std::string certificate_id;
};

TEST_F(ErasureTest, NoTableOrQueueHoldsTheIdentityAfterDelete) {
  registerAndCertify();
  addDeliveredCertificate();
  // The check sees them where they are: the learner's three encrypted
  // columns and both certification rows' sealed identity.
  EXPECT_EQ(identityInTables().size(), 5u) << ::testing::PrintToString(identityInTables());
  EXPECT_EQ(SQLite::Database((dir.path() / "kiosk.db").string())
                .execAndGet("SELECT COUNT(*) FROM pin_lockouts WHERE subject LIKE 'lookup:%'")
                .getInt(),
            1);
  sync::OutboxRepository outbox(*ctx->db);
  auto pending = outbox.pending(sync::kCertification, 10);
  ASSERT_TRUE(pending && pending->size() == 1);
  auto before = sync::certificationRequestBody(pending->front().payload, *diskKey);
  ASSERT_TRUE(before);
  ASSERT_EQ((*before)["identity"]["citizen_id"], kCitizenId);

  auto done = learners->deleteLearner(learner.id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->certificates_scrubbed, 2);
  EXPECT_TRUE(done->erasure_request_queued);
  EXPECT_EQ(identityInTables(), std::vector<std::string>{});
  auto db = SQLite::Database((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pin_lockouts").getInt(), 0) << "lockouts by their keyed hashes too";
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM kiosk_mentors").getInt(), 0);

  // The pending certificate still goes, without identity or consent (what a
  // learner who did not agree to share it sends); then the erasure request.
  pending = outbox.pending(sync::kCertification, 10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2u);
  auto cert = sync::certificationRequestBody(pending->at(0).payload, *diskKey, *pending->at(0).time_offset_ms);
  ASSERT_TRUE(cert) << cert.error().message;
  EXPECT_EQ((*cert)["certificate_id"], certificate_id);
  EXPECT_FALSE(cert->contains("identity"));
  EXPECT_FALSE(cert->contains("consent"));
  EXPECT_TRUE(cert->contains("certificate"));
  auto erasure = sync::certificationRequestBody(pending->at(1).payload, *diskKey, 0);
  ASSERT_TRUE(erasure) << erasure.error().message;
  EXPECT_TRUE(sync::isErasureRequest(*erasure));
  EXPECT_EQ(pending->at(1).record_id, sync::erasureIdFor(ctx->kiosk_id, learner.id));
  EXPECT_EQ((*erasure)["erasure_id"], pending->at(1).record_id);
  EXPECT_EQ((*erasure)["learner_id"], learner.id);
  EXPECT_EQ((*erasure)["kiosk_id"], ctx->kiosk_id);
  EXPECT_EQ((*erasure)["certificate_ids"], json::array({certificate_id, "cert-delivered-1"}));
  EXPECT_EQ(pending->at(1).time_offset_ms.value_or(-1), 0);
  // The delivered row keeps its place, without the identity.
  auto delivered = json::parse(db.execAndGet("SELECT payload FROM outbox WHERE record_id = 'cert-delivered-1'").getString());
  EXPECT_EQ(delivered["certificate_id"], "cert-delivered-1");
  EXPECT_FALSE(delivered.contains("identity_sealed"));
}

TEST_F(ErasureTest, ALearnerWhoNeverSharedIdentityNeedsNoErasureRequest) {
  app::Registration r = test::consentedRegistration(kName, 1972, "2580");
  r.share_identity_for_certificate = false;
  auto l = learners->registerLearner(r);
  ASSERT_TRUE(l);
  auto done = learners->deleteLearner(l->id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(done->erasure_request_queued);
  EXPECT_EQ(SQLite::Database((dir.path() / "kiosk.db").string())
                .execAndGet("SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification'")
                .getInt(),
            0);
}

TEST_F(ErasureTest, NoFileOfTheDataDirHoldsThemWhileOtherConnectionsAreOpen) {
  registerAndCertify();
  addDeliveredCertificate();
  const auto ciphertexts = storedCiphertexts();
  ASSERT_EQ(ciphertexts.size(), 9u);
  ASSERT_FALSE(filesHolding(ciphertexts).empty()) << "the scan finds what is there";
  // Another connection that has read (idle now), and the kiosk's own sync
  // worker on its connection, reading the outbox every few milliseconds.
  SQLite::Database other((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  ASSERT_EQ(other.execAndGet("SELECT COUNT(*) FROM learners").getInt(), 1);
  sync::SyncWorker::Options options;
  options.database = dir.path() / "kiosk.db";
  options.sync.sync_interval_seconds = 3600;  // nothing configured: no network
  options.change_poll = 5ms;
  std::atomic<int> published{0};
  options.publish = [&](const sync::SyncSnapshot&) { ++published; };
  sync::SyncWorker worker(options);
  ASSERT_TRUE(worker.start());
  worker.notify();

  auto done = learners->deleteLearner(learner.id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(filesHolding(ciphertexts), std::vector<std::string>{});
  EXPECT_EQ(fs::file_size(dir.path() / "kiosk.db-wal"), 0u);
  EXPECT_GT(published.load(), 0);
  worker.stop();
  EXPECT_EQ(other.execAndGet("SELECT COUNT(*) FROM learners WHERE erased_at IS NOT NULL").getInt(), 1);
}

TEST_F(ErasureTest, AReaderHoldingAnOldSnapshotMakesTheDeleteSaySoUntilItLetsGo) {
  registerAndCertify();
  const auto ciphertexts = storedCiphertexts();
  SQLite::Database reader((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  reader.exec("BEGIN");
  ASSERT_EQ(reader.execAndGet("SELECT COUNT(*) FROM learners").getInt(), 1);  // holds its snapshot

  learners->wal_wipe_wait = 300ms;
  auto done = learners->deleteLearner(learner.id);
  ASSERT_FALSE(done) << "the WAL still holds the old pages: the delete must not claim success";
  EXPECT_EQ(done.error().code, ErrorCode::Database);
  EXPECT_NE(done.error().message.find("kiosk.db-wal"), std::string::npos) << done.error().message;
  EXPECT_NE(done.error().message.find("hocso learner delete " + learner.id), std::string::npos);
  auto gone = learners->find(learner.id);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->erased) << "the erasure itself is committed";

  reader.exec("COMMIT");
  ASSERT_TRUE(learners->wipeErasedCopies());
  EXPECT_EQ(filesHolding(ciphertexts), std::vector<std::string>{});
}

}  // namespace
}  // namespace hocso
