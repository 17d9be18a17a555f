// The base layer's one Ed25519 helper: signing fails closed (a key that
// cannot sign gives an error, never a zero signature), sign/verify round
// trip, tampering and strict signature lengths, PEM files (bounded read),
// key ids; and canonical base64url (certificate_test.cpp checks it on a
// certificate payload).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <fstream>

#include "assessment/certificate.hpp"
#include "base/ed25519.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

ossl::Pkey keyOfType(int type) {
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_id(type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) return nullptr;
  return ossl::Pkey(raw);
}

TEST(Ed25519, AKeyThatCannotSignGivesAnErrorNeverASignature) {
  EXPECT_FALSE(ed25519Sign(nullptr, "message"));
  auto x25519 = keyOfType(EVP_PKEY_X25519);
  ASSERT_TRUE(x25519);
  auto r = ed25519Sign(x25519.get(), "message");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Crypto);
  ossl::Pkey rsa(EVP_RSA_gen(1024));
  ASSERT_TRUE(rsa);
  EXPECT_FALSE(ed25519Sign(rsa.get(), "message"));
  // An Ed25519 public key alone cannot sign either.
  auto pair = Ed25519PrivateKey::generate();
  ASSERT_TRUE(pair);
  const auto& pub = pair->publicKey();
  ossl::Pkey publicOnly(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size()));
  ASSERT_TRUE(publicOnly);
  auto p = ed25519Sign(publicOnly.get(), "message");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::Crypto);
}

TEST(Ed25519, SignsVerifiesAndRefusesTampering) {
  auto key = Ed25519PrivateKey::generate();
  ASSERT_TRUE(key) << key.error().message;
  auto sig = key->sign("hello kiosk");
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_NE(*sig, Ed25519Signature{}) << "never an all-zero signature";
  EXPECT_TRUE(ed25519Verify(key->publicKey(), "hello kiosk", sig->data(), sig->size()));
  EXPECT_FALSE(ed25519Verify(key->publicKey(), "hello kiosK", sig->data(), sig->size()));
  auto flipped = *sig;
  flipped[10] ^= 1;
  EXPECT_FALSE(ed25519Verify(key->publicKey(), "hello kiosk", flipped.data(), flipped.size()));
  EXPECT_FALSE(ed25519Verify(key->publicKey(), "hello kiosk", sig->data(), 63));
  EXPECT_FALSE(ed25519Verify(key->publicKey(), "hello kiosk", nullptr, 64));
  const Ed25519Signature zero{};
  EXPECT_FALSE(ed25519Verify(key->publicKey(), "hello kiosk", zero.data(), zero.size()));
  auto other = Ed25519PrivateKey::generate();
  ASSERT_TRUE(other);
  EXPECT_FALSE(ed25519Verify(other->publicKey(), "hello kiosk", sig->data(), sig->size()));
  EXPECT_NE(key->keyId(), other->keyId());
  EXPECT_EQ(key->keyId().size(), 16u);
}

TEST(Ed25519, PemFilesRoundTripAndAreReadBounded) {
  test::TempDir dir;
  const auto priv = dir.path() / "k.pem", pub = dir.path() / "k.pub.pem";
  ASSERT_TRUE(generateEd25519KeyPair(priv, pub));
  auto key = Ed25519PrivateKey::fromPemFile(priv);
  ASSERT_TRUE(key) << key.error().message;
  auto pubKey = readEd25519PublicKeyPem(pub);
  ASSERT_TRUE(pubKey) << pubKey.error().message;
  EXPECT_EQ(*pubKey, key->publicKey());
  auto pem = ed25519PublicKeyPem(*pubKey);
  ASSERT_TRUE(pem);
  EXPECT_EQ(parseEd25519PublicKeyPem(*pem, "pem").value(), *pubKey);
  // A public key where a private one is expected, and the reverse, are refused.
  EXPECT_FALSE(Ed25519PrivateKey::fromPemFile(pub));
  EXPECT_FALSE(readEd25519PublicKeyPem(priv));
  // A huge file is refused unread.
  const auto big = dir.path() / "big.pem";
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string(kMaxPemFileBytes + 10, 'A');
  }
  auto r = readEd25519PublicKeyPem(big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  EXPECT_EQ(readEd25519PublicKeyPem(dir.path() / "missing.pem").error().code, ErrorCode::NotFound);
}

// base64url: a text whose last character differs only in the unused low bits
// decodes to the same bytes; only the canonical text may be accepted.
TEST(Ed25519, Base64urlDecodingIsCanonical) {
  const std::string bytes(64, '\x5a');  // 64 bytes: 86 characters, the last holds 4 unused bits
  const std::string text = assessment::base64url(bytes);
  ASSERT_EQ(text.size(), 86u);
  ASSERT_EQ(assessment::unbase64url(text), bytes);
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const size_t last = alphabet.find(text.back());
  for (size_t unused = 1; unused < 16; ++unused) {
    std::string odd = text;
    odd.back() = alphabet[last ^ unused];
    EXPECT_FALSE(assessment::unbase64url(odd)) << "accepted " << odd.back() << " for " << text.back();
  }
  // One byte: two characters, the second holds 4 unused bits.
  EXPECT_EQ(assessment::unbase64url("QQ"), std::string("A"));
  EXPECT_FALSE(assessment::unbase64url("QR"));
  EXPECT_FALSE(assessment::unbase64url("QQ=="));
}

}  // namespace
}  // namespace hocso
