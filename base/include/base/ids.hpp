// Identifiers: random UUIDv4 for new records, UUIDv5 for ids that must come
// out the same on every retry (xAPI statement ids).
#pragma once

#include <string>

namespace hocso {

std::string uuid4();
// UUIDv5 (SHA-1, RFC 4122) of `name` in the namespace `ns` (a UUID string).
std::string uuid5(const std::string& ns, const std::string& name);
// The namespace under which HọcSố derives its ids.
inline constexpr const char* kHocsoNamespace = "5b0a9c36-7c2e-5d0b-9a8e-1f4c7e0d3a21";

// Current UTC time as ISO 8601 with milliseconds: 2026-11-22T04:40:33.544Z
std::string nowIso8601();

}  // namespace hocso
