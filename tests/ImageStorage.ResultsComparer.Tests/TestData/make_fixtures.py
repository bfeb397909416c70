#!/usr/bin/env python3
"""Writes the synthetic *-report-full.json fixtures in BenchmarkDotNet 0.15.8's full JSON shape.

Run from this folder: python3 make_fixtures.py. Deterministic (seeded per benchmark name), so rerunning
reproduces the committed files. The shape follows a real BDN 0.15.8 report (see real/); measurement
objects are written one per line to keep the files small.
"""
import json
import math
import os
import random
import re
import shutil
import zlib

NAMESPACE = "ImageStorage.Benchmarks.Micro"
HOST = {
    "BenchmarkDotNetCaption": "BenchmarkDotNet", "BenchmarkDotNetVersion": "0.15.8",
    "OsVersion": "Linux Debian GNU/Linux 12 (bookworm)", "ProcessorName": "AMD EPYC",
    "PhysicalProcessorCount": 1, "PhysicalCoreCount": 2, "LogicalCoreCount": 2,
    "RuntimeVersion": ".NET 10.0.12 (10.0.12, 10.0.1226.42308)", "Architecture": "X64",
    "HasAttachedDebugger": False, "HasRyuJit": True, "Configuration": "RELEASE",
    "DotNetCliVersion": "10.0.401", "ChronometerFrequency": {"Hertz": 1000000000}, "HardwareTimerKind": "Unknown",
}
JOB = "Job-FIXTURE(IterationCount=8, LaunchCount=1, WarmupCount=1)"
OVERHEAD_NS = 1.5  # per operation


