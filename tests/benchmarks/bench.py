"""Benchmark: how the generator's cost grows with the catalog, next to stock Material.

    python tests/benchmarks/bench.py [--sizes 16 100 1000] [--repeat 3] [--json out.json] [--serve]
                                     [--lighthouse [--lighthouse-runs 3] [--lighthouse-calibrated]]

For each synthetic catalog (N patterns, 10N quotes, 5-50 topics) it times, each
in a fresh process:
  (a) our load + validate + render alone (no MkDocs), with the social cards drawn,
  (b) the full, cold `mkdocs build` of both languages with our plugin,
  (c) stock Material building the same pages written out as plain Markdown, one
      language after the other.
(b) and (c) run --repeat times, taking turns, so that a burst of load on a shared
machine hits both; the medians are kept. Wall time and CPU time (user + system of
the process and the children it waited for) are both reported: on a busy machine
the wall time says more about the other users than about us.
generator share = (b - c) / c. Not a test: it prints numbers to track.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import ROOT, write_project  # noqa: E402

from generator import paths  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}


def measure(command: list[str], cwd: Path) -> dict:
    """Wall time, CPU time and peak memory of one child process (CPU and memory include the
    children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{err[-3000:]}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def medians(runs: list[dict]) -> dict:
    """The median of each figure over runs, the runs themselves beside them."""
    return {**{key: statistics.median(run[key] for run in runs) for key in runs[0]}, "runs": runs}


GENERATOR_ONLY = """
import sys
from pathlib import Path
from generator.data.catalog import load_catalog
from generator.site.render import render_pages
root = Path(sys.argv[1])
catalog = load_catalog(root)
for lang in ("en", "zh"):
    render_pages(catalog, lang)
try:  # the files the plugin adds beside the pages, where this checkout has them
    from generator.site import api, cards
    for lang in ("en", "zh"):
        api.files(catalog, lang, "http://127.0.0.1:8000/")
        for uri, card in cards.site_cards(catalog, lang, "Site", "Description").items():
            cards.draw(card)
except ImportError:
    pass
"""


THEME_DATA_HOOK = """
from generator import paths
from generator.check import rules
from generator import i18n
from generator.site import crawl


def on_config(config):
    strings = {**i18n.js_strings(LANG), "check_too_long": rules.messages(LANG)["errors_worker"]}
    config.extra["kp"] = {"strings": strings, "og_locale": paths.OG_LOCALE,
                          "langs": crawl.languages(config.site_url, LANG), "text": dict(i18n.labels(LANG)["theme"])}
    config.extra["scope"] = config.extra["kp"]["langs"]["scope"]
    return config
"""


def write_baseline(project: Path, work: Path) -> Path:
    """The generated pages as plain files, and configs without our plugin."""
    from generator.data.catalog import load_catalog
    from generator.site.render import render_pages

    sys.path.insert(0, str(ROOT))
    catalog = load_catalog(project)
    extra: dict[str, dict[str, bytes | str]] = {"en": {}, "zh": {}}
    try:
        from generator.site import api, cards, redirects

        for lang in ("en", "zh"):
            extra[lang].update(api.files(catalog, lang, "http://127.0.0.1:8000/"))
            for page in redirects.redirect_pages(catalog, lang, "http://127.0.0.1:8000/"):
                extra[lang][page.src_uri] = page.content
            for uri, card in cards.site_cards(catalog, lang, "Site", "Description").items():
                extra[lang][uri] = cards.draw(card)
    except ImportError:
        pass
    for lang in ("en", "zh"):
        docs = work / f"docs-{lang}"
        shutil.copytree(project / "content" / lang, docs)
        for page in render_pages(catalog, lang):
            (docs / page.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / page.src_uri).write_text(page.content, encoding="utf-8")
        for uri, content in extra[lang].items():
            (docs / uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / uri).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    strip = re.compile(r"\n  karpathy-style:\n(?:    .*\n)+")
    en = strip.sub("\n", (project / "mkdocs.yml").read_text(encoding="utf-8"))
    en = en.replace("docs_dir: content/en", f"docs_dir: {work / 'docs-en'}")
    (work / "base.yml").write_text(en, encoding="utf-8")
    zh = strip.sub("\n", (project / "mkdocs.zh.yml").read_text(encoding="utf-8"))
    zh = zh.replace("INHERIT: mkdocs.yml", "INHERIT: base.yml").replace("docs_dir: content/zh", f"docs_dir: {work / 'docs-zh'}")
    (work / "base.zh.yml").write_text(zh, encoding="utf-8")
    shutil.copytree(project / "overrides", work / "overrides")
    # The theme overrides read config.extra.kp (strings, languages), which our plugin sets; a hook sets the same.
    for name, lang in (("base.yml", "en"), ("base.zh.yml", "zh")):
        cfg = work / name
        cfg.write_text(cfg.read_text(encoding="utf-8") + f"\nhooks:\n  - theme_data_{lang}.py\n", encoding="utf-8")
        (work / f"theme_data_{lang}.py").write_text(THEME_DATA_HOOK.replace("LANG", repr(lang)), encoding="utf-8")
    for folder in ("patterns", "content"):
        (work / folder).mkdir(exist_ok=True)
    return work


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_size(n: int, scratch: Path, repeat: int) -> dict:
    project = write_project(scratch / f"p{n}", n)
    row: dict = {"patterns": n, "quotes": 10 * n, "load_average": [round(os.getloadavg()[0], 1)]}
    row["a_generator"] = measure([PY, "-c", GENERATOR_ONLY, str(project)], project)
    out = scratch / f"site{n}"
    work = write_baseline(project, scratch / f"base{n}")
    base_out = scratch / f"basesite{n}"
    ours, stock = [], []
    for _ in range(repeat):  # in turns: nothing is kept between our builds, so each is cold
        ours.append(measure([PY, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)], project))
        en = measure([PY, "-m", "mkdocs", "build", "-q", "-f", "base.yml", "--site-dir", str(base_out)], work)
        zh = measure([PY, "-m", "mkdocs", "build", "-q", "-f", "base.zh.yml", "--site-dir", str(base_out / "zh")], work)
        stock.append({"seconds": en["seconds"] + zh["seconds"], "cpu_seconds": en["cpu_seconds"] + zh["cpu_seconds"],
                      "peak_mb": max(en["peak_mb"], zh["peak_mb"])})
    row["b_full_build"], row["c_stock_material"] = medians(ours), medians(stock)
    row["load_average"].append(round(os.getloadavg()[0], 1))
    pages = len(list(out.rglob("index.html")))
    b, c = row["b_full_build"], row["c_stock_material"]
    first = sorted((out / "patterns").glob("pattern-*/index.html"))[0]
    row.update(
        html_pages=pages,
        generator_share=(b["seconds"] - c["seconds"]) / c["seconds"],
        generator_share_cpu=(b["cpu_seconds"] - c["cpu_seconds"]) / c["cpu_seconds"],
        ms_per_page=1000 * b["seconds"] / pages,
        output_mb=folder_bytes(out) / 1e6,
        pattern_page_kb=first.stat().st_size / 1024,
        search_index_kb=((out / "search/search_index.json").stat().st_size
                         + (out / "zh/search/search_index.json").stat().st_size) / 1024,
    )
    return row


