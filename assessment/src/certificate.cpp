// The kiosk's certificate signing key (base/ed25519.hpp), the compact
// payload, its verification, and the certificates table.
#include "assessment/certificate.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <cmath>
#include <openssl/evp.h>
#include <sys/stat.h>


#include "base/crypto.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {
namespace fs = std::filesystem;
using nlohmann::json;

// ---- keys --------------------------------------------------------------------

fs::path KioskSigner::privateKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "kiosk-signing.pem"; }
fs::path KioskSigner::publicKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "kiosk-signing.pub.pem"; }

Result<std::shared_ptr<KioskSigner>> KioskSigner::load(const fs::path& private_pem) {
  struct stat st {};
  if (::stat(private_pem.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(private_pem.c_str(), 0600);
  auto key = Ed25519PrivateKey::fromPemFile(private_pem);
  if (!key) {
    if (key.error().code == ErrorCode::NotFound)
      return fail(ErrorCode::NotFound, "cannot read the kiosk signing key " + private_pem.string());
    return fail(ErrorCode::Crypto, "the kiosk signing key " + private_pem.string() +
                                       " is damaged or not Ed25519; restore it from the key backup (hocso keys restore)");
  }
  return std::make_shared<KioskSigner>(std::move(*key));
}

Result<std::shared_ptr<KioskSigner>> KioskSigner::loadOrCreate(const fs::path& data_dir) {
  const fs::path priv = privateKeyFile(data_dir), pub = publicKeyFile(data_dir);
  std::error_code ec;
  if (!fs::exists(priv, ec)) {
    if (fs::exists(pub, ec))
      return fail(ErrorCode::Crypto, "the kiosk signing key " + priv.string() +
                                         " is missing but its public key exists; restore the keys (hocso keys restore)");
    fs::create_directories(priv.parent_path(), ec);
    ::chmod(priv.parent_path().c_str(), 0700);
    if (auto ok = generateEd25519KeyPair(priv, pub); !ok) return tl::unexpected(ok.error());
  }
  auto signer = load(priv);
  if (!signer) return signer;
  if (!fs::exists(pub, ec)) {  // recreate a lost public half from the private key
    auto pem = ed25519PublicKeyPem((*signer)->publicKey());
    if (pem) (void)writeFileDurably(pub, *pem, 0644);  // best effort: the private key signs either way
  }
  return signer;
}

// ---- base64url ---------------------------------------------------------------

std::string base64url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::optional<std::string> unbase64url(const std::string& text) {
  std::string s = text;
  for (char& c : s) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!(std::isalnum(static_cast<unsigned char>(c)))) return std::nullopt;
  }
  if (s.size() % 4 == 1) return std::nullopt;
  const size_t pad = (4 - s.size() % 4) % 4;
  s.append(pad, '=');
  std::string out(s.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<size_t>(n) - pad);
  // Canonical only: the unused low bits of the last character must be zero,
  // i.e. the decoded bytes encode back to exactly the text given.
  if (base64url(out) != text) return std::nullopt;
  return out;
}

// ---- the payload ---------------------------------------------------------------

json Certificate::claims() const {
  json c = {{"v", version()},
             {"id", id},
             {"learner", learner_id},
             {"target_group", target_group},
             {"framework", framework},
             {"framework_version", framework_version},
             {"score", score},
             {"date", date},
             {"site", site_id},
             {"kiosk", kiosk_id},
             {"key", key_id}};
  if (version() >= 2) c["facilitator"] = facilitator_id;
  return c;
}

Result<void> signCertificate(Certificate& cert, const KioskSigner& signer) {
  Certificate signedCert = cert;
  signedCert.key_id = signer.keyId();
  const std::string body = base64url(signedCert.claims().dump());
  auto sig = signer.sign(body);
  if (!sig) return fail(sig.error().code, "cannot sign the certificate: " + sig.error().message);
  signedCert.payload = body + "." + base64url(std::string(reinterpret_cast<const char*>(sig->data()), sig->size()));
  cert = std::move(signedCert);
  return {};
}

