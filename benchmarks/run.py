#!/usr/bin/env python3
"""confrec benchmarks: whole-process timings against references measured in the same run.

    python benchmarks/run.py            # 1,000 / 10,000 / 50,000 talks
    python benchmarks/run.py --quick    # 1,000 / 10,000 talks, fewer runs (under two minutes)
    python benchmarks/run.py --markdown # also rewrite benchmarks/README.md with the results

Records are synthetic but realistic (700-character abstracts, about 5 talks per
speaker, several events, every talk scheduled in a room) and are built through
confrec's own `import` of frab schedule JSON. Every figure is the median of
several runs after a warm-up; peak memory is the child's own maximum RSS
(wait4), compared with 5x the file size plus the command's own baseline: its
peak on a record of one event and ten talks (the modules it loads, whatever
the record holds; confrec's smallest and `python -c pass` are printed too).
Not part of the test suite: timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
BIN = Path(sys.executable).parent
CONFREC = [str(BIN / "confrec")] if (BIN / "confrec").exists() else [PY, "-m", "confrec"]

WORDS = ("policy foreign multi-vector security cooperation regional strategy diplomacy balance "
         "pragmatism interest national partnership integration economy dialogue stability "
         "sovereignty energy transit corridor neighbour alliance institution reform concept "
         "analysis history evolution conference university development sustainable peace").split()
COUNTRIES = ["Kazakhstan", "France", "USA", "UK", "Germany", "China", "Russia", "Japan", "Turkey", "India"]
EVENTS = 5


# -- synthetic data --

def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def abstract(rng: random.Random) -> str:
    text = ""
    while len(text) < 700:
        text += sentence(rng, rng.randint(8, 16)) + " "
    return text[:700].rsplit(" ", 1)[0] + "."


def frab_schedule(n_talks: int, event_no: int, people: list[dict], rng: random.Random) -> dict:
    """One conference of n_talks, scheduled in rooms over 5 days, in frab JSON."""
    days_n, per_room_day = 5, 20
    rooms_n = max(1, -(-n_talks // (days_n * per_room_day)))
    start = date(2030, 3, 4) + timedelta(days=14 * event_no)
    days = []
    talk_id = event_no * 10_000_000
    left = n_talks
    for d in range(days_n):
        day = start + timedelta(days=d)
        rooms: dict[str, list] = {}
        for r in range(rooms_n):
            events = []
            for slot in range(per_room_day):
                if left == 0:
                    break
                left -= 1
                talk_id += 1
                begin = datetime(day.year, day.month, day.day, 8, 0) + timedelta(minutes=30 * slot)
                persons = rng.sample(people, rng.choice((1, 1, 1, 2)))
                events.append({
                    "guid": f"00000000-0000-4000-8000-{talk_id:012d}", "id": talk_id,
                    "date": begin.isoformat() + "+05:00", "start": begin.strftime("%H:%M"),
                    "duration": "00:30", "room": f"Room {r + 1}", "slug": f"t-{talk_id}",
                    "title": sentence(rng, rng.randint(4, 9))[:-1], "subtitle": "", "track": rng.choice(WORDS).title(),
                    "type": rng.choice(["lecture", "lecture", "workshop", "panel"]), "language": "en",
                    "abstract": abstract(rng), "description": "", "persons": persons, "links": [],
                    "url": "https://example.org", "logo": None, "attachments": [],
                })
            rooms[f"Room {r + 1}"] = events
        days.append({"index": d + 1, "date": day.isoformat(), "day_start": f"{day}T08:00:00+05:00",
                     "day_end": f"{day}T23:00:00+05:00", "rooms": rooms})
    return {"schedule": {"version": "bench", "conference": {
        "acronym": f"bench{event_no}", "title": f"Benchmark conference {event_no}",
        "start": start.isoformat(), "end": (start + timedelta(days=days_n - 1)).isoformat(),
        "daysCount": days_n, "timeslot_duration": "00:30", "time_zone_name": "Asia/Almaty", "days": days}}}


def people_pool(n_talks: int, rng: random.Random) -> list[dict]:
    first = ["Ana", "Dana", "Erlan", "Fatima", "Gulnara", "Chen", "Bob", "Aigerim", "Marat", "Olga", "Pierre", "Sean"]
    last = ["Kukeeva", "Baizakova", "Shabal", "Brennan", "McDermott", "Zhakenov", "Sadykov", "Wei", "Ray", "Ali"]
    pool = []
    for i in range(max(1, n_talks // 5)):  # about 5 talks per speaker
        pool.append({"id": i + 1, "public_name": f"{rng.choice(first)} {rng.choice(last)} {i + 1}"})
    return pool


def write_schedules(folder: Path, n_talks: int, events: int) -> list[Path]:
    rng = random.Random(n_talks)
    pool = people_pool(n_talks, rng)
    paths = []
    for e in range(events):
        share = n_talks // events + (1 if e < n_talks % events else 0)
        path = folder / f"schedule-{n_talks}-{e}.json"
        path.write_text(json.dumps(frab_schedule(share, e, pool, rng)), encoding="utf-8")
        paths.append(path)
    return paths


# -- measuring --
#
# On Linux a child's ru_maxrss starts from the high-water mark of the process
# that forked it (it survives fork and exec). This script grows to hundreds of
# MiB while it writes the 50,000-talk schedules, so commands are started by a
# small helper process, launched before any data exists: a command's peak is
# then its own.

SPAWNER_CODE = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    req = json.loads(line)
    t0 = time.perf_counter()
    p = subprocess.Popen(req["cmd"], env=req["env"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    print(json.dumps({"t": elapsed, "rss": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status),
                      "err": err.decode("utf-8", "replace")[-2000:]}), flush=True)
"""
_spawner: subprocess.Popen | None = None


