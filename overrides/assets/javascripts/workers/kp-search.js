// Material's search worker, with one addition for Chinese: a phrase copied from a
// page ranks the sections that contain it, as typed, first.
//
// Material splits a Chinese query into the index's own words (jieba's, from the
// build) and looks for any of them, each as a prefix: a copied phrase such as
// 带画面的短名字 becomes 带* 画面* 的* 短* 名字*, which half the site matches. The
// ranking below keeps Material's results and its order, but moves the sections
// holding the whole phrase to the top. overrides/main.html starts this worker in
// place of Material's and passes Material's worker as ?material=<url>. It sits
// beside Material's worker because that one loads its language files from ../lunr.
(function () {
  "use strict";

  var HAN_RUN = /[\p{sc=Han}\w]*\p{sc=Han}[\p{sc=Han}\w]*/gu;
  var query = "";

  // Registered before Material's own listener, so it sees each query first.
  self.addEventListener("message", function (event) {
    if (event.data && event.data.type === 2) query = String(event.data.data || "");
  });

  importScripts(new URL(self.location.href).searchParams.get("material"));
  // Zensical's search worker has no lunr (and its own tokenizer): it runs as it is.
  if (typeof lunr === "undefined") return;

  var plain = new Map();  // section location -> its title and text, without markup or jieba's zero-width spaces
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    var text = (doc.title || "") + " " + (doc.text || "");
    plain.set(doc[this._ref], text.replace(/<[^>]*>/g, "").replace(/\u200b/g, ""));
    return add.call(this, doc, attributes);
  };

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (queryString) {
    var results = search.call(this, queryString);
    var phrases = (query.replace(/\u200b/g, "").match(HAN_RUN) || []).filter(function (p) { return p.length > 1; });
    if (!phrases.length) return results;
    var top = results.length ? results[0].score : 0;
    results.forEach(function (result) {
      var text = plain.get(result.ref) || "";
      var found = phrases.filter(function (p) { return text.indexOf(p) >= 0; }).length;
      // Material then multiplies each score by at most 5 (whole pages and sections matching
      // more of the words gain): 10 x the best score keeps these above every other result.
      if (found) result.score += 10 * top * found;
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  };
})();
