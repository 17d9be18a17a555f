// OpenSSL objects held by RAII: unique_ptr types with the matching free
// function, so no early return can leak a key, a context or a BIO; and the
// text of the last OpenSSL error for messages.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

namespace hocso::ossl {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};

using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

// The oldest queued OpenSSL error as text ("unknown OpenSSL error" when none);
// clears the queue so the next call starts clean.
std::string lastError();

// A key from PEM text (PKCS#8 private key or SubjectPublicKeyInfo public
// key, any algorithm); null when it is not one. Never prompts for a
// passphrase: an encrypted key does not load.
Pkey parsePemKey(std::string_view pem_text, bool private_key);
// The PEM text of a key's private (PKCS#8) or public half; "" on failure.
std::string pemOf(const EVP_PKEY* key, bool private_key);

}  // namespace hocso::ossl
