// libFuzzer: the pack reader on arbitrary bytes — the signature trailer, the
// SQLite database opened as an untrusted pack, its tables read into a Pack,
// inspect's counts and a search. Nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/pack_file.hpp"
#include "content/search.hpp"
#include "content/signing.hpp"

using namespace hocso::content;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A signed file is fuzzed through its trailer; anything else as bare SQLite.
  auto trailer = parseTrailer(bytes);
  const std::string_view sqlite = trailer ? bytes.substr(0, trailer->sqlite_size) : bytes;
  const std::vector<TrustedKey> keys = {TrustedKey{"fuzz.pub", trailer ? trailer->signer : PublicKeyBytes{}}};
  (void)verifyPackBytes(bytes, keys, "fuzz");
  (void)inspectPackBytes(bytes);
  auto store = openStoreBytes(sqlite, /*untrusted=*/true);
  if (!store) return 0;
  auto pack = readPackStore(*store);
  if (pack) (void)searchLessons(*pack, "dien thoai");
  return 0;
}