namespace {

// A check step's value, or the one-line problem that ends the check.
template <class T>
using Checked = tl::expected<T, std::string>;

// The parts of "<claims>.<signature>", both base64url, decoded.
struct PayloadParts {
  std::string payload;  // as given, without surrounding white space
  std::string body;     // the signed text: the claims, still encoded
  std::string claims_text;
  std::string signature;
};

Checked<PayloadParts> splitPayload(const std::string& input) {
  std::string payload = input;
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.back()))) payload.pop_back();
  while (!payload.empty() && std::isspace(static_cast<unsigned char>(payload.front()))) payload.erase(0, 1);
  const size_t dot = payload.find('.');
  if (dot == std::string::npos || payload.find('.', dot + 1) != std::string::npos || dot == 0 ||
      dot + 1 == payload.size())
    return tl::unexpected(std::string("not a certificate payload: expected two base64url parts separated by one '.'"));
  const std::string body = payload.substr(0, dot);
  auto claimsText = unbase64url(body);
  auto sig = unbase64url(payload.substr(dot + 1));
  if (!claimsText || !sig)
    return tl::unexpected(std::string("the payload is damaged: it is not valid base64url (was it copied completely?)"));
  if (sig->size() != 64)
    return tl::unexpected("the signature is damaged: " + std::to_string(sig->size()) + " bytes instead of 64");
  return PayloadParts{std::move(payload), body, std::move(*claimsText), std::move(*sig)};
}

// Version 1 (no "v" in the oldest test data, or 1) has no facilitator;
// version 2 must name one.
Checked<int> payloadVersion(const json& c) {
  int version = 1;
  if (c.contains("v")) {
    if (!c["v"].is_number_integer() || c["v"].get<long long>() < 1)
      return tl::unexpected(std::string("the certificate has no valid 'v' (payload version)"));
    if (c["v"].get<long long>() > kCertificatePayloadVersion)
      return tl::unexpected("the certificate has payload version " + std::to_string(c["v"].get<long long>()) +
                            ", newer than this HọcSố reads (" + std::to_string(kCertificatePayloadVersion) +
                            "); update the software that verifies it");
    version = static_cast<int>(c["v"].get<long long>());
  }
  if (version >= 2 && (!c.contains("facilitator") || !c["facilitator"].is_string() ||
                       c["facilitator"].get<std::string>().empty()))
    return tl::unexpected(std::string("the certificate has no 'facilitator'"));
  return version;
}

// The claims, each field present with its type.
Checked<Certificate> readClaims(const std::string& claimsText) {
  json c = json::parse(claimsText, nullptr, false);
  if (!c.is_object()) return tl::unexpected(std::string("the certificate data is not JSON"));
  for (const char* field : {"id", "learner", "target_group", "framework", "framework_version", "date", "site", "kiosk", "key"})
    if (!c.contains(field) || !c[field].is_string())
      return tl::unexpected(std::string("the certificate has no '") + field + "'");
  if (!c.contains("score") || !c["score"].is_number()) return tl::unexpected(std::string("the certificate has no 'score'"));
  const auto version = payloadVersion(c);
  if (!version) return tl::unexpected(version.error());
  Certificate cert;
  cert.id = c["id"];
  cert.learner_id = c["learner"];
  cert.target_group = c["target_group"];
  cert.framework = c["framework"];
  cert.framework_version = c["framework_version"];
  cert.score = c["score"].get<double>();
  cert.date = c["date"];
  cert.site_id = c["site"];
  cert.kiosk_id = c["kiosk"];
  cert.key_id = c["key"];
  if (*version >= 2) cert.facilitator_id = c["facilitator"];
  return cert;
}

// Only a given key whose id the payload names can vouch for it; the
// signature is then checked with exactly that key.
Checked<Ed25519PublicKey> signingKey(const PayloadParts& parts, const std::string& key_id,
                                     const std::vector<Ed25519PublicKey>& trusted) {
  std::vector<const Ed25519PublicKey*> named;
  for (const auto& k : trusted)
    if (keyIdOf(k) == key_id) named.push_back(&k);
  if (named.empty()) {
    std::string known;
    for (const auto& k : trusted) known += (known.empty() ? "" : ", ") + keyIdOf(k);
    return tl::unexpected("signed by key " + key_id + ", which is not a trusted kiosk key (" +
                          (known.empty() ? "none given" : known) + "); give the issuing kiosk's public key with --pubkey");
  }
  const auto* sigBytes = reinterpret_cast<const unsigned char*>(parts.signature.data());
  for (const Ed25519PublicKey* key : named)
    if (verifyEd25519(*key, parts.body, sigBytes, parts.signature.size())) return *key;
  return tl::unexpected("the signature does not match: the certificate was altered or was not issued by kiosk key " +
                        key_id);
}

}  // namespace

