"""Backup and restore of the PostgreSQL database, with a manifest of row counts and checksums per table.

    python ops/backup.py backup  [--database-url URL] [--out var/backups]        -> writes NAME.dump + NAME.json
    python ops/backup.py restore BACKUP.dump --database-url URL                  -> restores into an EMPTY database
    python ops/backup.py verify  BACKUP.json --database-url URL                  -> compares counts and checksums
    python ops/backup.py roundtrip [--database-url URL]   -> backup, restore into a scratch database, verify;
                                                           exit 1 on any difference

The checksum of a table is the md5 of its rows' text, ordered, so two databases with the same data give the same
figure whatever their physical layout.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2

DEFAULT_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bscb")


def _connect(url):
    return psycopg2.connect(url)


def table_checksums(url: str) -> dict[str, dict]:
    with _connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cur.fetchall()]
        result = {}
        for table in tables:
            cur.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"  # noqa: S608 (names from pg_tables)
            )
            count, checksum = cur.fetchone()
            result[table] = {"rows": count, "md5": checksum}
        return result


def backup(url: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    dump = out / f"bscb-{stamp}.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), url], check=True)  # noqa: S603,S607
    manifest = {"created": stamp, "database": urlparse(url).path.lstrip("/"), "tables": table_checksums(url)}
    dump.with_suffix(".json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Backed up {len(manifest['tables'])} tables, {rows} rows, to {dump}")
    return dump


def restore(dump: Path, url: str) -> None:
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname", url, str(dump)],  # noqa: S607
        check=True,
    )
    print(f"Restored {dump} into {urlparse(url).path.lstrip('/')}")


def verify(manifest_path: Path, url: str) -> bool:
    expected = json.loads(manifest_path.read_text())["tables"]
    actual = table_checksums(url)
    differences = [
        f"{table}: expected {expected.get(table)}, found {actual.get(table)}"
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    ]
    rows = sum(t["rows"] for t in expected.values())
    if differences:
        print("FAIL: restored data differs:\n  " + "\n  ".join(differences))
        return False
    print(f"PASS: {len(expected)} tables and {rows} rows identical (row counts and md5 checksums)")
    return True


def _with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


def roundtrip(url: str, out: Path) -> bool:
    dump = backup(url, out)
    scratch = urlparse(url).path.lstrip("/") + "_restore_check"
    admin = _connect(_with_database(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        cur.execute(f'CREATE DATABASE "{scratch}"')
    try:
        restore(dump, _with_database(url, scratch))
        return verify(dump.with_suffix(".json"), _with_database(url, scratch))
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["backup", "restore", "verify", "roundtrip"])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--out", default="var/backups", type=Path)
    args = parser.parse_args(argv)
    if args.command == "backup":
        backup(args.database_url, args.out)
    elif args.command == "restore":
        restore(Path(args.path), args.database_url)
    elif args.command == "verify":
        return 0 if verify(Path(args.path), args.database_url) else 1
    else:
        return 0 if roundtrip(args.database_url, args.out) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