def print_table(rows: list[dict]) -> None:
    head = ["patterns", "quotes", "pages", "(a) gen s", "(b) build s", "(c) stock s", "share", "(b) CPU s",
            "(c) CPU s", "share CPU", "ms/page", "peak MB", "output MB", "page KB", "search KB", "load"]
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for r in rows:
        b, c = r["b_full_build"], r["c_stock_material"]
        print(" | ".join([
            str(r["patterns"]), str(r["quotes"]), str(r["html_pages"]), f"{r['a_generator']['seconds']:.2f}",
            f"{b['seconds']:.2f}", f"{c['seconds']:.2f}", f"{100 * r['generator_share']:+.1f}%",
            f"{b['cpu_seconds']:.2f}", f"{c['cpu_seconds']:.2f}", f"{100 * r['generator_share_cpu']:+.1f}%",
            f"{r['ms_per_page']:.1f}", f"{b['peak_mb']:.0f}", f"{r['output_mb']:.1f}", f"{r['pattern_page_kb']:.1f}",
            f"{r['search_index_kb']:.0f}", "-".join(map(str, r["load_average"])),
        ]))
    by_n = {r["patterns"]: r for r in rows}
    if 100 in by_n and 1000 in by_n:
        lo, hi = by_n[100], by_n[1000]
        print("\ngrowth 100 -> 1,000 patterns (10x):")
        for label, get in (("(a) generator time", lambda r: r["a_generator"]["seconds"]),
                           ("(b) full build time", lambda r: r["b_full_build"]["seconds"]),
                           ("(b) full build CPU", lambda r: r["b_full_build"]["cpu_seconds"]),
                           ("(c) stock build time", lambda r: r["c_stock_material"]["seconds"]),
                           ("output size", lambda r: r["output_mb"]),
                           ("one pattern page", lambda r: r["pattern_page_kb"]),
                           ("search index", lambda r: r["search_index_kb"]),
                           ("peak memory", lambda r: r["b_full_build"]["peak_mb"])):
            print(f"  {label:22s} x{get(hi) / get(lo):.2f}")


