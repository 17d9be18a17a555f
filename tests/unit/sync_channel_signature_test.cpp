// The channel manifest's embedded signature: a signed manifest verifies (also
// re-indented or with its members reordered), and an unsigned one, one signed
// by an untrusted key, a changed one and a malformed signature are refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sync/channel_signature.hpp"
#include "sync/status_text.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;

const std::string kName = "the channel manifest https://c.example.vn/channel.json";

std::string manifestText() {
  return json{{"format", 1},
              {"packs", json::array({{{"id", "vn.hocso.starter"},
                                      {"version", "0.3.0"},
                                      {"url", "packs/starter-0.3.0.hocsopack"},
                                      {"size", 123000},
                                      {"sha256", std::string(64, 'a')},
                                      {"title", "Khởi đầu — bản 3"}}})}}
      .dump();
}

struct Keys {
  Ed25519PrivateKey publisher = *Ed25519PrivateKey::generate();
  Ed25519PrivateKey other = *Ed25519PrivateKey::generate();
  std::vector<content::TrustedKey> trusted{{"publisher.pub", publisher.publicKey()}};
};

TEST(ChannelSignature, SignedManifestVerifiesWhateverItsLayout) {
  Keys k;
  auto signedText = signChannelManifest(manifestText(), k.publisher);
  ASSERT_TRUE(signedText) << signedText.error().message;
  const json j = json::parse(*signedText);
  EXPECT_EQ(j["signature"]["key_id"], k.publisher.keyId());
  auto check = checkManifestSignature(*signedText, k.trusted, kName);
  EXPECT_EQ(check.problem, ManifestSignatureProblem::None) << check.message;
  EXPECT_EQ(check.trusted_key, "publisher.pub");
  // The canonical form does not depend on whitespace or member order.
  EXPECT_EQ(checkManifestSignature(j.dump(), k.trusted, kName).problem, ManifestSignatureProblem::None);
  const std::string reordered = R"({"signature": )" + j["signature"].dump(4) + R"(, "packs": )" + j["packs"].dump() +
                                R"(,   "format": 1})";
  EXPECT_EQ(checkManifestSignature(reordered, k.trusted, kName).problem, ManifestSignatureProblem::None);
  // Signing again replaces the signature.
  auto again = signChannelManifest(*signedText, k.other);
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(*again)["signature"]["key_id"], k.other.keyId());
}

TEST(ChannelSignature, UnsignedUntrustedChangedAndMalformedAreRefused) {
  Keys k;
  auto check = checkManifestSignature(manifestText(), k.trusted, kName);
  EXPECT_EQ(check.problem, ManifestSignatureProblem::Unsigned);
  EXPECT_EQ(check.message.rfind(kName + " is not signed", 0), 0u) << check.message;

  auto byOther = signChannelManifest(manifestText(), k.other);
  ASSERT_TRUE(byOther);
  check = checkManifestSignature(*byOther, k.trusted, kName);
  EXPECT_EQ(check.problem, ManifestSignatureProblem::UntrustedKey);
  EXPECT_NE(check.message.find("signed by key " + k.other.keyId() + ", which is not a trusted key"), std::string::npos)
      << check.message;

  auto good = signChannelManifest(manifestText(), k.publisher);
  ASSERT_TRUE(good);
  for (auto change : {+[](json& j) { j["packs"][0]["version"] = "0.4.0"; },
                      +[](json& j) { j["packs"][0]["sha256"] = std::string(64, 'b'); },
                      +[](json& j) { j["packs"].push_back(j["packs"][0]); },
                      +[](json& j) { j["packs"][0]["title"] = "Khởi đầu — bản 4"; },  // even a field kiosks ignore
                      +[](json& j) { j["extra"] = true; }}) {
    json j = json::parse(*good);
    change(j);
    check = checkManifestSignature(j.dump(), k.trusted, kName);
    EXPECT_EQ(check.problem, ManifestSignatureProblem::Mismatch) << j.dump();
    EXPECT_NE(check.message.find("changed after signing"), std::string::npos) << check.message;
  }

  for (auto damage : {+[](json& s) { s = "abc"; }, +[](json& s) { s.erase("ed25519"); },
                      +[](json& s) { s["ed25519"] = s["ed25519"].get<std::string>().substr(2); },
                      +[](json& s) {  // the same signature in upper case: one spelling only
                        std::string v = s["ed25519"];
                        for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        s["ed25519"] = v;
                      },
                      +[](json& s) { s["key_id"] = "0000000000000000"; }}) {
    json j = json::parse(*good);
    damage(j["signature"]);
    check = checkManifestSignature(j.dump(), k.trusted, kName);
    EXPECT_EQ(check.problem, ManifestSignatureProblem::Malformed) << j.dump();
  }
  EXPECT_EQ(checkManifestSignature("[]", k.trusted, kName).problem, ManifestSignatureProblem::Malformed);
  EXPECT_FALSE(signChannelManifest("{not json", k.publisher));
  EXPECT_FALSE(signChannelManifest("[1]", k.publisher));
}

TEST(ChannelSignature, RefusedManifestsHaveTheirOwnVietnameseStatus) {
  ContentStatus s;
  s.configured = true;
  s.result = "refused";
  s.last_error_kind = "signature";
  EXPECT_EQ(contentSummaryVi(s),
            "Danh sách nội dung trên máy chủ không có chữ ký hợp lệ, máy giữ nội dung cũ — báo kỹ thuật viên");
  s.last_error_kind = "downgrade";
  EXPECT_EQ(contentSummaryVi(s),
            "Máy chủ nội dung chỉ có phiên bản cũ hơn bản đang dùng, máy giữ nội dung hiện tại — báo kỹ thuật viên");
  s.last_error_kind = "invalid";
  EXPECT_EQ(contentSummaryVi(s), "Gói nội dung tải về không hợp lệ, máy giữ nội dung cũ — báo kỹ thuật viên");
}

}  // namespace
}  // namespace hocso::sync