def quantile(sorted_values, p):
    """Type-7 quantile, as BDN's percentiles."""
    h = (len(sorted_values) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def statistics(values):
    values = [round(v, 4) for v in values]
    s = sorted(values)
    n = len(s)
    mean = sum(s) / n
    variance = sum((v - mean) ** 2 for v in s) / (n - 1)
    sd = math.sqrt(variance)
    se = sd / math.sqrt(n)
    q1, q3 = quantile(s, 0.25), quantile(s, 0.75)
    iqr = q3 - q1
    skewness = sum((v - mean) ** 3 for v in s) / n / (sd ** 3) if sd > 0 else ""
    kurtosis = sum((v - mean) ** 4 for v in s) / n / (sd ** 4) if sd > 0 else ""
    margin = se * 5.408  # t(0.9995, n-1) for n = 8, BDN's 99.9% level ("Level": 12)
    return rounded({
        "OriginalValues": values, "N": n, "Min": s[0], "LowerFence": q1 - 1.5 * iqr, "Q1": q1,
        "Median": quantile(s, 0.5), "Mean": mean, "Q3": q3, "UpperFence": q3 + 1.5 * iqr, "Max": s[-1],
        "InterquartileRange": iqr, "LowerOutliers": [], "UpperOutliers": [], "AllOutliers": [],
        "StandardError": se, "Variance": variance, "StandardDeviation": sd, "Skewness": skewness, "Kurtosis": kurtosis,
        "ConfidenceInterval": {"N": n, "Mean": mean, "StandardError": se, "Level": 12, "Margin": margin,
                               "Lower": mean - margin, "Upper": mean + margin},
        "Percentiles": {f"P{p}": quantile(s, p / 100) for p in (0, 25, 50, 67, 80, 85, 90, 95, 100)},
    })


def rounded(value):
    """Rounds every float to four decimals, keeping the files short."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def benchmark(type_name, method, count, median_ns, allocated, factor=1.0, actual=8, failed=False):
    """One benchmark case; factor scales the times (1.2 = 20% slower); the noise draws depend only on the name."""
    full_name = f"{NAMESPACE}.{type_name}.{method}(Count: {count})"
    rng = random.Random(zlib.crc32(full_name.encode()))
    ops = max(1, int(2 ** round(math.log2(250_000_000 / median_ns))))  # ~250 ms iterations

    def iteration(mode, stage, index, per_op, operations=ops):
        return {"IterationMode": mode, "IterationStage": stage, "LaunchIndex": 1, "IterationIndex": index,
                "Operations": operations, "Nanoseconds": round(per_op * operations)}

    def workload():
        return (median_ns * (1 + 0.01 * (rng.random() - 0.5)) + OVERHEAD_NS) * factor

    measurements = [iteration("Overhead", "Jitting", 1, 200_000, 1), iteration("Workload", "Jitting", 1, 230_000, 1)]
    if failed:
        return {"DisplayInfo": f"{type_name}.{method}: {JOB} [Count={count}]", "Namespace": NAMESPACE, "Type": type_name,
                "Method": method, "MethodTitle": method, "Parameters": f"Count={count}", "FullName": full_name,
                "HardwareIntrinsics": "AVX2,AES+PCLMUL VectorSize=256", "Statistics": None,
                "Memory": {"Gen0Collections": 0, "Gen1Collections": 0, "Gen2Collections": 0, "TotalOperations": 0,
                           "BytesAllocatedPerOperation": None},
                "Measurements": measurements}

    measurements += [iteration("Workload", "Pilot", 1, workload())]
    measurements += [iteration("Overhead", "Warmup", 1, OVERHEAD_NS * (1 + 0.02 * rng.random()))]
    measurements += [iteration("Overhead", "Actual", i, OVERHEAD_NS * (1 + 0.02 * rng.random())) for i in (1, 2)]
    measurements += [iteration("Workload", "Warmup", 1, workload())]
    actuals = [iteration("Workload", "Actual", i, workload()) for i in range(1, actual + 1)]
    results = [dict(m, IterationStage="Result", Nanoseconds=m["Nanoseconds"] - OVERHEAD_NS * ops) for m in actuals]
    measurements += actuals + results
    gen0 = allocated * ops // 8_000_000
    return {
        "DisplayInfo": f"{type_name}.{method}: {JOB} [Count={count}]", "Namespace": NAMESPACE, "Type": type_name,
        "Method": method, "MethodTitle": method, "Parameters": f"Count={count}", "FullName": full_name,
        "HardwareIntrinsics": "AVX2,AES+PCLMUL VectorSize=256",
        "Statistics": statistics([r["Nanoseconds"] / ops for r in results]),
        "Memory": {"Gen0Collections": gen0, "Gen1Collections": 0, "Gen2Collections": 0, "TotalOperations": ops * actual,
                   "BytesAllocatedPerOperation": allocated},
        "Metrics": [{"Value": allocated, "Descriptor": {
            "Id": "Allocated Memory", "DisplayName": "Allocated",
            "Legend": "Allocated memory per single operation (managed only, inclusive, 1KB = 1024B)",
            "NumberFormat": "0.##", "UnitType": 2, "Unit": "B", "TheGreaterTheBetter": False, "PriorityInCategory": 3}}],
        "Measurements": measurements,
    }


def launch_benchmark(type_name, method, count, median_ns, allocated, factors, allocations=None, seed=""):
    """One benchmark case measured in len(factors) launches (LaunchIndex 1, 2, ...), launch i running at factors[i] times
    median_ns with +-0.5% iteration noise; allocations, when given, is the per-report figure (one per report)."""
    full_name = f"{NAMESPACE}.{type_name}.{method}(Count: {count})"
    rng = random.Random(zlib.crc32((full_name + seed).encode()))
    ops = max(1, int(2 ** round(math.log2(250_000_000 / median_ns))))
    measurements, results = [], []
    for launch, factor in enumerate(factors, start=1):
        for i in range(1, 6):
            per_op = median_ns * factor * (1 + 0.01 * (rng.random() - 0.5))
            actual = {"IterationMode": "Workload", "IterationStage": "Actual", "LaunchIndex": launch, "IterationIndex": i,
                      "Operations": ops, "Nanoseconds": round(per_op * ops)}
            measurements.append(actual)
            results.append(dict(actual, IterationStage="Result"))
    measurements += results
    job = f"Job-FIXTURE(IterationCount=5, LaunchCount={len(factors)}, WarmupCount=1)"
    return {
        "DisplayInfo": f"{type_name}.{method}: {job} [Count={count}]", "Namespace": NAMESPACE, "Type": type_name,
        "Method": method, "MethodTitle": method, "Parameters": f"Count={count}", "FullName": full_name,
        "Statistics": statistics([r["Nanoseconds"] / ops for r in results]),
        "Memory": {"Gen0Collections": 0, "Gen1Collections": 0, "Gen2Collections": 0, "TotalOperations": ops * 5 * len(factors),
                   "BytesAllocatedPerOperation": allocated if allocations is None else allocations},
        "Measurements": measurements,
    }


READ_CASES = {
    "ReadOne10": ("ReadOne", 10, 850.0, 0),
    "ReadOne100": ("ReadOne", 100, 8_500.0, 0),
    "ReadMany10": ("ReadMany", 10, 2_000_000.0, 96),
    "ReadMany100": ("ReadMany", 100, 12_000_000.0, 40_000),
}


def interleaved(folder, rounds, sigma=0.02, diff_factor=None, noisy=None, drift=0.0, alloc_noise=None, diff_alloc=None,
                missing_diff_round=None):
    """An interleaved run: round-NN/base and round-NN/diff, one launch a side per round. Each launch gets its own
    lognormal launch factor (sigma), the whole round a drift factor; diff_factor, noisy and alloc_noise map a case
    key to its diff slowdown, its own sigma and its allocation noise in bytes; diff_alloc maps one to its diff bytes."""
    diff_factor, noisy, alloc_noise, diff_alloc = diff_factor or {}, noisy or {}, alloc_noise or {}, diff_alloc or {}
    rng = random.Random(zlib.crc32(folder.encode()))
    for r in range(1, rounds + 1):
        trend = 1 + drift * (r - 1)
        for side in ("base", "diff"):
            if side == "diff" and r == missing_diff_round:
                os.makedirs(f"{folder}/round-{r:02d}/base", exist_ok=True)
                continue
            cases = []
            for key, (method, count, median, allocated) in READ_CASES.items():
                factor = trend * math.exp(rng.gauss(0, noisy.get(key, sigma)))
                if side == "diff":
                    factor *= diff_factor.get(key, 1.0)
                bytes_ = allocated + (round(rng.gauss(0, alloc_noise[key])) if key in alloc_noise else 0)
                if side == "diff" and key in diff_alloc:
                    bytes_ = diff_alloc[key]
                cases.append(launch_benchmark("ReadBenchmarks", method, count, median, allocated, [factor], bytes_, seed=f"{folder}{r}{side}"))
            write(f"{folder}/round-{r:02d}/{side}/ReadBenchmarks-report-full.json", "ReadBenchmarks", cases)


def launches_set(folder, side, launches, diff_factor=None):
    """One report per side holding every case in several launches (a --launches N sitting)."""
    diff_factor = diff_factor or {}
    rng = random.Random(zlib.crc32((folder + side).encode()))
    cases = []
    for key, (method, count, median, allocated) in READ_CASES.items():
        factors = [math.exp(rng.gauss(0, 0.02)) * diff_factor.get(key, 1.0) for _ in range(launches)]
        cases.append(launch_benchmark("ReadBenchmarks", method, count, median, allocated, factors, seed=folder + side))
    write(f"{folder}/{side}/ReadBenchmarks-report-full.json", "ReadBenchmarks", cases)


def compact(text):
    """Puts every innermost object or array (no nested braces or brackets) on one line, e.g. each measurement."""
    def join(match):
        return re.sub(r"\s*\n\s*", " ", match.group(0)).replace("[ ", "[").replace(" ]", "]").replace("{ ", "{").replace(" }", "}")
    return re.sub(r"[\[{][^\[\]{}]*[\]}]", join, text)


def write(path, type_name, benchmarks):
    """Writes a report indented like BDN does, with innermost objects and arrays on one line."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    report = {"Title": f"{NAMESPACE}.{type_name}-20250101-120000", "HostEnvironmentInfo": HOST, "Benchmarks": benchmarks}
    with open(path, "w", newline="\n") as f:
        f.write(compact(json.dumps(report, indent=2)) + "\n")


def read_benchmarks(**changes):
    """The ReadBenchmarks set; changes maps a case key to keyword overrides (or None to drop it)."""
    cases = {
        "ReadOne10": ("ReadOne", 10, 850.0, 0),
        "ReadOne100": ("ReadOne", 100, 8_500.0, 0),
        "ReadMany10": ("ReadMany", 10, 2_000.0, 96),
        "ReadMany100": ("ReadMany", 100, 12_000.0, 96),
    }
    result = []
    for key, (method, count, median, allocated) in cases.items():
        override = changes.get(key, {})
        if override is None:
            continue
        args = dict(type_name="ReadBenchmarks", method=method, count=count, median_ns=median, allocated=allocated)
        args.update(override)
        result.append(benchmark(**args))
    return result


def write_set(folder, read_changes=None, write_allocated=1024, extra_read=()):
    write(f"{folder}/ReadBenchmarks-report-full.json", "ReadBenchmarks", read_benchmarks(**(read_changes or {})) + list(extra_read))
    write(f"{folder}/nested/WriteBenchmarks-report-full.json", "WriteBenchmarks",
          [benchmark("WriteBenchmarks", "WriteOne", 10, 5_000.0, write_allocated)])


def main():
    for folder in ("baseline", "slower", "slight", "broad", "alloc", "mixed", "duplicate", "malformed", "launches",
                   "interleaved-aa", "interleaved-slower", "interleaved-noisy", "interleaved-noisy-aa", "interleaved-drift",
                   "interleaved-few", "interleaved-broken"):
        shutil.rmtree(folder, ignore_errors=True)

    write_set("baseline")
    write_set("slower", {"ReadMany100": {"factor": 1.2}})
    write_set("slight", {"ReadMany100": {"factor": 1.02}})
    write_set("broad", {"ReadOne10": {"factor": 1.1}, "ReadOne100": {"factor": 1.4},
                        "ReadMany10": {"factor": 1.3}, "ReadMany100": {"factor": 1.2}})
    write_set("alloc", write_allocated=1056)
    write_set("mixed", {
        "ReadOne10": None,                       # removed
        "ReadOne100": {"actual": 2},             # too few measurements: unknown
        "ReadMany10": {"failed": True},          # failed in diff
        "ReadMany100": {"factor": 0.75},         # faster
    }, extra_read=[benchmark("ReadBenchmarks", "ReadOne", 1000, 85_000.0, 0)])  # added
    write_set("duplicate")
    write("duplicate/again/ReadBenchmarks-report-full.json", "ReadBenchmarks",
          [benchmark("ReadBenchmarks", "ReadMany", 100, 12_000.0, 96)])

    # Launch-level sets: see README.md for what each one holds.
    interleaved("interleaved-aa", 6, alloc_noise={"ReadMany100": 20_000})
    interleaved("interleaved-slower", 6, diff_factor={"ReadMany100": 1.2}, diff_alloc={"ReadMany10": 128})
    interleaved("interleaved-noisy-aa", 8, noisy={"ReadOne100": 0.15})
    interleaved("interleaved-noisy", 6, noisy={"ReadOne100": 0.15}, diff_factor={"ReadOne100": 1.10})
    interleaved("interleaved-drift", 6, drift=0.08)
    interleaved("interleaved-few", 3)
    interleaved("interleaved-broken", 3, missing_diff_round=2)
    launches_set("launches", "base", 6)
    launches_set("launches", "diff", 6, diff_factor={"ReadMany100": 1.2})

    os.makedirs("malformed", exist_ok=True)
    with open("baseline/ReadBenchmarks-report-full.json") as f:
        text = f.read()
    with open("malformed/ReadBenchmarks-report-full.json", "w", newline="\n") as f:
        f.write(text[: len(text) // 3])  # cut mid-document


if __name__ == "__main__":
    main()