def run_once(cmd: list[str], env: dict, ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time and the command's own peak RSS (KiB)."""
    global _spawner
    if _spawner is None:
        _spawner = subprocess.Popen([PY, "-c", SPAWNER_CODE], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
    _spawner.stdin.write(json.dumps({"cmd": cmd, "env": env}) + "\n")  # type: ignore[union-attr]
    _spawner.stdin.flush()  # type: ignore[union-attr]
    result = json.loads(_spawner.stdout.readline())  # type: ignore[union-attr]
    if result["code"] not in ok:
        raise SystemExit(f"benchmark command failed ({result['code']}): {' '.join(cmd)}\n{result['err']}")
    return result["t"], result["rss"]


def measure(cmd: list[str], env: dict, runs: int, setup=None, ok=(0,)) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times, peak = [], 0
    for i in range(runs + 1):  # the first is a warm-up
        if setup:
            setup()
        t, rss = run_once(cmd, env, ok=ok)
        if i:
            times.append(t)
            peak = max(peak, rss)
    return statistics.median(times), peak


def measure_pair(ref: list[str], cmd: list[str], env: dict, runs: int,
                 cmd_env: dict | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float, int]:
    """Reference and subject alternately, so both see the same machine state:
    a shared machine's speed drifts by half over a run, and a reference
    measured once, at the start, would carry that drift into every ratio."""
    ref_t, cmd_t, peak = [], [], 0
    for i in range(runs + 1):
        a, _ = run_once(ref, env)
        b, rss = run_once(cmd, cmd_env or env, ok=ok)
        if i:
            ref_t.append(a)
            cmd_t.append(b)
            peak = max(peak, rss)
    return statistics.median(ref_t), statistics.median(cmd_t), peak


TRIVIAL_APP = '''
import typer
app = typer.Typer()
def version(value: bool):
    if value:
        print("trivial 1.0")
        raise typer.Exit()
@app.command()
def hello(name: str = "x", version: bool = typer.Option(False, "--version", callback=version, is_eager=True)):
    """Say hello."""
    print(name)
app()
'''
JSON_FLOOR = "import json,sys; json.dump(json.load(open(sys.argv[1], encoding='utf-8')), sys.stdout)"
RW_FLOOR = """import json,os,sys
p=sys.argv[1]; d=json.load(open(p, encoding='utf-8'))
s=json.dumps(d, ensure_ascii=False, sort_keys=True, indent=2)
t=p+'.floor'
with open(t,'w',encoding='utf-8') as f:
    f.write(s); f.flush(); os.fsync(f.fileno())
os.replace(t,p)"""


class Results:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float, float | None, str, int | None, str]] = []

    def add(self, group: str, what: str, seconds: float, ref: float | None = None, target: str = "",
            rss: int | None = None, note: str = "") -> None:
        self.rows.append((group, what, seconds, ref, target, rss, note))
        ratio = f"{seconds / ref:5.2f}x" if ref else "      "
        mem = f"{rss / 1024:7.1f} MiB" if rss else ""
        print(f"  {what:<44} {seconds * 1000:9.1f} ms  {ratio}  {target:<14} {met(seconds, ref, target):<4} "
              f"{mem}  {note}", flush=True)