CertificateCheck verifyCertificatePayload(const std::string& input, const std::vector<Ed25519PublicKey>& trusted) {
  CertificateCheck out;
  auto refuse = [&out](std::string problem) {
    out.problem = std::move(problem);
    return out;
  };
  const auto parts = splitPayload(input);
  if (!parts) return refuse(parts.error());
  auto cert = readClaims(parts->claims_text);
  if (!cert) return refuse(cert.error());
  out.certificate = std::move(*cert);
  out.certificate.payload = parts->payload;
  const auto key = signingKey(*parts, out.certificate.key_id, trusted);
  if (!key) return refuse(key.error());
  out.signer = *key;
  out.valid = true;
  return out;
}

// ---- the table -----------------------------------------------------------------

namespace {

constexpr const char* kCols =
    "id, result_id, learner_id, target_group, framework, framework_version, score, issued_on, site_id, kiosk_id, "
    "key_id, payload, issued_at, facilitator_id";

Certificate rowToCertificate(const SQLite::Statement& q) {
  Certificate c;
  readColumns(q, c.id, c.result_id, c.learner_id, c.target_group, c.framework, c.framework_version, c.score, c.date,
              c.site_id, c.kiosk_id, c.key_id, c.payload, c.issued_at, c.facilitator_id);  // kCols' order
  return c;
}

}  // namespace

Result<Certificate> issueCertificate(SQLite::Database& db, const KioskSigner& signer, const CertificateFacts& f) {
  Certificate cert;
  cert.id = uuid5(kHocsoNamespace, f.kiosk_id + "/certificate/" + f.result_id);
  cert.result_id = f.result_id;
  cert.learner_id = f.learner_id;
  cert.target_group = f.target_group;
  cert.framework = f.framework;
  cert.framework_version = f.framework_version;
  cert.score = std::round(f.percent * 10) / 10;
  cert.date = f.local_date;
  cert.site_id = f.site_id;
  cert.kiosk_id = f.kiosk_id;
  cert.issued_at = f.issued_at;
  cert.facilitator_id = f.facilitator_id;  // payload version 2
  if (auto ok = signCertificate(cert, signer); !ok) return tl::unexpected(ok.error());
  if (auto ok = CertificateRepository(db).insert(cert); !ok) return tl::unexpected(ok.error());
  return cert;
}

Result<void> CertificateRepository::insert(const Certificate& c) {
  return guardedSql("saving the certificate failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, std::string("INSERT INTO certificates(") + kCols +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, c.id, c.result_id, c.learner_id, c.target_group, c.framework, c.framework_version, c.score, c.date,
                 c.site_id, c.kiosk_id, c.key_id, c.payload, c.issued_at);
    if (c.facilitator_id.empty())
      q.bind(14);
    else
      q.bind(14, c.facilitator_id);
    q.exec();
    return {};
  });
}

Result<Certificate> CertificateRepository::find(const std::string& id) {
  return guardedSql("reading the certificate failed", [&]() -> Result<Certificate> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols + " FROM certificates WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no certificate " + id);
    return rowToCertificate(q);
  });
}

Result<std::optional<Certificate>> CertificateRepository::forResult(const std::string& result_id) {
  return guardedSql("reading the certificate failed", [&]() -> Result<std::optional<Certificate>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols + " FROM certificates WHERE result_id = ?");
    q.bind(1, result_id);
    return firstRow(q, rowToCertificate);
  });
}

Result<std::vector<Certificate>> CertificateRepository::all() {
  return guardedSql("reading certificates failed", [&]() -> Result<std::vector<Certificate>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols + " FROM certificates ORDER BY issued_at, rowid");
    return allRows(q, rowToCertificate);
  });
}

}  // namespace hocso::assessment
