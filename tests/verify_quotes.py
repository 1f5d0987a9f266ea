"""Check verified quotes against the first-party files they cite.

    python tests/verify_quotes.py --mirror /work/.mirror [--verbose]

A plain script, not a pytest test: it needs local bare clones of his repositories
(`<mirror>/karpathy+<name>/repo`, as the `fetch` tool or `git clone --bare` makes them).
For every quote with `verified: true` whose URL points at

- a blog post, https://karpathy.github.io/YYYY/MM/DD/slug/ (karpathy.github.io `_posts/`, at HEAD),
- a blog page, https://karpathy.github.io/PATH/ (the top-level page whose front matter has that permalink),
- a file at a commit, https://github.com/karpathy/REPO/blob/SHA/PATH#Ln,
- a repository, https://github.com/karpathy/REPO (its README.md at HEAD),
- or a commit, https://github.com/karpathy/REPO/commit/SHA (its message; the commit must be
  authored by Andrej Karpathy on the quote's date),

it reads the file (or message) and looks for the quote's text. Whitespace is collapsed, Markdown
links count as their text (we strip link syntax when we quote), and "…" marks a cut:
the pieces between cuts must occur in order. Quotes from sources that are not in the
mirror (tweets, talks, other sites) are listed as skipped. Exit status 1 if any quote
that could be checked is not found, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BLOG_REPO = "karpathy.github.io"
BLOG_URL = re.compile(r"^https?://karpathy\.github\.io/(\d{4})/(\d{2})/(\d{2})/([^/]+)/?$")
BLOB_URL = re.compile(r"^https://github\.com/karpathy/([^/]+)/blob/([0-9a-f]{40})/([^#]+)(?:#L\d+(?:-L\d+)?)?$")
PAGE_URL = re.compile(r"^https?://karpathy\.github\.io(/[^#?]+)$")
PERMALINK = re.compile(r"^permalink:\s+(\S+)", re.M)
COMMIT_URL = re.compile(r"^https://github\.com/karpathy/([^/]+)/commit/([0-9a-f]{40})$")
AUTHOR = "Andrej Karpathy"
REPO_URL = re.compile(r"^https://github\.com/karpathy/([^/#]+)/?$")
LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
FRONT_DATE = re.compile(r"^date:\s+(\d{4})-(\d{2})-(\d{2})", re.M)


class Mismatch(Exception):
    """The cited source exists but is not what the quote says it is (author, date)."""


def normalise(text: str) -> str:
    """One space for every run of whitespace (NBSP included), Markdown links as their text."""
    return " ".join(LINK.sub(r"\1", text).split())


def pieces(quote: str) -> list[str]:
    """The quote's text between "…" cuts, normalised; empty pieces (a leading cut) dropped."""
    return [p for p in (normalise(part) for part in quote.split("…")) if p]


def occurs_in_order(parts: list[str], source: str) -> bool:
    """True if every piece is found in source, each after the one before."""
    pos = 0
    for part in parts:
        i = source.find(part, pos)
        if i < 0:
            return False
        pos = i + len(part)
    return True


class Mirror:
    """Reads files from bare clones under <mirror>/karpathy+<name>/repo."""

    def __init__(self, root: Path):
        self.root = root
        self._posts: dict[str, str] | None = None
        self._pages: dict[str, str] | None = None

    def repo(self, name: str) -> Path | None:
        path = self.root / f"karpathy+{name}" / "repo"
        return path if path.is_dir() else None

    def show(self, name: str, rev: str, path: str) -> str | None:
        repo = self.repo(name)
        if repo is None:
            return None
        done = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"], capture_output=True)
        return done.stdout.decode("utf-8") if done.returncode == 0 else None

    def commit(self, name: str, sha: str) -> tuple[str, str, str] | None:
        """(message, author name, author date YYYY-MM-DD in the author's time zone), or None if absent."""
        repo = self.repo(name)
        if repo is None:
            return None
        done = subprocess.run(["git", "-C", str(repo), "show", "-s", "--format=%an%x00%ad%x00%B", "--date=short",
                               f"{sha}^{{commit}}"], capture_output=True)
        if done.returncode != 0:
            return None
        author, date, message = done.stdout.decode("utf-8").split("\0", 2)
        return message, author, date

    def page(self, permalink: str) -> str | None:
        """The blog's top-level page whose front matter says `permalink: <permalink>`, e.g. /neuralnets/."""
        if self._pages is None:
            self._pages = {}
            repo = self.repo(BLOG_REPO)
            if repo is None:
                return None
            names = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD"],
                                   capture_output=True, text=True, encoding="utf-8", check=True).stdout.split()
            for name in names:
                if name.endswith((".md", ".markdown", ".html")):
                    text = self.show(BLOG_REPO, "HEAD", name) or ""
                    if text.startswith("---") and (found := PERMALINK.search(text.split("---", 2)[1])):
                        self._pages[found.group(1)] = text
        return self._pages.get(permalink)

    def post(self, year: str, month: str, day: str, slug: str) -> str | None:
        """The blog post whose permalink is /YYYY/MM/DD/slug/ (Jekyll: front-matter date, file slug)."""
        if self._posts is None:
            self._posts = {}
            repo = self.repo(BLOG_REPO)
            if repo is None:
                return None
            names = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD", "_posts/"],
                                   capture_output=True, text=True, encoding="utf-8", check=True).stdout.split()
            for name in names:
                text = self.show(BLOG_REPO, "HEAD", name) or ""
                found = FRONT_DATE.search(text.split("---", 2)[1] if text.startswith("---") else text)
                stem = re.sub(r"^_posts/\d{4}-\d{2}-\d{2}-", "", name).rsplit(".", 1)[0]
                if found:
                    self._posts["/".join([*found.groups(), stem])] = text
        return self._posts.get("/".join([year, month, day, slug]))