def met(seconds: float, ref: float | None, target: str) -> str:
    """'yes' or 'NO' for a target such as '<= 4.0x app', '<= 1.0x' or '< 15 s'; '' for none."""
    m = re.match(r"<=? ?([\d.]+)(x| s)", target)
    if not m:
        return ""
    limit = float(m.group(1))
    value = seconds / ref if m.group(2) == "x" and ref else seconds
    return "yes" if value <= limit else "NO"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 and 10,000 talks, fewer runs")
    ap.add_argument("--markdown", action="store_true", help="rewrite benchmarks/README.md")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per figure (after one warm-up)")
    args = ap.parse_args()
    sizes = [1000, 10_000] if args.quick else [1000, 10_000, 50_000]
    runs = args.runs or (3 if args.quick else 5)
    started = time.time()
    run_once([PY, "-c", "pass"], dict(os.environ))  # start the spawner while this process is small
    work = Path(tempfile.mkdtemp(prefix="confrec-bench-"))
    env = {**os.environ, "COLUMNS": "100", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("CONFREC_DB", None)
    res = Results()
    try:
        # -- start-up: cheap, so measured more often (they are the noisiest figures) --
        print("start-up")
        quick_runs = runs * 4
        trivial = work / "trivial.py"
        trivial.write_text(TRIVIAL_APP, encoding="utf-8")
        base_t, py_rss = measure([PY, "-c", "pass"], env, quick_runs)
        res.add("start-up", "python -c pass", base_t, rss=py_rss)
        empty = {**env, "CONFREC_DB": str(work / "empty.json")}
        t, base_rss = measure(CONFREC + ["talk", "list", "--json"], empty, quick_runs)
        res.add("start-up", "confrec talk list --json, empty record (memory baseline)", t, rss=base_rss)
        # Each command's own baseline: its peak on a record of one event and
        # ten talks (a command that loads Rich, or the importers, starts
        # higher than one that prints JSON, whatever the record holds).
        tiny_folder = work / "tiny"
        tiny_folder.mkdir()
        (tiny_src,) = write_schedules(tiny_folder, 10, 1)
        tiny = tiny_folder / "tiny.json"
        run_once(CONFREC + ["--db", str(tiny), "import", str(tiny_src)], env)
        own_bases: dict[tuple[str, ...], int] = {}

        def memory(cmd: list[str], rss: int, size: int) -> str:
            """'mem ok' if the peak is under 5x the file plus the command's own
            baseline (and says where it stands against talk list's)."""
            key = tuple(cmd)
            if key not in own_bases:
                scratch = tiny_folder / "scratch.json"
                shutil.copyfile(tiny, scratch)
                if cmd[0] == "import":  # into an empty file, from the tiny schedule
                    scratch.unlink()
                    probe = ["import", str(tiny_src)]
                else:
                    probe = cmd
                own_bases[key] = max(run_once(CONFREC + ["--db", str(scratch), *probe], env, ok=(0, 1))[1]
                                     for _ in range(2))
            own = own_bases[key]
            limit = (5 * size) // 1024 + own
            verdict = "mem ok" if rss <= limit else f"mem over {limit // 1024} MiB"
            return f"{verdict} (own baseline {own / 1024:.1f} MiB)"
        ref_cmd, _ = measure([PY, str(trivial), "--name", "x"], env, quick_runs)
        res.add("start-up", "trivial Typer app running its command", ref_cmd)
        for _ in range(5):  # warm the caches for what follows
            run_once(CONFREC + ["--version"], env)
            run_once([PY, str(trivial), "--version"], env)
        for flag in ("--version", "--help"):
            ref, t, rss = measure_pair([PY, str(trivial), flag], CONFREC + [flag], env, quick_runs)
            res.add("start-up", f"trivial Typer app {flag}", ref)
            res.add("start-up", f"confrec {flag}", t, ref, "<= 1.1x", rss)

        dbs: dict[int, Path] = {}
        for n in sizes:
            print(f"{n:,} talks")
            folder = work / f"n{n}"
            folder.mkdir()
            schedules = write_schedules(folder, n, EVENTS)
            db = folder / "confrec.json"
            t0 = time.perf_counter()
            for s in schedules:
                run_once(CONFREC + ["--db", str(db), "import", str(s)], env)
            build = time.perf_counter() - t0
            dbs[n] = db
            size = db.stat().st_size
            res.add(f"{n}", f"build: import {EVENTS} events ({size / 2**20:.1f} MiB file)", build)
            e = {**env, "CONFREC_DB": str(db)}

            floor, _ = measure([PY, "-c", JSON_FLOOR, str(db)], e, runs)
            res.add(f"{n}", "floor: json.load + json.dump", floor)
            t, rss = measure(CONFREC + ["talk", "list", "--json"], e, runs)
            res.add(f"{n}", "talk list --json", t, floor, "<= 2.0x" if n == 10_000 else "", rss,
                    memory(["talk", "list", "--json"], rss, size))
            app = [PY, str(trivial), "--name", "x"]  # each command beside the trivial app, run for run
            ref, t, rss = measure_pair(app, CONFREC + ["talk", "list"], e, runs)
            res.add(f"{n}", "talk list (table)", t, ref, f"<= {4.0 if n >= 10_000 else 1.5}x app", rss,
                    memory(["talk", "list"], rss, size))

            copy = folder / "rw.json"
            shutil.copyfile(db, copy)
            rw, _ = measure([PY, "-c", RW_FLOOR, str(copy)], e, runs)
            res.add(f"{n}", "floor: read + write the file", rw)
            ref, t, rss = measure_pair(app, CONFREC + ["speaker", "add", "Bench Speaker"], e, runs)
            res.add(f"{n}", "speaker add", t, rw, "<= 1.5x" if n == 10_000 else "", rss,
                    memory(["speaker", "add", "Bench Speaker"], rss, size))
            res.add(f"{n}", "speaker add vs trivial Typer app", t, ref, f"<= {4.0 if n >= 10_000 else 1.5}x")

            # every command, each a whole process, against a trivial Typer app running its own
            limit_ratio = 4.0 if n >= 10_000 else 1.5
            shutil.copyfile(db, copy)
            ec = {**env, "CONFREC_DB": str(copy)}
            for label, cmd, ok in (
                ("talk show", ["talk", "show", "5"], (0,)),
                ("talk edit", ["talk", "edit", "5", "--room", "Room 1"], (0,)),
                ("check", ["check"], (0, 1)),  # random speakers double-book: errors, exit 1, as it should
            ):
                ref, t, rss = measure_pair(app, CONFREC + cmd, ec, runs, ok=ok)
                res.add(f"{n}", label, t, ref, f"<= {limit_ratio}x app", rss, memory(cmd, rss, size))
            # one event of n talks: the program, the report and every export
            one_folder = folder / "one"
            one_folder.mkdir()
            (src,) = write_schedules(one_folder, n, 1)
            one = one_folder / "one.json"
            run_once(CONFREC + ["--db", str(one), "import", str(src)], env)
            eo = {**env, "CONFREC_DB": str(one)}
            for label, cmd in [("schedule", ["schedule"]), ("report", ["report"])] + [
                    (f"export {fmt}", ["export", "-f", fmt]) for fmt in
                    ("md", "html", "json", "csv", "ics", "frab-xml", "frab-json", "bibtex", "csl-json")]:
                ref, t, rss = measure_pair(app, CONFREC + cmd, eo, runs)
                res.add(f"{n}", f"{label} (one event)", t, ref, f"<= {limit_ratio}x app", rss,
                        memory(cmd, rss, one.stat().st_size))
            if n <= 10_000:  # (a book of 50,000 abstracts: minutes and gigabytes in Typst, and no target)
                cmd = ["export", "-f", "pdf", "-o", str(one_folder / "book.pdf")]
                t, rss = measure(CONFREC + cmd, eo, max(1, runs - 2))
                res.add(f"{n}", "export pdf (one event)", t, None, "< 15 s" if n == 10_000 else "", rss,
                        memory(cmd, rss, one.stat().st_size))

            if n == 10_000:
                comp = {**e, "_CONFREC_COMPLETE": "complete_bash", "COMP_WORDS": "confrec talk list --speaker kuk",
                        "COMP_CWORD": "4"}
                ver, t, _ = measure_pair(CONFREC + ["--version"], CONFREC, e, quick_runs, cmd_env=comp)
                res.add(f"{n}", "confrec --version", ver)
                res.add(f"{n}", "complete a speaker name", t, ver, "~ --version",
                        note=f"{t / ref_cmd:.2f}x a trivial Typer command")
                _sqlite_utils(res, db, work, e, runs)

        # -- import scaling: one file into an empty record --
        print("import")
        small, large = (2000, 10_000) if args.quick else (10_000, 50_000)
        times = {}
        for n in (small, large):
            folder = work / f"imp{n}"
            folder.mkdir()
            (src,) = write_schedules(folder, n, 1)
            target = folder / "empty.json"
            t, rss = measure(CONFREC + ["--db", str(target), "import", str(src)], env, max(1, runs - 2),
                             setup=lambda target=target: target.unlink(missing_ok=True))
            times[n] = t
            # the record written and the schedule read are both "the file" here
            size = max(target.stat().st_size, src.stat().st_size)
            # Every write to an existing file keeps PATH.prev; an import into a new
            # file that leaves none wrote the file exactly once.
            writes = "1 write" if not target.with_name(target.name + ".prev").exists() else "MORE THAN 1 WRITE"
            res.add("import", f"import {n:,} talks into an empty file", t, None, "one write", rss,
                    f"{memory(['import'], rss, size)}, {writes}")
        factor = large // small
        res.add("import", f"{large:,} vs {small:,} ({factor}x the talks)", times[large], times[small],
                f"<= {6 * factor / 5:.1f}x")

    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = time.time() - started
    print(f"done in {total:.0f} s")
    if args.markdown:
        write_markdown(res, args.quick, runs, total)


def _sqlite_utils(res: Results, db: Path, work: Path, env: dict, runs: int) -> None:
    exe = shutil.which("sqlite-utils") or (str(BIN / "sqlite-utils") if (BIN / "sqlite-utils").exists() else None)
    if not exe:
        res.add("10000", "sqlite-utils (not installed: skipped)", 0.0)
        return
    sq = work / "talks.db"
    talks = json.loads(db.read_text(encoding="utf-8"))["talks"]
    rows = work / "talks.json"
    flat = [{"id": int(k), **{f: json.dumps(v) if isinstance(v, list) else v for f, v in t.items()}}
            for k, t in talks.items()]
    rows.write_text(json.dumps(flat), encoding="utf-8")
    run_once([exe, "insert", str(sq), "talks", str(rows), "--pk", "id"], env)
    one = work / "one.json"
    one.write_text(json.dumps({**flat[0], "id": None, "title": "Bench talk"}), encoding="utf-8")
    # each pair run alternately: the machine's drift over the run is not in the ratio
    t_ins, ours_add, _ = measure_pair([exe, "insert", str(sq), "talks", str(one)],
                                      CONFREC + ["speaker", "add", "Bench Speaker"], env, runs)
    t_rows, ours_json, _ = measure_pair([exe, "rows", str(sq), "talks"], CONFREC + ["talk", "list", "--json"],
                                        env, runs)
    res.add("10000", "sqlite-utils insert one row", t_ins)
    res.add("10000", "confrec speaker add vs sqlite-utils insert", ours_add, t_ins, "<= 1.0x")
    res.add("10000", "sqlite-utils rows as JSON", t_rows)
    res.add("10000", "confrec talk list --json vs sqlite-utils rows", ours_json, t_rows, "<= 1.0x")


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {cpu or platform.processor()}, "
            f"Python {platform.python_version()}, {platform.system()}")


