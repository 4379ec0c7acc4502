// The only script of the portal. A password link carries its token in the URL fragment
// (#token=...), which browsers never send to a server; this moves it into the form and out of
// the address bar and history. Without JavaScript, the field stays visible for pasting.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) { return; }
  document.getElementById("token").value = decodeURIComponent(match[1]);
  document.getElementById("token-field").hidden = true;
  window.history.replaceState(null, "", window.location.pathname);
});
