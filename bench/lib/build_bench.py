#!/usr/bin/env python3
"""Measurement half of bench/build-bench.sh (which sets up the machine, the CLI snapshot, the registry, the build
contexts and the docker shim).

Workload "compute": the tutorial's sequential flow (bench/lib/tutorial_flow.sh) vs `multiarch build`, interleaved.
Workload "sleep": `multiarch build` vs each platform built alone with the single-platform command multiarch runs,
interleaved. Then profile runs of multiarch through the docker shim, the CLI's start-up floor, a table with
PASS/MISS per target, and JSON. Not meant to be run on its own: build-bench.sh passes every argument.
"""
import argparse
import glob
import json
import os
import platform as pyplatform
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time
import uuid

from benchlib import LIST_TYPES, die, log, manifest, stats, timed

RATIO_TARGET = 0.70        # compute: multiarch <= 0.7 x tutorial flow
SLEEP_FACTOR = 1.10        # sleep: multiarch <= slowest alone x 1.10 + 1.5 s
SLEEP_SLACK_S = 1.5

HERE = os.path.dirname(os.path.abspath(__file__))

PLANNED = re.compile(r"^\[(\S+)\] planned on ")
STARTED = re.compile(r"^\[(\S+)\] started$")
FINISHED = re.compile(r"^\[(\S+)\] (succeeded|FAILED) in ([0-9.]+)s")
RESOLVED = re.compile(r"^resolved ")
PUSHED = re.compile(r"^pushed .* as ")
# BuildKit's plain progress: "#6 [3/3] RUN echo ..." for the measured step, then "#6 DONE 2.3s" or "#6 CACHED"
STEP_HEADER = re.compile(r"^#(\d+) \[[^\]]*\] RUN echo ")
STEP_END = re.compile(r"^#(\d+) (DONE|CACHED)\b")


def arch(p):
    return p.split("/", 1)[1].replace("/", "-")


def run_lines(cmd, env):
    """Runs cmd with stdout+stderr merged into a pipe, stamping each line on arrival. Returns (wall_s, lines,
    spawn_wall) with lines as (seconds since spawn, text) and spawn_wall the wall clock (time.time) at spawn."""
    spawn_wall = time.time()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    lines = []
    for line in p.stdout:
        lines.append((time.perf_counter() - t0, line.rstrip("\n")))
    rc = p.wait()
    wall = time.perf_counter() - t0
    if rc != 0:
        tail = "\n".join(text for _, text in lines[-40:])
        die(f"{' '.join(cmd)} exited {rc}:\n{tail}")
    return wall, lines, spawn_wall


def cpu_busy(seconds=1.0):
    """Fraction of all cores' time spent busy over the next `seconds` (from /proc/stat)."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]  # total, idle + iowait
    t0, i0 = sample()
    time.sleep(seconds)
    t1, i1 = sample()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)


class Quiet:
    """Before each timed command: wait (up to max_wait s) until the machine is nearly idle, so another session's
    build or test on this shared machine does not land in one flow's measurement only. Records what it saw."""

    def __init__(self, threshold, max_wait):
        self.threshold, self.max_wait = threshold, max_wait
        self.waited_s, self.not_quiet = [], 0

    def wait(self):
        if self.threshold >= 1:
            return
        start = time.monotonic()
        while True:
            busy = cpu_busy(0.5)
            if busy <= self.threshold:
                break
            if time.monotonic() - start >= self.max_wait:
                self.not_quiet += 1
                log(f"    (machine still {busy:.0%} busy after {self.max_wait} s of waiting; measuring anyway)")
                break
        self.waited_s.append(round(time.monotonic() - start, 1))


def measured_step_runs(text):
    """How often the measured RUN step (the one after ARG BENCH_RUN) ran and how often it came from the cache, in
    the plain progress output of one or more builds."""
    ran = cached = 0
    pending = None
    for line in text.splitlines():
        m = STEP_HEADER.match(line)
        if m:
            pending = m.group(1)
            continue
        m = STEP_END.match(line)
        if m and m.group(1) == pending:
            if m.group(2) == "DONE":
                ran += 1
            else:
                cached += 1
            pending = None
    return ran, cached


