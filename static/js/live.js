// The projector view of the live dialogue: htmx polls the feed; this keeps the last state on screen.
// - An unchanged feed (304, or the browser's revalidated copy with the same ETag) is not swapped in again.
// - A failed poll (network error, timeout, 4xx/5xx) never blanks the page: the last state stays and a small notice
//   says the page is retrying; htmx's "every Ns" trigger keeps polling.
(function () {
  "use strict";
  var feed = document.getElementById("live-feed");
  if (!feed) {
    return;
  }
  var status = document.getElementById("live-status");
  var lastEtag = feed.getAttribute("data-etag");

  function setOffline(offline) {
    if (status) {
      status.hidden = !offline;
    }
  }

  function isFeed(event) {
    return event.detail && event.detail.elt === feed;
  }

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!isFeed(event)) {
      return;
    }
    var xhr = event.detail.xhr;
    if (xhr.status === 304) {
      event.detail.shouldSwap = false;
      return;
    }
    if (xhr.status >= 400 || !xhr.responseText) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      setOffline(true);
      return;
    }
    var etag = xhr.getResponseHeader("ETag");
    if (etag && etag === lastEtag) {
      event.detail.shouldSwap = false;
    }
    if (etag) {
      lastEtag = etag;
      feed.setAttribute("data-etag", etag);
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (isFeed(event)) {
      var xhr = event.detail.xhr;
      setOffline(!(xhr && xhr.status > 0 && xhr.status < 400));
    }
  });

  ["htmx:sendError", "htmx:timeout", "htmx:responseError"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      if (isFeed(event)) {
        setOffline(true);
      }
    });
  });
})();
