// Test helper: queues N certificate submissions in kiosk.db through the sync
// API (certificates themselves come from the assessment issue). Even-numbered
// ones carry consented identity; ids starting "reject-" are refused by the
// test server. Usage: cert_enqueue DATA_DIR N [ID_PREFIX]
#include <SQLiteCpp/Transaction.h>

#include <iostream>
#include <string>

#include "base/crypto.hpp"
#include "kiosk_context.hpp"
#include "sync/certification.hpp"

int main(int argc, char** argv) {
  using namespace hocso;
  if (argc < 3) {
    std::cerr << "usage: cert_enqueue DATA_DIR N [ID_PREFIX]\n";
    return 2;
  }
  const std::filesystem::path dataDir = argv[1];
  const int n = std::stoi(argv[2]);
  const std::string prefix = argc > 3 ? argv[3] : "cert-";
  auto db = app::openKioskDatabase(dataDir);
  if (!db) {
    std::cerr << db.error().message << "\n";
    return 1;
  }
  auto cipher = FieldCipher::loadOrCreate(dataDir / "keys" / "data.key");
  if (!cipher) {
    std::cerr << cipher.error().message << "\n";
    return 1;
  }
  try {
    SQLite::Transaction tx(**db);
    sync::OutboxRepository outbox(**db);
    for (int i = 0; i < n; ++i) {
      sync::CertificateSubmission s;
      s.certificate_id = prefix + std::to_string(i);
      s.learner_id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(i).size(), '0') + std::to_string(i);
      s.kiosk_id = "kiosk-it";
      s.site_id = "cert-site";
      s.issued_at = "2026-11-22T05:00:00.000Z";
      s.certificate = {{"payload", {{"certificate_id", s.certificate_id}, {"level", "co-ban"}, {"score", 0.9}}},
                       {"alg", "Ed25519"},
                       {"signature", "c2lnbmF0dXJlLW9mLXRlc3QtY2VydGlmaWNhdGU"}};
      if (i % 2 == 0)
        s.identity = sync::ConsentedIdentity{"Trần Thị Mai " + std::to_string(i), "00119500000" + std::to_string(i % 10),
                                             "0912000000", 1970, "2026-11-22T04:55:00.000Z", "consent-2026-1"};
      if (auto ok = sync::enqueueCertificate(outbox, s, *cipher); !ok) {
        std::cerr << ok.error().message << "\n";
        return 1;
      }
    }
    tx.commit();
  } catch (const SQLite::Exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
