// libcurl easy interface, used synchronously from the sync thread. Extra CA
// certificates are added to OpenSSL's store (not replacing the system's).
#include "sync/http.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace hocso::sync {
namespace {

size_t onHeader(char* ptr, size_t size, size_t n, void* ud) {
  std::string line(ptr, size * n);
  auto* headers = static_cast<std::map<std::string, std::string>*>(ud);
  // A new status line (e.g. after "100 Continue" or from a proxy) starts a new header set.
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(value.begin());
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
}

// Stop requests and stalls: libcurl's own low-speed check averages over
// several seconds, so a stall is measured here from the last byte moved.
struct Progress {
  const std::atomic<bool>* cancel = nullptr;
  std::chrono::steady_clock::duration stall_limit{};
  std::chrono::steady_clock::time_point last_move = std::chrono::steady_clock::now();
  curl_off_t moved = -1;
  bool stalled = false;
};

int onProgress(void* ud, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t ulnow) {
  auto* p = static_cast<Progress*>(ud);
  if (p->cancel && p->cancel->load()) return 1;
  const auto now = std::chrono::steady_clock::now();
  if (dlnow + ulnow != p->moved) {
    p->moved = dlnow + ulnow;
    p->last_move = now;
  } else if (now - p->last_move > p->stall_limit) {
    p->stalled = true;
    return 1;
  }
  return 0;
}

// Adds the configured CA file to the store libcurl has already filled.
CURLcode onSslContext(CURL*, void* ssl_ctx, void* ud) {
  const auto* file = static_cast<const std::string*>(ud);
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  if (SSL_CTX_load_verify_locations(ctx, file->c_str(), nullptr) != 1) return CURLE_SSL_CACERT_BADFILE;
  return CURLE_OK;
}

TransportError classify(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
      return TransportError::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::Timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::Broken;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportError::Tls;
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportError::Config;
    case CURLE_ABORTED_BY_CALLBACK:
      return TransportError::Cancelled;
    default:
      return TransportError::Other;
  }
}

void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

// Everything libcurl points into while a transfer runs.
struct HttpClient::Transfer {
  HttpRequest req;
  HttpResponse res;
  curl_slist* headers = nullptr;
  char errbuf[CURL_ERROR_SIZE] = {0};
  Progress progress;
  bool running = false;  // false: `res` is already final (nothing was started)
  CURL* curl = nullptr;
  ~Transfer() { curl_slist_free_all(headers); }
};

namespace {

size_t onBody(char* ptr, size_t size, size_t n, void* ud) {
  auto* t = static_cast<HttpClient::Transfer*>(ud);
  if (!t->req.body_sink) {
    t->res.body.append(ptr, size * n);
    return size * n;
  }
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  // Anything other than size * n makes libcurl abort with CURLE_WRITE_ERROR.
  return t->req.body_sink(status, t->res.headers, std::string_view(ptr, size * n)) ? size * n : 0;
}

// Sets the transfer's answer to a failure that happened before any request.
void failBeforeStart(HttpClient::Transfer& t, TransportError error, std::string message) {
  t.res.error = error;
  t.res.transport_error = std::move(message);
}

// Where to connect, for how long, and which servers to trust.
void setConnection(CURL* curl, HttpClient::Transfer& t) {
  const HttpRequest& req = t.req;
  for (const auto& h : req.headers) t.headers = curl_slist_append(t.headers, h.c_str());
  t.headers = curl_slist_append(t.headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, t.errbuf);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, t.headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // A stall (no byte moved either way for timeout_seconds) aborts, see
  // onProgress; the total time is only a backstop for a trickle.
  const long total = req.total_timeout_seconds > 0 ? req.total_timeout_seconds : req.timeout_seconds * 10;
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, total);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(req.timeout_seconds, 15L));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  if (req.follow_redirects) {
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  if (!req.ca_bundle.empty()) {
    if (curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, onSslContext) == CURLE_OK) {
      curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &req.ca_bundle);
    } else {
      curl_easy_setopt(curl, CURLOPT_CAINFO, req.ca_bundle.c_str());  // TLS backend without SSL_CTX
    }
  }
}

