// A small libcurl wrapper: one request, one response, on a reusable handle
// (keep-alive). TLS verification is always on; a CA bundle may be added to
// the system's; proxies come from the environment (http_proxy, https_proxy).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hocso::sync {

// Receives the answer's body as it arrives instead of HttpResponse::body
// (downloads): the status and headers of the answer, then a piece of the
// body. Returning false aborts the transfer (TransportError::Cancelled,
// "stopped by the receiver").
using BodySink = std::function<bool(long status, const std::map<std::string, std::string>& headers,
                                    std::string_view data)>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;   // "Name: value"
  std::string body;
  std::string username, password;     // Basic auth when username is set
  std::string ca_bundle;              // extra trusted CAs (PEM), added to the system store
  long timeout_seconds = 30;          // nothing moving for this long aborts (whole request: 10×)
  long total_timeout_seconds = 0;     // the whole request at most this long; 0: 10 × timeout_seconds
  bool follow_redirects = false;      // up to 5 redirects (http and https only)
  BodySink body_sink;                 // set: the body goes here, HttpResponse::body stays empty
  const std::atomic<bool>* cancel = nullptr;  // set → the transfer is aborted within ~1 s
};

// Why no HTTP answer came back (status == 0).
enum class TransportError {
  None,
  Connect,    // refused, unreachable, DNS failure, proxy failure
  Timeout,    // stalled or too slow
  Broken,     // reset, or the answer was cut short
  Tls,        // certificate not trusted / handshake failed
  Config,     // bad URL, unreadable CA bundle
  Cancelled,  // HttpRequest::cancel was set
  Other,
};

struct HttpResponse {
  long status = 0;                    // 0 when no HTTP answer came back
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names (last value wins)
  TransportError error = TransportError::None;
  std::string transport_error;        // curl's message when status == 0
};

// Reuses one connection between requests. Not thread-safe: one per thread.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse perform(const HttpRequest& req);

  // The same in two steps, so the caller can do local work (a commit) while
  // the request travels and the server works: begin() connects and sends
  // what the socket takes without waiting; finish() completes and returns
  // the answer. One request at a time.
  void begin(const HttpRequest& req);
  HttpResponse finish();

  struct Transfer;  // what libcurl's callbacks point into (private to http.cpp)

 private:
  void* curl_ = nullptr;
  void* multi_ = nullptr;
  std::unique_ptr<Transfer> transfer_;
};

// One request on a fresh handle.
HttpResponse perform(const HttpRequest& req);

}  // namespace hocso::sync