def require_rebuilt(text, builds, what):
    ran, cached = measured_step_runs(text)
    if ran != builds or cached:
        die(f"{what}: the measured RUN step ran {ran} time(s) and came from the build cache {cached} time(s); "
            f"expected {builds} real run(s) - the measurement would be wrong")


def multiarch_phases(lines, wall):
    """Phases of one `multiarch build` from its own progress lines (seconds since spawn)."""
    t = {"planned": None, "started": None, "finished": [], "resolved": None, "pushed": None}
    per_platform = {}
    for ts, text in lines:
        if PLANNED.match(text) and t["planned"] is None:
            t["planned"] = ts
        elif STARTED.match(text) and t["started"] is None:
            t["started"] = ts
        elif FINISHED.match(text):
            m = FINISHED.match(text)
            t["finished"].append(ts)
            per_platform[m.group(1)] = float(m.group(3))
        elif RESOLVED.match(text) and t["resolved"] is None:
            t["resolved"] = ts
        elif PUSHED.match(text):
            t["pushed"] = ts
    if t["started"] is None or not t["finished"] or t["pushed"] is None:
        die("cannot follow multiarch's progress lines:\n" + "\n".join(x for _, x in lines[-30:]))
    last = max(t["finished"])
    return {
        "before_builds_s": round(t["started"], 3),          # JVM start + engine capabilities + emulation probe + plan
        "builds_s": round(last - t["started"], 3),          # first platform started -> last finished (parallel)
        "read_back_s": round((t["resolved"] or t["pushed"]) - last, 3),  # fetch each pushed image back
        "publish_s": round(t["pushed"] - (t["resolved"] or t["pushed"]), 3),  # resolve sources, push the list
        "print_and_exit_s": round(wall - t["pushed"], 3),
        "platform_build_s": per_platform,                   # as multiarch reports them
    }


def shim_phases(shim_log, spawn_wall, lines, wall):
    """Phases of one profiled `multiarch build` from the docker shim's log (each docker call's start and end)."""
    calls = []
    with open(shim_log) as f:
        for line in f:
            s, e, rc, argv = line.rstrip("\n").split(" ", 3)
            calls.append({"start": float(s) - spawn_wall, "end": float(e) - spawn_wall, "rc": int(rc), "argv": argv})
    caps = [c for c in calls if c["argv"].startswith(("version", "info", "buildx version", "buildx inspect"))]
    probes = [c for c in calls if c["argv"].startswith("buildx build") and "multiarch-probe-" in c["argv"]]
    builds = [c for c in calls if c["argv"].startswith("buildx build") and "--push" in c["argv"]]
    if not caps or not builds:
        die(f"the docker shim saw no capability or build calls: {calls}")
    own = multiarch_phases(lines, wall)
    out = {
        "jvm_start_to_first_docker_s": round(min(c["start"] for c in calls), 3),
        "capabilities_s": round(max(c["end"] for c in caps) - min(c["start"] for c in caps), 3),
        "capability_calls": {c["argv"].split(" --")[0]: round(c["end"] - c["start"], 3) for c in caps},
        "probe_s": round(max(c["end"] for c in probes) - min(c["start"] for c in probes), 3) if probes else 0.0,
        "probe_calls_s": sorted(round(c["end"] - c["start"], 3) for c in probes),
        "capabilities_to_probe_gap_s": round(min(c["start"] for c in probes) - max(c["end"] for c in caps), 3)
        if probes else 0.0,
        "probe_to_builds_gap_s": round(min(c["start"] for c in builds)
                                       - max(c["end"] for c in (probes or caps)), 3),
        "builds_s": round(max(c["end"] for c in builds) - min(c["start"] for c in builds), 3),
        "build_calls_s": {re.search(r"--platform (\S+)", c["argv"]).group(1): round(c["end"] - c["start"], 3)
                          for c in builds},
        "after_builds_s": round(wall - max(c["end"] for c in builds), 3),
        "read_back_s": own["read_back_s"], "publish_s": own["publish_s"], "print_and_exit_s": own["print_and_exit_s"],
        "wall_s": round(wall, 3),
        "docker_calls": len(calls),
    }
    return out