// The method, its body and the credentials.
void setMethod(CURL* curl, const HttpRequest& req) {
  if (!req.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, req.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, req.password.c_str());
  }
  if (req.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  } else if (req.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (!req.body.empty()) {  // PUT, PATCH (Syncthing's REST API)
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
  }
}

// Progress (stop and stall checks), body and header callbacks, all pointing into `t`.
void setCallbacks(CURL* curl, HttpClient::Transfer& t) {
  t.progress.cancel = t.req.cancel;
  t.progress.stall_limit = std::chrono::seconds(t.req.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t.progress);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
  t.curl = curl;
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t.res.headers);
}

}  // namespace

HttpClient::HttpClient() {
  globalInit();
  curl_ = curl_easy_init();
  multi_ = curl_multi_init();
}

HttpClient::~HttpClient() {
  if (transfer_ && transfer_->running) curl_multi_remove_handle(static_cast<CURLM*>(multi_), static_cast<CURL*>(curl_));
  transfer_.reset();
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
  if (multi_) curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void HttpClient::begin(const HttpRequest& request) {
  if (transfer_ && transfer_->running) (void)finish();
  transfer_ = std::make_unique<Transfer>();
  Transfer& t = *transfer_;
  t.req = request;
  if (!curl_ || !multi_) return failBeforeStart(t, TransportError::Other, "libcurl could not be initialised");
  if (!t.req.ca_bundle.empty()) {
    std::FILE* f = std::fopen(t.req.ca_bundle.c_str(), "rb");
    if (!f)
      return failBeforeStart(t, TransportError::Config,
                             "cannot read the CA bundle " + t.req.ca_bundle + " ([sync] ca_bundle)");
    std::fclose(f);
  }
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // the multi handle keeps the connection, DNS and TLS session caches
  setConnection(curl, t);
  setMethod(curl, t.req);
  setCallbacks(curl, t);
  if (t.req.cancel && t.req.cancel->load()) return failBeforeStart(t, TransportError::Cancelled, "stopped");
  auto* multi = static_cast<CURLM*>(multi_);
  if (curl_multi_add_handle(multi, curl) != CURLM_OK)
    return failBeforeStart(t, TransportError::Other, "curl_multi_add_handle failed");
  t.running = true;
  int running = 0;
  curl_multi_perform(multi, &running);  // connect and send what the socket takes now
}

HttpResponse HttpClient::finish() {
  if (!transfer_) {
    HttpResponse res;
    res.error = TransportError::Other;
    res.transport_error = "no request was started";
    return res;
  }
  std::unique_ptr<Transfer> t = std::move(transfer_);
  if (!t->running) return std::move(t->res);
  auto* multi = static_cast<CURLM*>(multi_);
  auto* curl = static_cast<CURL*>(curl_);
  int running = 1;
  while (curl_multi_perform(multi, &running) == CURLM_OK && running > 0)
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);  // onProgress runs at least once a second
  CURLcode rc = CURLE_RECV_ERROR;
  int left = 0;
  while (CURLMsg* m = curl_multi_info_read(multi, &left))
    if (m->msg == CURLMSG_DONE && m->easy_handle == curl) rc = m->data.result;
  curl_multi_remove_handle(multi, curl);
  t->running = false;
  HttpResponse& res = t->res;
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res.status);
  } else {
    res.status = 0;
    res.error = classify(rc);
    res.transport_error = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
    if (rc == CURLE_WRITE_ERROR && t->req.body_sink) {
      res.error = TransportError::Cancelled;
      res.transport_error = "stopped by the receiver";
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK && t->progress.stalled) {
      res.error = TransportError::Timeout;
      res.transport_error = "nothing moved for " + std::to_string(t->req.timeout_seconds) + " s";
    }
    res.body.clear();
  }
  return std::move(res);
}

HttpResponse HttpClient::perform(const HttpRequest& req) {
  begin(req);
  return finish();
}

HttpResponse perform(const HttpRequest& req) {
  HttpClient client;
  return client.perform(req);
}

}  // namespace hocso::sync