def write_markdown(res: Results, quick: bool, runs: int, total: float) -> None:
    lines = [
        "# confrec benchmarks",
        "",
        "Generated by `python benchmarks/run.py --markdown`" + (" --quick" if quick else "") + "; do not edit by hand.",
        "",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {_machine()}",
        f"- Method: whole processes, median of {runs} runs after a warm-up (start-up figures: {runs * 4} runs, "
        "each interleaved with its reference); peak memory is the process's own maximum RSS; 'mem ok' means "
        "under 5x the file size plus the command's own baseline: its peak on a record of one event and ten "
        "talks (for an import, of ten talks into an empty file), as a command that loads Rich or the importers "
        "starts higher whatever the record holds. The note gives that baseline; confrec's smallest, talk list "
        "--json on an empty record, and `python -c pass` are shown at the top.",
        "- Ratios compare with the row's reference: a trivial one-command Typer app (run alternately with each "
        "command, so both see the same machine: a shared machine's speed drifts by half over a run), "
        "`json.load` + `json.dump` of the same file, a read and rewrite of the same file, `sqlite-utils` on "
        "the same rows.",
        f"- Whole run: {total:.0f} s",
        "",
        "![time against talks, log-log](scaling.png)",
        "",
        "| size | what | median | ratio | target | met | peak memory | note |",
        "|---|---|---:|---:|---|---|---:|---|",
    ]
    for group, what, seconds, ref, target, rss, note in res.rows:
        ratio = f"{seconds / ref:.2f}x" if ref else ""
        mem = f"{rss / 1024:.1f} MiB" if rss else ""
        lines.append(f"| {group} | {what} | {seconds * 1000:.1f} ms | {ratio} | {target} | "
                     f"{met(seconds, ref, target)} | {mem} | {note} |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'README.md'}")
    plot(res)


PLOTTED = ["talk list --json", "talk list (table)", "speaker add", "check", "report (one event)",
           "export html (one event)", "export ics (one event)", "export pdf (one event)"]


def plot(res: Results) -> None:
    """benchmarks/scaling.png: time against talks for the main commands, log-log."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: no scaling.png")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    for what in PLOTTED:
        points = sorted((int(g), t) for g, w, t, *_ in res.rows if w == what and g.isdigit())
        if len(points) > 1:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=what)
    app = [t for g, w, t, *_ in res.rows if w == "trivial Typer app running its command"]
    if app:
        ax.axhline(app[0], color="grey", linestyle=":", label="trivial Typer app")
        ax.axhline(4 * app[0], color="grey", linestyle="--", label="4x the trivial app")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("talks in the record")
    ax.set_ylabel("seconds (median, whole process)")
    ax.set_title("confrec: time against the size of the record")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(HERE / "scaling.png")
    print(f"wrote {HERE / 'scaling.png'}")


if __name__ == "__main__":
    main()
