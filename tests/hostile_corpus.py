"""Bad contributions, each with what must happen to it.

A case replaces one file of the mini catalog with the given bytes. `expect`
is a list of message fragments that must all appear, each as
"<file>:<line>: field '<field>': <message start>" (line None: any line), or
SAFE: validation passes and the rendered pages carry no live script.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from catalog_factory import pattern, quote

SAFE = "builds safely"
PATTERN = "patterns/first-pattern.yml"
QUOTES = "content/quotes/alpha.yml"


@dataclass
class Case:
    name: str
    file: str
    content: bytes
    expect: object  # SAFE or list of (line | None, field, message fragment)


def _pattern(**overrides) -> bytes:
    data = pattern("first-pattern", complements=["second-pattern"])
    for key, value in overrides.items():
        node, *path = key.split("__")
        target = data
        for part in path[:-1] if path else []:
            target = target[part]
        if path:
            target = data[node]
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        else:
            data[node] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _quotes(**source) -> bytes:
    data = {"topic": "alpha", "quotes": [quote("q-one", ["first-pattern", "second-pattern"], **source),
                                          quote("q-two", ["second-pattern"], confidence="corroborated", verified=False)]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _line(content: bytes, needle: str) -> int:
    return next(i for i, line in enumerate(content.decode("utf-8", "replace").splitlines(), 1) if needle in line)


def _cases() -> list[Case]:
    cases: list[Case] = []

    def bad(name, file, content, *expect):
        cases.append(Case(name, file, content, list(expect)))

    # HTML and script in every text field of a pattern
    text_fields = ["name", "summary", "definition", "effect", "when_to_use", "when_not_to_use"]
    for i, field in enumerate(text_fields):
        payload = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<a href='javascript:alert(1)'>x</a>",
                   "<!-- hidden -->", "<svg onload=alert(1)>", "</div><script>x</script>"][i]
        content = _pattern(**{f"{field}__en": payload})
        bad(f"html-in-{field}", PATTERN, content, (_line(content, payload[:8]), f"{field}.en", "HTML is not allowed"))
    for part in ("plain", "styled", "decoy"):
        content = _pattern(rewrite={"plain": {"en": "p", "zh": "p"}, "styled": {"en": "s", "zh": "s"},
                                    "decoy": {"en": "d", "zh": "d"}, part: {"en": "ok", "zh": "<b>粗</b>"}})
        bad(f"html-in-rewrite-{part}", PATTERN, content, (None, f"rewrite.{part}.zh", "HTML is not allowed"))
    content = _pattern(examples=[{"quote": "q-one", "note": {"en": "<iframe src=x>", "zh": "注"}}])
    bad("html-in-example-note", PATTERN, content, (None, "examples[0].note.en", "HTML is not allowed"))
    quotes_html = _quotes().replace(b"text: Text of q-one.", b"text: <script>steal()</script>")
    bad("html-in-quote-text", QUOTES, quotes_html, (_line(quotes_html, "steal"), "quotes[0].text", "HTML is not allowed"))
    quotes_title = _quotes(title="<b onmouseover=x>Tweet</b>")
    bad("html-in-source-title", QUOTES, quotes_title, (None, "quotes[0].source.title", "HTML is not allowed"))

    # URLs that are not http(s)
    for scheme_url in ("javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "//evil.example/x",
                       "https://ok.example/\"onmouseover=x"):
        content = _quotes(url=scheme_url)
        bad(f"url-{scheme_url[:10]}", QUOTES, content,
            (_line(content, "url:"), "quotes[0].source.url", "must be an http:// or https:// URL"))

    # Markdown tricks in fields that allow Markdown: they build, with nothing live
    for name, trick in (
        ("md-js-link", "[click me](javascript:alert(1))"),
        ("md-data-link", "[x](data:text/html;base64,PHNjcmlwdD4=)"),
        ("md-ref-link", "[a][1] and more\n\n[1]: javascript:alert(1)"),
        ("md-image-onerror", '![x](https://example.com/x.png "onerror=alert(1)")'),
        ("md-entity-js", "[x](jav&#x61;script:alert(1))"),
        ("md-attr-list", "text {: onclick=\"alert(1)\" }"),
        ("md-backslash-js", "[x](\\javascript:alert(1))"),
        ("md-heading-trick", "# injected {#definition onclick=alert(1)}"),
    ):
        cases.append(Case(name, PATTERN, _pattern(definition={"en": trick, "zh": trick}), SAFE))
    cases.append(Case("quote-looks-like-markdown", QUOTES,
                      _quotes().replace(b"text: Text of q-one.", b"text: '[x](javascript:alert(1)) *a* a < b'"), SAFE))

    # YAML features we do not accept
    tag = b"id: !!python/object/apply:os.system ['touch /tmp/pwned']\n"
    bad("python-tag", PATTERN, tag, (1, "", "YAML tag not allowed"))
    bad("python-name-tag", PATTERN, b"id: !!python/name:os.system\n", (1, "", "YAML tag not allowed"))
    binary = _pattern().replace(b"id: first-pattern", b"id: !!binary Zmlyc3QtcGF0dGVybg==")
    bad("binary-tag", PATTERN, binary, (1, "id", "expected text"))
    laughs = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode() for i in range(8))
    bad("billion-laughs", PATTERN, laughs, (2, "", "anchors and aliases"))
    merge = _pattern() + b"base: &base {en: x, zh: y}\nextra:\n  <<: *base\n"
    bad("merge-key", PATTERN, merge, (None, "", "merge keys (<<) are not allowed"))
    bad("deep-nesting", PATTERN, b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n", (None, "", "malformed YAML"))

    # Bytes and layout
    huge = _pattern() + b"# " + b"x" * 300_000 + b"\n"
    bad("huge-file", PATTERN, huge, (None, "", "the limit is"))
    latin1 = _pattern().replace(b"Name of first-pattern", "Caf\u00e9".encode("latin-1"))
    bad("not-utf8", PATTERN, latin1, (_line(latin1, "Caf"), "", "not UTF-8"))
    cases.append(Case("bom", PATTERN, b"\xef\xbb\xbf" + _pattern(), SAFE))
    cases.append(Case("crlf", PATTERN, _pattern().replace(b"\n", b"\r\n"), SAFE))
    tabs = _pattern().replace(b"\n  en:", b"\n\ten:", 1)
    bad("tab-indent", PATTERN, tabs, (_line(tabs, "\ten:"), "", "malformed YAML"))
    bad("empty-file", PATTERN, b"", (None, "", "file is empty"))
    bad("whitespace-file", PATTERN, b"   \n\n", (None, "", "file is empty"))
    bad("comments-only", PATTERN, b"# nothing here\n", (None, "", "file is empty"))
    bad("a-list-not-a-mapping", PATTERN, b"- id: first-pattern\n", (1, "", "expected a mapping of fields"))
    bad("nul-byte", PATTERN, _pattern().replace(b"Name of", b"Name\x00of"), (3, "", "malformed YAML: character U+0000"))
    dup = _pattern() + b"summary: {en: again, zh: again}\n"
    bad("duplicate-key", PATTERN, dup, (_line(dup, "summary: {en: again"), "summary", "duplicate key"))
    dup_nested = _pattern().replace(b"name:\n  en: Name of first-pattern", b"name:\n  en: Name of first-pattern\n  en: Other", 1)
    bad("duplicate-nested-key", PATTERN, dup_nested, (_line(dup_nested, "en: Other"), "name.en", "duplicate key"))

    # Ids: case, look-alikes, invisible characters, collisions
    for name, bad_id in (("upper-id", "First-Pattern"), ("zero-width-id", "first\u200b-pattern"),
                         ("rtl-id", "first-\u202epattern"), ("lookalike-hyphen-id", "first\u2010pattern"),
                         ("fullwidth-id", "ｆirst-pattern"), ("underscore-id", "first_pattern")):
        content = _pattern(id=bad_id)
        bad(name, PATTERN, content, (_line(content, "id:"), "id", "must be kebab-case"))
    content = _pattern(former_ids=["second-pattern"])
    bad("former-id-collides", PATTERN, content, (None, "former_ids[0]", "'second-pattern' is the id of a current pattern"))
    content = _pattern(name={"en": "Name \u202eesrever", "zh": "名"})
    bad("bidi-in-text", PATTERN, content, (None, "name.en", "invisible direction-control character U+202E"))
    long_text = _pattern(definition={"en": "word " * 1000, "zh": "字"})
    bad("too-long-text", PATTERN, long_text, (None, "definition.en", "too long"))
    return cases


CASES = _cases()
