// One error type for the whole kiosk: a machine-readable code plus a message
// for the operator (English, CLI and logs). Fallible calls return Result<T>.
#pragma once

#include <string>
#include <tl/expected.hpp>

namespace hocso {

enum class ErrorCode {
  Invalid,        // bad input from a user, a file or a server
  NotFound,
  Config,         // configuration is missing or malformed
  Database,       // SQLite failed (disk full, corrupt file, ...)
  SchemaTooNew,   // the database was written by a newer HọcSố
  Crypto,
  Network,        // transient: try again later
  Credentials,    // the server refused our credentials
  Io,
  Exists,         // the thing to create is already there (writeFileDurably(exclusive))
  WrongMachine,   // the kiosk's data and identity were copied from another machine (a cloned disk)
  Damaged,        // a file's bytes do not match their signature or their format (damage or tampering)
  Untrusted,      // signed, but by no key this kiosk trusts (or no key to check with)
  TooOld,         // older than what is installed: a downgrade is refused
  Mismatch,       // the keys, kiosk.db and the record chain's anchor do not belong together
  Expired,        // too late: the time allowed is over (an exam's clock)
};

struct Error {
  ErrorCode code = ErrorCode::Invalid;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace hocso
