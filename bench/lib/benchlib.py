"""Helpers shared by the measurement halves of the bench/ scripts (publish_bench.py, build_bench.py):
logging, registry reads over plain HTTP, wall-time measurement with a monotonic clock, summary statistics,
the CDS-archive freshness rule of bin/multiarch."""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

ACCEPT = ", ".join([
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
])
LIST_TYPES = {"application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.index.v1+json"}


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def die(msg):
    log("ERROR: " + msg)
    sys.exit(1)


def http_get(url, accept=ACCEPT):
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, dict(r.headers), r.read()


def manifest(registry, repo, ref):
    status, headers, body = http_get(f"http://{registry}/v2/{repo}/manifests/{ref}")
    return json.loads(body), headers.get("Docker-Content-Digest")


def split_ref(ref, registry):
    rest = ref[len(registry) + 1:]
    repo, tag = rest.rsplit(":", 1)
    return repo, tag


def stats(ms):
    return {"median_ms": round(statistics.median(ms), 1), "min_ms": round(min(ms), 1), "max_ms": round(max(ms), 1),
            "runs_ms": [round(x, 1) for x in ms]}


def timed(cmds, env):
    """Wall time (monotonic clock) of running cmds one after another; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    for cmd in cmds:
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            die(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr.decode(errors='replace')}")
    return (time.perf_counter() - start) * 1000.0


def launcher_command(multiarch):
    """The java command line bin/multiarch runs (MULTIARCH_PRINT_COMMAND=1): java, its JVM options (with the
    class-data archive option when the archive is there), then -cp CP io.multiarch.cli.Main."""
    p = subprocess.run([multiarch], env=dict(os.environ, MULTIARCH_PRINT_COMMAND="1"), capture_output=True, text=True)
    if p.returncode != 0:
        die(f"{multiarch} with MULTIARCH_PRINT_COMMAND=1 exited {p.returncode}: {p.stderr.strip()}")
    argv = p.stdout.splitlines()
    cp_at = argv.index("-cp")
    return {"java": argv[0], "opts": argv[1:cp_at], "cp": argv[cp_at + 1]}


def archive_of(opts):
    """The class-data archive named by the launcher's options (-XX:AOTCache= or -XX:SharedArchiveFile=), or None."""
    for o in opts:
        for prefix in ("-XX:AOTCache=", "-XX:SharedArchiveFile="):
            if o.startswith(prefix):
                return o[len(prefix):]
    return None


def cds_fresh(cli_target, jar, archive):
    """Like bin/multiarch: the archive is used only when neither the CLI jar nor a lib/ jar is newer."""
    if archive is None or not os.path.isfile(archive):
        return False
    lib = os.path.join(cli_target, "lib")
    jars = [jar] + [os.path.join(lib, f) for f in os.listdir(lib) if f.endswith(".jar")]
    return all(os.path.getmtime(j) <= os.path.getmtime(archive) for j in jars)
