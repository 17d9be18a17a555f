// UUIDs and timestamps.
#include "base/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "base/openssl.hpp"

namespace hocso {
namespace {

std::string format(const std::array<unsigned char, 16>& b) {
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

std::array<unsigned char, 16> parse(const std::string& uuid) {
  std::array<unsigned char, 16> b{};
  size_t j = 0;
  for (size_t i = 0; i < uuid.size() && j < 16; ++i) {
    if (uuid[i] == '-') continue;
    unsigned v = 0;
    if (std::sscanf(uuid.c_str() + i, "%2x", &v) != 1) throw std::invalid_argument("bad uuid");
    b[j++] = static_cast<unsigned char>(v);
    ++i;
  }
  if (j != 16) throw std::invalid_argument("bad uuid: " + uuid);
  return b;
}

}  // namespace

std::string uuid4() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return format(b);
}

std::string uuid5(const std::string& ns, const std::string& name) {
  auto nsb = parse(ns);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), nsb.data(), nsb.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), name.data(), name.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1)
    throw std::runtime_error("SHA-1 failed: " + ossl::lastError());
  std::array<unsigned char, 16> b{};
  for (size_t i = 0; i < 16; ++i) b[i] = digest[i];
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x50);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return format(b);
}

std::string nowIso8601() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace hocso