def source_of(url: str, mirror: Mirror, date: str | None = None) -> tuple[str | None, str]:
    """(file text or None, a label saying where it came from or why it was skipped).

    date: the quote's date (YYYY, YYYY-MM or YYYY-MM-DD); a commit must have been authored then.
    Raises Mismatch if a cited commit is not his or not of that date.
    """
    if m := BLOG_URL.match(url):
        if mirror.repo(BLOG_REPO) is None:
            return None, "blog not in mirror"
        text = mirror.post(*m.groups())
        return text, "blog post" if text is not None else "no such post"
    if m := PAGE_URL.match(url):
        if mirror.repo(BLOG_REPO) is None:
            return None, "blog not in mirror"
        text = mirror.page(m.group(1))
        return text, f"blog page {m.group(1)}" if text is not None else "no such post"
    if m := BLOB_URL.match(url):
        name, sha, path = m.groups()
        if mirror.repo(name) is None:
            return None, f"{name} not in mirror"
        text = mirror.show(name, sha, path)
        return text, f"{name}@{sha[:7]}:{path}" if text is not None else f"{name}@{sha[:7]}:{path} missing"
    if m := COMMIT_URL.match(url):
        name, sha = m.groups()
        if mirror.repo(name) is None:
            return None, f"{name} not in mirror"
        found = mirror.commit(name, sha)
        if found is None:
            return None, f"{name}@{sha[:7]} missing"
        message, author, authored = found
        if author != AUTHOR:
            raise Mismatch(f"{name}@{sha[:7]} is by {author}, not {AUTHOR}")
        if date and not authored.startswith(date):
            raise Mismatch(f"{name}@{sha[:7]} was authored on {authored}, the quote says {date}")
        return message, f"{name}@{sha[:7]} commit message"
    if m := REPO_URL.match(url):
        name = m.group(1)
        if mirror.repo(name) is None:
            return None, f"{name} not in mirror"
        return mirror.show(name, "HEAD", "README.md"), f"{name}@HEAD:README.md"
    return None, "not a first-party file"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, required=True, help="folder holding karpathy+<name>/repo bare clones")
    parser.add_argument("--quotes", type=Path, default=ROOT / "content" / "quotes", help="folder of <topic>.yml files")
    parser.add_argument("--verbose", action="store_true", help="print every quote, not only failures and a summary")
    args = parser.parse_args(argv)
    if not args.mirror.is_dir():
        parser.error(f"--mirror {args.mirror}: no such folder")
    mirror = Mirror(args.mirror)
    checked = failed = skipped = unfetchable = 0
    for path in sorted(args.quotes.glob("*.yml")):
        for quote in yaml.safe_load(path.read_text(encoding="utf-8"))["quotes"]:
            source = quote["source"]
            if not source.get("verified"):
                skipped += 1
                continue
            url = source.get("url") or ""
            label = f"{path.name}: {quote['id']}"
            try:
                text, where = source_of(url, mirror, str(source.get("date") or ""))
            except Mismatch as error:
                failed += 1
                print(f"FAIL {label}: {url}: {error}")
                continue
            if text is None:
                if where in ("no such post",) or where.endswith("missing"):
                    failed += 1
                    print(f"FAIL {label}: {url}: {where}")
                else:
                    unfetchable += 1
                    if args.verbose:
                        print(f"skip {label}: {where}")
                continue
            checked += 1
            if occurs_in_order(pieces(quote["text"]), normalise(text)):
                if args.verbose:
                    print(f"ok   {label}: {where}")
            else:
                failed += 1
                print(f"FAIL {label}: text not found in {where}")
    print(f"{checked} verified quotes checked against first-party files, {failed} not found; "
          f"{unfetchable} verified quotes cite sources outside the mirror; {skipped} not marked verified")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