def class_archive(root):
    """The class-data archive bin/multiarch keeps next to the jars (multiarch-NN.aot for Java 25+, multiarch-NN.jsa
    or multiarch.jsa before) and whether it is newer than every jar (the launcher's rule for using it)."""
    target = os.path.join(root, "cli", "target")
    found = sorted(glob.glob(os.path.join(target, "multiarch*.aot")) + glob.glob(os.path.join(target, "multiarch*.jsa")),
                   key=os.path.getmtime)
    if not found:
        return None
    jars = glob.glob(os.path.join(target, "multiarch-cli-*.jar")) + glob.glob(os.path.join(target, "lib", "*.jar"))
    newest = found[-1]
    return {"file": newest, "size_bytes": os.path.getsize(newest),
            "newer_than_jars": all(os.path.getmtime(j) <= os.path.getmtime(newest) for j in jars)}


def check_list(reg, repo, tag, platforms):
    """The published reference is a list with exactly one entry per platform."""
    body, digest = manifest(reg, repo, tag)
    if body.get("mediaType") not in LIST_TYPES:
        die(f"{reg}/{repo}:{tag} is not a list: {body.get('mediaType')}")
    got = sorted(f"{m['platform']['os']}/{m['platform']['architecture']}"
                 + (f"/{m['platform']['variant']}" if m["platform"].get("variant") else "") for m in body["manifests"])
    if got != sorted(platforms):
        die(f"{reg}/{repo}:{tag} lists {got}, expected {sorted(platforms)}")
    return body["mediaType"]