def serve_reload(scratch: Path) -> dict:
    """Edit one pattern YAML (both languages) under `mkdocs serve`; time until both pages serve the new text."""
    import urllib.request

    project = scratch / "serve"
    # The project without its own outputs; generator/site/ is code and stays (a pattern "site" would drop it too).
    top = {".venv", "node_modules", "site", ".git", ".cache"}
    shutil.copytree(ROOT, project, ignore=lambda folder, names: [n for n in names if n in top and Path(folder) == ROOT])
    port = 8000 + os.getpid() % 1000
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    urls = [f"http://127.0.0.1:{port}/{prefix}{paths.pattern('kind-of-like')}" for prefix in paths.PREFIX.values()]

    def page(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return resp.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 120
        while not all(page(url) for url in urls) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # let the first build settle
        samples = []
        for i in range(5):
            path = project / "patterns/kind-of-like.yml"
            marker = f"Edited {i} for the benchmark"
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"(summary:\n  en: )(.*)\n  zh: (.*)", lambda m: f"{m.group(1)}{marker}\n  zh: {marker}", text, count=1)
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            while not all(marker in page(url) for url in urls):
                if time.perf_counter() - start > 60:
                    raise SystemExit("serve did not pick up the change in 60 s")
                time.sleep(0.02)
            samples.append(time.perf_counter() - start)
            time.sleep(2)
        return {"reload_seconds": samples}
    finally:
        proc.terminate()
        proc.wait()


LIGHTHOUSE_PAGES = ("", "patterns/kind-of-like/", "topics/llm-nature/", "patterns/map/", "quiz/name-that-pattern/")


# Lighthouse's docs (docs/throttling.md, "Calibrating the CPU slowdown"): its default 4x CPU slowdown turns
# a high-end desktop into a mid-tier phone. For a weaker host they advise a smaller multiplier, by the
# host's benchmarkIndex: high-end desktop (1500+) 4x, low-end desktop (1000-1500) 2x, high-end mobile
# (800-1200) 2x, mid-tier mobile (125-800) 1x. Each row is the middle of the range the docs give.
CPU_BRACKETS = ((1500, 4), (800, 2), (0, 1))


def calibrated_multiplier(benchmark_index: float) -> int:
    """The CPU slowdown that makes this host emulate Lighthouse's mid-tier phone, from its benchmarkIndex."""
    return next(mult for floor, mult in CPU_BRACKETS if benchmark_index >= floor)


