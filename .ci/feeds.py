"""Parses every Atom feed of a built site with feedparser, as a feed reader would.

Usage: python3 .ci/feeds.py public
Fails when a feed is not well-formed, is not Atom 1.0, or has an entry without an absolute
link, an id, a title, an `updated` time or a summary.
"""
import pathlib
import sys

import feedparser


def check(path):
    feed = feedparser.parse(path.read_bytes())
    problems = []
    if feed.bozo:
        problems.append(f"not well-formed: {feed.bozo_exception}")
    if feed.version != "atom10":
        problems.append(f"not Atom 1.0 but {feed.version!r}")
    if not feed.feed.get("updated_parsed"):
        problems.append("the feed has no valid <updated>")
    for entry in feed.entries:
        for key in ("id", "title", "summary", "updated_parsed"):
            if not entry.get(key):
                problems.append(f"entry {entry.get('id', '?')} has no {key}")
        if not entry.get("link", "").startswith(("https://", "http://")):
            problems.append(f"entry {entry.get('id', '?')} has no absolute link")
    return len(feed.entries), problems


def main():
    root = pathlib.Path(sys.argv[1])
    feeds = sorted(root.rglob("atom.xml"))
    if not feeds:
        sys.exit(f"no atom.xml under {root}")
    failed = False
    for path in feeds:
        entries, problems = check(path)
        for p in problems:
            print(f"{path}: {p}")
        failed |= bool(problems)
        if not problems:
            print(f"{path}: {entries} entries, ok")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
