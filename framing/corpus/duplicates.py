"""The same text under more than one outlet: a syndicated or mis-filed story counted
twice. Found from the articles frame's ``content_hash`` (headline + cleaned body), so
a reduction over per-chunk article indexes finds them as well as a whole corpus does."""

from __future__ import annotations

import polars as pl

# What a duplicate group lists of each article, and the order it lists them in.
_MEMBER = ("outlet", "article_id", "source")


def cross_outlet_duplicates(articles: pl.DataFrame) -> list[dict]:
    """Groups of articles whose ``content_hash`` (headline + cleaned body) is shared by
    more than one outlet: a syndicated or mis-filed story counted twice.

    Each group is ``{"content_hash", "outlets", "articles": [{outlet, article_id,
    source}]}``; groups and their articles are sorted, so the list is deterministic.
    """
    shared = (
        articles.group_by("content_hash")
        .agg(pl.col("outlet").n_unique().alias("_outlets"))
        .filter(pl.col("_outlets") > 1)
        .select("content_hash")
    )
    if shared.height == 0:
        return []
    rows = (
        articles.join(shared, on="content_hash", how="semi")
        .select("content_hash", *_MEMBER)
        .sort("outlet", "article_id")
    )
    groups: dict[str, list[dict]] = {}
    for row in rows.iter_rows(named=True):
        groups.setdefault(row.pop("content_hash"), []).append(row)
    found = [
        {
            "content_hash": digest,
            "outlets": sorted({m["outlet"] for m in members}),
            "articles": members,
        }
        for digest, members in groups.items()
    ]
    return sorted(found, key=lambda g: (g["articles"][0]["outlet"], g["articles"][0]["article_id"]))


def duplicate_note(group: dict) -> str:
    """``same text under outlets a (one) and b (two): a/one.txt, b/two.txt``."""
    members = [f"{m['outlet']} ({m['article_id']})" for m in group["articles"]]
    listed = f"{', '.join(members[:-1])} and {members[-1]}"  # a group has 2+ members
    sources = ", ".join(m["source"] for m in group["articles"])
    return f"same text under outlets {listed}: {sources}"