def lighthouse(scratch: Path, runs: int = 1, calibrated: bool = False) -> dict:
    """Lighthouse (mobile) on five page types of the shipped site in each language, built and served
    once on 127.0.0.1: {"default": {page: result}, "calibrated": ... (with calibrated), "benchmark_index",
    "cpu_slowdown", "pattern_page_files", "pattern_page_weight_kb"}.

    The default pass uses Lighthouse's 4x CPU slowdown; the calibrated pass the slowdown its docs advise
    for this host's median benchmarkIndex (calibrated_multiplier).
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import free_port, serve

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = scratch / "lh-site"
    subprocess.run([PY, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)], cwd=ROOT,
                   env={**ENV, "SITE_URL": base}, check=True, stderr=subprocess.DEVNULL)
    server = serve(out, port)
    try:
        results = {"default": _lighthouse_pass(scratch, base, runs)}
        if calibrated:
            index = statistics.median(i for r in results["default"].values() for i in r["benchmark_index"])
            results["benchmark_index"], results["cpu_slowdown"] = index, calibrated_multiplier(index)
            results["calibrated"] = _lighthouse_pass(scratch, base, runs, results["cpu_slowdown"])
    finally:
        server.shutdown()
    page = out / "patterns/kind-of-like/index.html"
    # Our own CSS and JS that the page loads (quiz.js and check.js load only where needed).
    names = set(re.findall(r'assets/kp/([\w.-]+\.(?:css|js))', page.read_text(encoding="utf-8")))
    own = [out / "assets/kp" / name for name in sorted(names)]
    results["pattern_page_files"] = [page.relative_to(out).as_posix()] + [f.relative_to(out).as_posix() for f in own]
    results["pattern_page_weight_kb"] = (page.stat().st_size + sum(f.stat().st_size for f in own)) / 1024
    return results


def _lighthouse_pass(scratch: Path, base: str, runs: int, cpu: float | None = None) -> dict:
    """{"/" + page: result} for every page of LIGHTHOUSE_PAGES in each language, each run `runs` times.

    cpu: Lighthouse's --throttling.cpuSlowdownMultiplier (None: its default, 4). The scores and timings
    kept are the medians (Lighthouse simulates a slow phone from what it observes, so one run on a busy
    machine can be 10 points off). The load average at each run is kept beside them.
    """
    results = {}
    metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    for path in [prefix + page for prefix in paths.PREFIX.values() for page in LIGHTHOUSE_PAGES]:
        seen = []
        for _ in range(runs):
            report = scratch / "lh.json"
            load = os.getloadavg()[0]
            subprocess.run(
                [str(ROOT / "node_modules/.bin/lighthouse"), base + path, "--quiet", "--output=json",
                 f"--output-path={report}", "--only-categories=performance,accessibility,best-practices,seo",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
                 *([f"--throttling.cpuSlowdownMultiplier={cpu}"] if cpu else [])],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
            )
            seen.append((json.loads(report.read_text(encoding="utf-8")), load))
        scores = {k: statistics.median(round(100 * d["categories"][k]["score"]) for d, _ in seen)
                  for k in seen[0][0]["categories"]}
        failed = sorted({a["id"] for d, _ in seen for a in d["audits"].values()
                         if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"})
        results["/" + path] = {"scores": scores, "failed_audits": failed,
                               "metrics": {m: statistics.median(d["audits"][m]["numericValue"] for d, _ in seen)
                                           for m in metrics},
                               "runs": runs, "load_average": [round(load, 2) for _, load in seen],
                               "benchmark_index": [d["environment"]["benchmarkIndex"] for d, _ in seen],
                               "cpu_slowdown": seen[0][0]["configSettings"]["throttling"]["cpuSlowdownMultiplier"]}
    return results


def report_lighthouse(results: dict, runs: int) -> None:
    """Print one line per page of a pass (_lighthouse_pass): the four scores and the metrics behind performance."""
    slowdown = next(iter(results.values()))["cpu_slowdown"]
    print(f"\nLighthouse (mobile, CPU slowdown {slowdown}x), median of {runs} runs:")
    for path, r in results.items():
        m = r["metrics"]
        print(f"  {path:31s} {r['scores']}  FCP {m['first-contentful-paint']:.0f} ms, "
              f"LCP {m['largest-contentful-paint']:.0f} ms, TBT {m['total-blocking-time']:.0f} ms, "
              f"CLS {m['cumulative-layout-shift']:.3f}, load average {r['load_average']}"
              f"{'  failed: ' + ', '.join(r['failed_audits']) if r['failed_audits'] else ''}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and (c) each, in turns; medians kept")
    parser.add_argument("--json", type=Path, default=ROOT / ".bench" / "results.json")
    parser.add_argument("--serve", action="store_true", help="also time a live reload under mkdocs serve")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse on the shipped site")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page; the medians are kept")
    parser.add_argument("--lighthouse-calibrated", action="store_true",
                        help="run Lighthouse again with the CPU slowdown its docs advise for this host's benchmarkIndex")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        rows = []
        for n in args.sizes:
            print(f"building {n} patterns ...", file=sys.stderr)
            rows.append(run_size(n, scratch, args.repeat))
        results["catalogs"] = rows
        print_table(rows)
        if args.serve:
            results["serve"] = serve_reload(scratch)
            took = results["serve"]["reload_seconds"]
            print("\nmkdocs serve, edit one pattern -> its page served in both languages: "
                  + ", ".join(f"{s:.2f} s" for s in took) + f" (median {statistics.median(took):.2f} s, "
                  f"load average {os.getloadavg()[0]:.1f})")
        if args.lighthouse:
            results["lighthouse"] = found = lighthouse(scratch, args.lighthouse_runs, args.lighthouse_calibrated)
            report_lighthouse(found["default"], args.lighthouse_runs)
            if "calibrated" in found:
                print(f"\nThis host's benchmarkIndex is {found['benchmark_index']:.0f}: Lighthouse's docs advise "
                      f"{found['cpu_slowdown']}x for a mid-tier phone.")
                report_lighthouse(found["calibrated"], args.lighthouse_runs)
            print(f"  pattern page weight (HTML + our CSS/JS): {found['pattern_page_weight_kb']:.1f} KB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nJSON: {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
