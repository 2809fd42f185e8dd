"""A real-sized ledger against the file limits (issue 9, item 2): 200,000 rows × 40 columns.

    .venv/bin/python bench/ledger_limits.py [--rows 200000] [--columns 40] [--keep FILE]

It writes an .xlsx of the standard template's 24 columns plus extra columns of free text (a
ledger as bureaus keep it: 联系人, 电话, 跟进记录 …), every row a valid project, and then, each
step in a fresh process (Django set up before the clock starts), reports its time and its peak
resident memory (getrusage ru_maxrss):

  inspect     zhaoshang.ledger.limits.check_file(): the zip's directory, every part inflated as
              a stream and counted, the sheet scanned for the cells it really holds
  read        read_ledger(): the check, then python-calamine reading the sheet, every row
  dry run     import_ledger(dry_run=True) into an empty zone: read + validate every row

The file must pass the default limits (50 MB, 500 MB unzipped, 500,000 rows, 100 columns,
20,000,000 cells) and validate without an error; anything else exits 1.
"""

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import throwaway_database

TODAY = dt.date(2026, 5, 31)
INDUSTRIES = ["精细化工", "高端制造", "电子商务", "现代物流", "新型材料", "运河文化旅游"]
PARKS = ["化工循环经济产业园", "高新技术产业园", "现代物流园"]
UNITS = [f"招商{n}组" for n in "一二三四五六七八九十"]
REGIONS = ["山东省", "北京市", "上海市", "江苏省", "广东省", "浙江省", "天津市"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--keep", help="write the ledger here and keep it")
    parser.add_argument(
        "--child", nargs=3, metavar=("STEP", "FILE", "ZONE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    with throwaway_database(), tempfile.TemporaryDirectory(prefix="zhaoshang-limits-") as folder:
        setup_django()
        path = Path(args.keep) if args.keep else Path(folder) / "ledger.xlsx"
        start = time.perf_counter()
        write_ledger(path, args.rows, args.columns)
        print(
            f"wrote {args.rows} rows × {args.columns} columns: {path.stat().st_size / 1e6:.1f} MB "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        zone = make_zone()
        steps = {}
        for step in ("inspect", "read", "dry"):
            print(f"  {step} …", flush=True)
            steps[step] = measure(step, path, zone)
    print()
    print(f"{'step':<10} {'seconds':>8} {'peak MB':>8}  result")
    for step, label in (("inspect", "inspect"), ("read", "read"), ("dry", "dry run")):
        result = steps[step]
        print(f"{label:<10} {result['seconds']:8.2f} {result['peak_mb']:8.0f}  {result['summary']}")
    expected = f"新增 {args.rows} / 更新 0 / 未变 0"
    if steps["dry"]["summary"] != expected:
        print(f"\nWRONG RESULT: dry run gave {steps['dry']['summary']!r}", file=sys.stderr)
        return 1
    return 0


def write_ledger(path: Path, rows: int, columns: int) -> None:
    """The template's columns, then free-text columns up to `columns`; every row valid."""
    import xlsxwriter

    from zhaoshang.ledger.columns import COLUMNS

    headers = [column.header for column in COLUMNS]
    extra = [f"附加信息{n}" for n in range(1, columns - len(headers) + 1)]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("台账")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, [*headers, *extra])
    at = {header: i for i, header in enumerate(headers)}
    for r in range(1, rows + 1):
        signed = r % 3 == 0
        lead = dt.datetime(2020 + r % 6, 1 + r % 12, 1 + r % 28)
        row = {
            "项目编号": f"BENCH-{r:07d}",
            "项目名称": f"年产{r}吨新材料项目",
            "投资方": f"山东测试{r % 50_000}号实业有限公司",
            "投资方所在地": REGIONS[(r % 50_000) % len(REGIONS)],
            "所属产业": INDUSTRIES[r % len(INDUSTRIES)],
            "落户园区": PARKS[r % len(PARKS)],
            "责任单位": UNITS[r % len(UNITS)],
            "项目类型": "工业",
            "招商方式": "登门招商",
            "总投资(万元)": 1000 + r % 90_000,
            "协议类型": "正式合同" if signed else "",
            "备注": f"第{r}行",
        }
        for header, value in row.items():
            sheet.write(r, at[header], value)
        sheet.write_datetime(r, at["登记日期"], lead, date_format)
        if signed:
            sheet.write_datetime(r, at["签约日期"], lead + dt.timedelta(days=30), date_format)
        for i, _header in enumerate(extra):
            sheet.write_string(r, len(headers) + i, f"联系人{r % 977}-{i}")
    book.close()


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    import django

    django.setup()


def make_zone() -> str:
    from django.core.management import call_command
    from django.db import connection

    from zhaoshang.org.models import Industry, Park, Unit
    from zhaoshang.org.services import create_zone, ensure_reference

    call_command("migrate", verbosity=0)
    zone = create_zone(code=f"limits-{os.getpid()}", name="文件上限测试开发区", source="bench")
    for model, names in ((Industry, INDUSTRIES), (Park, PARKS), (Unit, UNITS)):
        for name in names:
            ensure_reference(zone=zone, model=model, name=name)
    connection.close()
    return zone.code


def measure(step: str, path: Path, zone: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path), zone],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"step {step} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(step: str, file: str, zone_code: str) -> int:
    setup_django()
    from zhaoshang.ledger.limits import check_file
    from zhaoshang.ledger.reader import read_ledger
    from zhaoshang.ledger.services import import_ledger
    from zhaoshang.org.models import Zone

    content = Path(file).read_bytes()
    start = time.perf_counter()
    if step == "inspect":
        extent = check_file(content, Path(file).name)
        summary = f"{extent.rows} rows × {extent.columns} columns"
    elif step == "read":
        sheet = read_ledger(content, Path(file).name)
        count = sum(1 for _row in sheet.rows())
        summary = f"{count} rows below the header"
    else:
        plan, _applied = import_ledger(
            zone=Zone.objects.get(code=zone_code),
            actor=None,
            content=content,
            filename=Path(file).name,
            today=TODAY,
            dry_run=True,
        )
        if not plan.ok:
            print("\n".join(error.line() for error in plan.errors[:20]), file=sys.stderr)
            return 1
        summary = plan.summary()
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "summary": summary, "peak_mb": peak_kb / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