def med(xs):
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--warmups", type=int, required=True)
    ap.add_argument("--workloads", required=True)
    ap.add_argument("--profile-runs", type=int, required=True)
    ap.add_argument("--platforms", required=True)
    ap.add_argument("--compute-mib", type=int, required=True)
    ap.add_argument("--sleep-seconds", required=True)
    ap.add_argument("--shim-dir", required=True)
    ap.add_argument("--quiet-cpu", type=float, default=0.25)
    ap.add_argument("--quiet-wait", type=float, default=90)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    reg = a.registry
    platforms = a.platforms.split(",")
    workloads = a.workloads.split(",")
    multiarch = os.path.join(a.root, "bin", "multiarch")
    jtmp = os.path.join(a.tmp, "jtmp")
    env = dict(os.environ)
    # multiarch keeps each build's logs in a java.io.tmpdir directory it does not delete: keep them in the
    # bench's temp dir (removed at exit), where the single-platform command is also read from
    env["MULTIARCH_JAVA_OPTS"] = (env.get("MULTIARCH_JAVA_OPTS", "") + f" -Djava.io.tmpdir={jtmp}").strip()
    ctx = {w: os.path.join(a.tmp, f"ctx-{w}") for w in ("compute", "sleep")}
    # BuildKit's cache outlives this script: BENCH_RUN values carry a nonce so no run of any bench invocation
    # can hit the cache of another at the measured step
    nonce = uuid.uuid4().hex[:10]

    def bust(run_id):
        return f"BENCH_RUN={nonce}-{run_id}"

    quiet = Quiet(a.quiet_cpu, a.quiet_wait)
    load_start = os.getloadavg()
    if load_start[0] > 0.7:
        log(f"note: load average {load_start[0]:.2f} before measuring; each timed command first waits until the CPU "
            f"is at most {a.quiet_cpu:.0%} busy (up to {a.quiet_wait:.0f} s), but work that starts during a command "
            "still lands in it (interleaving spreads that over the flows)")

    def multiarch_cmd(w, tag, run_id):
        return [multiarch, "build", "--image", f"{reg}/bench/ma-{w}", "--tag", tag, "--platforms", ",".join(platforms),
                "--context", ctx[w], "--build-arg", bust(run_id)]

    def run_multiarch(w, tag, run_id, extra_env=None):
        before = set(glob.glob(os.path.join(jtmp, "multiarch-logs-*")))
        quiet.wait()
        wall, lines, spawn_wall = run_lines(multiarch_cmd(w, tag, run_id), dict(env, **(extra_env or {})))
        check_list(reg, f"bench/ma-{w}", tag, platforms)
        new = sorted(set(glob.glob(os.path.join(jtmp, "multiarch-logs-*"))) - before)
        if len(new) != 1:
            die(f"expected one new multiarch-logs-* directory in {jtmp}, found {new}")
        for p in platforms:
            with open(os.path.join(new[0], p.replace("/", "-") + ".log"), errors="replace") as f:
                require_rebuilt(f.read(), 1, f"multiarch build of {p} ({w} {tag})")
        return wall, lines, spawn_wall, new[0]

    def run_tutorial(tag, run_id):
        quiet.wait()
        start = time.perf_counter()
        p = subprocess.run(["bash", os.path.join(HERE, "tutorial_flow.sh"), reg, ctx["compute"], tag, bust(run_id),
                            *platforms], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            die(f"tutorial flow exited {p.returncode}:\n{p.stderr[-4000:]}")
        steps = {}
        for line in p.stdout.splitlines():
            if line.startswith("step "):
                _, name, secs = line.split(" ")
                steps[name.replace("_", " ")] = float(secs)
        require_rebuilt(p.stderr, len(platforms), f"tutorial flow {tag}")
        check_list(reg, "bench/tut", tag, platforms)
        return wall, steps

    # the single-platform command multiarch runs, per workload, read from its per-platform log
    # ("$ docker buildx build ...") of the workload's first multiarch run
    alone_template = {}

    def learn_alone_commands(w, logs_dir):
        if logs_dir is None:
            die(f"no multiarch-logs-* directory appeared in {jtmp}")
        alone_template[w] = {}
        for p in platforms:
            path = os.path.join(logs_dir, p.replace("/", "-") + ".log")
            with open(path) as f:
                first = f.readline().rstrip("\n")
            if not first.startswith("$ docker buildx build "):
                die(f"{path} does not start with the build command: {first!r}")
            alone_template[w][p] = shlex.split(first[2:])

    def alone_cmd(w, p, repo, tag, run_id, metadata):
        argv = list(alone_template[w][p])
        out = []
        i = 0
        while i < len(argv):
            x = argv[i]
            if x == "--tag":
                out += [x, f"{reg}/{repo}:{tag}-{arch(p)}"]
                i += 2
                continue
            if x == "--metadata-file":
                out += [x, metadata]
                i += 2
                continue
            if x == "--build-arg" and argv[i + 1].startswith("BENCH_RUN="):
                out += [x, bust(run_id)]
                i += 2
                continue
            out.append(x)
            i += 1
        return out

    def check_metadata(metadata, what):
        with open(metadata) as f:
            if not json.load(f).get("containerimage.digest", "").startswith("sha256:"):
                die(f"{what} wrote no image digest into {metadata}")

    def run_alone(w, p, tag, run_id):
        metadata = os.path.join(a.tmp, f"alone-{arch(p)}-metadata.json")
        if os.path.exists(metadata):
            os.remove(metadata)
        cmd = alone_cmd(w, p, f"bench/alone-{w}", tag, run_id, metadata)
        # multiarch runs it with DOCKER_BUILDKIT=1 added to its environment
        quiet.wait()
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=dict(env, DOCKER_BUILDKIT="1"), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            die(f"alone build of {p} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
        require_rebuilt(proc.stderr, 1, f"alone build of {p} ({tag})")
        check_metadata(metadata, f"the alone build of {p}")
        return wall

    def run_parallel(w, tag, run_id):
        """The same single-platform commands, all started at once (no probe, no read-back, no list): what the
        engine itself gives 4 concurrent builds on this machine."""
        procs = {}
        quiet.wait()
        start = time.perf_counter()
        for p in platforms:
            metadata = os.path.join(a.tmp, f"par-{arch(p)}-metadata.json")
            if os.path.exists(metadata):
                os.remove(metadata)
            cmd = alone_cmd(w, p, f"bench/par-{w}", tag, run_id, metadata)
            procs[p] = (subprocess.Popen(cmd, env=dict(env, DOCKER_BUILDKIT="1"), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), metadata)
        each, errs = {}, {}

        def wait(p, proc):
            errs[p] = proc.communicate()[1]
            each[p] = round(time.perf_counter() - start, 3)

        threads = [threading.Thread(target=wait, args=(p, proc)) for p, (proc, _) in procs.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        for p, (proc, metadata) in procs.items():
            err = errs[p]
            if proc.returncode != 0:
                die(f"parallel build of {p} exited {proc.returncode}:\n{err.decode(errors='replace')[-3000:]}")
            require_rebuilt(err.decode(errors="replace"), 1, f"parallel build of {p} ({tag})")
        for p, (_, metadata) in procs.items():
            check_metadata(metadata, f"the parallel build of {p}")
        return wall, each

    # ---------------------------------------------------------------- timed rounds, interleaved
    res = {w: {"runs": []} for w in workloads}
    total = a.warmups + a.runs
    log(f"{a.warmups} warm-up + {a.runs} timed round(s); workloads {', '.join(workloads)}; platforms "
        f"{', '.join(platforms)}")
    for k in range(total):
        run = f"w{k + 1}" if k < a.warmups else f"r{k - a.warmups + 1}"
        warm = k < a.warmups
        if "compute" in workloads:
            t_wall, t_steps = run_tutorial(run, f"tut-{run}")
            m_wall, m_lines, _, logs_dir = run_multiarch("compute", run, f"ma-{run}")
            if "compute" not in alone_template:
                learn_alone_commands("compute", logs_dir)
            p_wall, p_each = run_parallel("compute", run, f"par-{run}")
            row = {"run": run, "load1": round(os.getloadavg()[0], 2), "tutorial_s": round(t_wall, 3), "tutorial_steps_s": t_steps,
                   "multiarch_s": round(m_wall, 3), "multiarch_phases": multiarch_phases(m_lines, m_wall),
                   "parallel_s": round(p_wall, 3), "parallel_each_s": p_each,
                   "ratio": round(m_wall / t_wall, 3)}
            log(f"  compute {run}{' (warm-up)' if warm else ''}: tutorial {t_wall:.2f} s, multiarch {m_wall:.2f} s, "
                f"ratio {m_wall / t_wall:.2f}; 4 plain builds in parallel {p_wall:.2f} s")
            if not warm:
                res["compute"]["runs"].append(row)
        if "sleep" in workloads:
            m_wall, m_lines, _, logs_dir = run_multiarch("sleep", run, f"ma-{run}")
            if "sleep" not in alone_template:
                learn_alone_commands("sleep", logs_dir)
            alone = {p: round(run_alone("sleep", p, run, f"alone-{run}"), 3) for p in platforms}
            p_wall, p_each = run_parallel("sleep", run, f"par-{run}")
            slowest = max(alone.values())
            bound = slowest * SLEEP_FACTOR + SLEEP_SLACK_S
            row = {"run": run, "load1": round(os.getloadavg()[0], 2), "multiarch_s": round(m_wall, 3), "multiarch_phases": multiarch_phases(m_lines, m_wall),
                   "alone_s": alone, "slowest_alone_s": slowest, "bound_s": round(bound, 3),
                   "parallel_s": round(p_wall, 3), "parallel_each_s": p_each,
                   "overhead_s": round(m_wall - slowest, 3), "ratio": round(m_wall / slowest, 3)}
            log(f"  sleep {run}{' (warm-up)' if warm else ''}: multiarch {m_wall:.2f} s; alone "
                + ", ".join(f"{arch(p)} {s:.2f}" for p, s in alone.items())
                + f" s; bound {bound:.2f} s; overhead {m_wall - slowest:+.2f} s; 4 plain builds in parallel "
                f"{p_wall:.2f} s")
            if not warm:
                res["sleep"]["runs"].append(row)

    # ---------------------------------------------------------------- profile runs through the docker shim
    profile = {}
    if a.profile_runs:
        log(f"profile: {a.profile_runs} multiarch run(s) per workload with the docker shim on PATH")
    for w in workloads:
        rows = []
        for k in range(a.profile_runs):
            shim_log = os.path.join(a.tmp, f"docker-shim-{w}-p{k + 1}.log")
            extra = {"PATH": a.shim_dir + os.pathsep + env.get("PATH", ""), "BENCH_SHIM_LOG": shim_log}
            wall, lines, spawn_wall, _ = run_multiarch(w, f"p{k + 1}", f"ma-p{k + 1}", extra)
            rows.append(shim_phases(shim_log, spawn_wall, lines, wall))
            r = rows[-1]
            log(f"  {w} p{k + 1}: {wall:.2f} s = JVM start {r['jvm_start_to_first_docker_s']:.2f} + capabilities "
                f"{r['capabilities_s']:.2f} + probe {r['probe_s']:.2f} + builds {r['builds_s']:.2f} + after "
                f"{r['after_builds_s']:.2f} (gaps {r['capabilities_to_probe_gap_s']:.2f}, "
                f"{r['probe_to_builds_gap_s']:.2f})")
        if rows:
            keys = [k for k, v in rows[0].items() if isinstance(v, (int, float))]
            profile[w] = {"runs": rows, "median": {k: round(med([r[k] for r in rows]), 3) for k in keys}}

    # ---------------------------------------------------------------- start-up floor of the CLI
    floor = [timed([[multiarch, "--version"]], env) / 1000.0 for _ in range(5)]
    archive = class_archive(a.root)
    # the JVM bin/multiarch picks (JAVA, else an installed Java 25+, else java on PATH): "-version" ends it early
    jvm = subprocess.run([multiarch], env=dict(env, MULTIARCH_JAVA_OPTS="-version"), capture_output=True, text=True)
    jvm_version = (jvm.stderr.splitlines() or ["?"])[0]

    # ---------------------------------------------------------------- results
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cores": os.cpu_count(), "kernel": pyplatform.release(),
                    "docker": subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                                             capture_output=True, text=True).stdout.strip()},
        "platforms": platforms, "runs": a.runs, "warmups": a.warmups, "registry": reg,
        "cli": {"home": a.root, "version_cmd_median_s": round(med(floor), 3), "jvm": jvm_version,
                "class_archive": archive},
        "single_platform_commands": {w: {p: " ".join(shlex.quote(x) for x in v) for p, v in t.items()}
                                     for w, t in alone_template.items()},
        "workloads": {},
        "profile": profile,
    }
    if "compute" in workloads:
        rows = res["compute"]["runs"]
        t = [r["tutorial_s"] for r in rows]
        m = [r["multiarch_s"] for r in rows]
        ratio = med(m) / med(t)
        result["workloads"]["compute"] = {
            "run_step": f"dd if=/dev/urandom bs=1M count={a.compute_mib} | gzip > /data.gz",
            "tutorial": stats([x * 1000 for x in t]), "multiarch": stats([x * 1000 for x in m]),
            "parallel_plain_builds": stats([r["parallel_s"] * 1000 for r in rows]),
            "tutorial_steps_median_s": {k: round(med([r["tutorial_steps_s"][k] for r in rows]), 3)
                                        for k in rows[0]["tutorial_steps_s"]},
            "multiarch_phases_median_s": {k: round(med([r["multiarch_phases"][k] for r in rows]), 3)
                                          for k in rows[0]["multiarch_phases"] if k != "platform_build_s"},
            "multiarch_platform_build_median_s": {p: round(med([r["multiarch_phases"]["platform_build_s"][p]
                                                                for r in rows]), 3) for p in platforms},
            "ratio": round(ratio, 3), "ratios_per_run": [r["ratio"] for r in rows],
            "target": f"multiarch <= {RATIO_TARGET} x tutorial flow (medians)", "pass": ratio <= RATIO_TARGET,
            "runs": rows,
        }
    if "sleep" in workloads:
        rows = res["sleep"]["runs"]
        m = [r["multiarch_s"] for r in rows]
        slow = [r["slowest_alone_s"] for r in rows]
        bound = med(slow) * SLEEP_FACTOR + SLEEP_SLACK_S
        result["workloads"]["sleep"] = {
            "run_step": f"sleep {a.sleep_seconds}",
            "multiarch": stats([x * 1000 for x in m]),
            "alone": {p: stats([r["alone_s"][p] * 1000 for r in rows]) for p in platforms},
            "slowest_alone": stats([x * 1000 for x in slow]),
            "parallel_plain_builds": stats([r["parallel_s"] * 1000 for r in rows]),
            "bound_s": round(bound, 3), "overhead_s": round(med(m) - med(slow), 3),
            "ratio": round(med(m) / med(slow), 3), "overheads_per_run_s": [r["overhead_s"] for r in rows],
            "runs_within_bound": sum(1 for r in rows if r["multiarch_s"] <= r["bound_s"]),
            "multiarch_phases_median_s": {k: round(med([r["multiarch_phases"][k] for r in rows]), 3)
                                          for k in rows[0]["multiarch_phases"] if k != "platform_build_s"},
            "multiarch_platform_build_median_s": {p: round(med([r["multiarch_phases"]["platform_build_s"][p]
                                                                for r in rows]), 3) for p in platforms},
            "target": f"multiarch <= slowest alone x {SLEEP_FACTOR} + {SLEEP_SLACK_S} s (medians)",
            "pass": med(m) <= bound,
            "runs": rows,
        }
    # what-if: the same medians without the emulation probe (its median length in the profile runs)
    for w, d in result["workloads"].items():
        if w not in profile:
            continue
        probe_s = profile[w]["median"]["probe_s"]
        m = d["multiarch"]["median_ms"] / 1000 - probe_s
        if w == "compute":
            d["without_probe_estimate"] = {"probe_s": probe_s, "multiarch_s": round(m, 3),
                                           "ratio": round(m / (d["tutorial"]["median_ms"] / 1000), 3)}
        else:
            d["without_probe_estimate"] = {"probe_s": probe_s, "multiarch_s": round(m, 3),
                                           "overhead_s": round(m - d["slowest_alone"]["median_ms"] / 1000, 3),
                                           "within_bound": m <= d["bound_s"]}
    result["quiet_wait"] = {"cpu_busy_threshold": a.quiet_cpu, "max_wait_s": a.quiet_wait,
                            "commands_started_busy": quiet.not_quiet,
                            "waited_s_median": med(quiet.waited_s), "waited_s_max": max(quiet.waited_s, default=0)}
    result["load_average"] = {"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in os.getloadavg()]}
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    report(result, a.out)


def report(r, out):
    def word(ok):
        return "PASS" if ok else "MISS"

    w = sys.stdout.write
    wl = r["workloads"]
    w("\n================ multiarch build benchmark ================\n")
    w(f"{len(r['platforms'])} platforms ({', '.join(r['platforms'])}; amd64 native, the others under qemu), "
      f"registry {r['registry']} (loopback, no auth), {r['machine']['cores']} cores, docker {r['machine']['docker']}\n")
    w(f"runs: {r['runs']} timed per flow after {r['warmups']} warm-up(s), interleaved; whole-command wall time, "
      f"monotonic clock; every run rebuilds (cache busted at the RUN) and pushes a fresh tag\n")
    w(f"load average (1 min) at start {r['load_average']['start'][0]:.2f}, at end {r['load_average']['end'][0]:.2f}; "
      f"each timed command waited for < {r['quiet_wait']['cpu_busy_threshold']:.0%} CPU busy (up to "
      f"{r['quiet_wait']['max_wait_s']:.0f} s; longest wait {r['quiet_wait']['waited_s_max']:.0f} s; "
      f"{r['quiet_wait']['commands_started_busy']} started on a busy machine)\n")
    w(f"CLI: {r['cli']['home']}/bin/multiarch; 'multiarch --version' median {r['cli']['version_cmd_median_s']:.2f} s; "
      f"JVM: {r['cli']['jvm']}; class archive: "
      + (f"{os.path.basename(r['cli']['class_archive']['file'])}, newer than the jars: "
         f"{r['cli']['class_archive']['newer_than_jars']}" if r['cli']['class_archive'] else "none") + "\n\n")
    hdr = f"{'':<46}{'median':>9}{'min':>9}{'max':>9}   s\n"

    def row(label, s):
        w(f"  {label:<44}{s['median_ms'] / 1000:>9.2f}{s['min_ms'] / 1000:>9.2f}{s['max_ms'] / 1000:>9.2f}\n")

    if "compute" in wl:
        c = wl["compute"]
        w(f"workload 'compute' (RUN {c['run_step']})\n" + hdr)
        row("tutorial flow (sequential + docker manifest)", c["tutorial"])
        row("multiarch build", c["multiarch"])
        row("(info) the 4 build commands in parallel, bare", c["parallel_plain_builds"])
        w("  tutorial steps (medians): " + ", ".join(f"{k} {v:.2f}" for k, v in c["tutorial_steps_median_s"].items())
          + " s\n")
        w("  multiarch per-platform builds (medians, in parallel): "
          + ", ".join(f"{k} {v:.2f}" for k, v in c["multiarch_platform_build_median_s"].items()) + " s\n\n")
    if "sleep" in wl:
        s = wl["sleep"]
        w(f"workload 'sleep' (RUN {s['run_step']})\n" + hdr)
        for p, st in s["alone"].items():
            row(f"{p} alone", st)
        row("slowest alone (per run)", s["slowest_alone"])
        row("multiarch build (4 platforms)", s["multiarch"])
        row("(info) the 4 build commands in parallel, bare", s["parallel_plain_builds"])
        w("  multiarch per-platform builds (medians, in parallel): "
          + ", ".join(f"{k} {v:.2f}" for k, v in s["multiarch_platform_build_median_s"].items()) + " s\n\n")
    phases = [("before_builds_s", "JVM start + capabilities + probe + plan"), ("builds_s", "builds (parallel)"),
              ("read_back_s", "read-back of the pushed images"), ("publish_s", "publish the list"),
              ("print_and_exit_s", "print + JVM exit")]
    if wl:
        w("where multiarch build's time goes, timed runs (from its progress lines; medians, s)\n")
        w(f"  {'phase':<44}" + "".join(f"{k:>10}" for k in wl) + "\n")
        for key, label in phases:
            w(f"  {label:<44}" + "".join(f"{wl[k]['multiarch_phases_median_s'][key]:>10.2f}" for k in wl) + "\n")
    pr = r["profile"]
    if pr:
        w(f"profile runs through the docker shim (medians of {len(next(iter(pr.values()))['runs'])}, s)\n")
        w(f"  {'phase':<44}" + "".join(f"{k:>10}" for k in pr) + "\n")
        for key, label in [("jvm_start_to_first_docker_s", "JVM start -> first docker call"),
                           ("capabilities_s", "capabilities (version, info, buildx x2)"),
                           ("capabilities_to_probe_gap_s", "gap"),
                           ("probe_s", "emulation probe (parallel --no-cache builds)"),
                           ("probe_to_builds_gap_s", "gap (plan)"),
                           ("builds_s", "builds (parallel)"),
                           ("after_builds_s", "read-back + publish + print + exit"),
                           ("wall_s", "total")]:
            w(f"  {label:<44}" + "".join(f"{pr[k]['median'][key]:>10.2f}" for k in pr) + "\n")
        w("\n")
    if "compute" in wl:
        c = wl["compute"]
        w(f"compute: multiarch median {c['multiarch']['median_ms'] / 1000:.2f} s vs tutorial flow "
          f"{c['tutorial']['median_ms'] / 1000:.2f} s: ratio {c['ratio']:.2f} (per run "
          f"{', '.join(f'{x:.2f}' for x in c['ratios_per_run'])}; target <= {RATIO_TARGET}) {word(c['pass'])}\n")
        w(f"  the 4 bare build commands in parallel: {c['parallel_plain_builds']['median_ms'] / 1000:.2f} s = "
          f"{c['parallel_plain_builds']['median_ms'] / c['tutorial']['median_ms']:.2f} x the tutorial flow\n")
        e = c.get("without_probe_estimate")
        if e:
            w(f"  estimate without the emulation probe ({e['probe_s']:.2f} s in the profile runs): multiarch "
              f"{e['multiarch_s']:.2f} s, ratio {e['ratio']:.2f}\n")
    if "sleep" in wl:
        s = wl["sleep"]
        w(f"sleep: multiarch median {s['multiarch']['median_ms'] / 1000:.2f} s vs slowest alone "
          f"{s['slowest_alone']['median_ms'] / 1000:.2f} s: overhead {s['overhead_s']:+.2f} s, ratio {s['ratio']:.2f}; "
          f"bound x{SLEEP_FACTOR} + {SLEEP_SLACK_S} s = {s['bound_s']:.2f} s ({s['runs_within_bound']}/"
          f"{len(s['runs'])} runs within) {word(s['pass'])}\n")
        w(f"  the 4 bare build commands in parallel: {s['parallel_plain_builds']['median_ms'] / 1000:.2f} s = slowest "
          f"alone {(s['parallel_plain_builds']['median_ms'] - s['slowest_alone']['median_ms']) / 1000:+.2f} s "
          f"(the engine's own cost of 4 concurrent builds)\n")
        e = s.get("without_probe_estimate")
        if e:
            w(f"  estimate without the emulation probe ({e['probe_s']:.2f} s in the profile runs): multiarch "
              f"{e['multiarch_s']:.2f} s, overhead {e['overhead_s']:+.2f} s, within the bound: {e['within_bound']}\n")
    w(f"JSON: {out}\n")


if __name__ == "__main__":
    main()
