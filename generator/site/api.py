"""The data API: api/{patterns,quotes,topics,check-rules}.json and a JSON Schema for each (and for
`check --format json`) in api/schema/. The documents are pydantic models built on the data's own
(generator/data/models.py), so the schemas cannot drift. A change that breaks readers (a field renamed
or removed) bumps SCHEMA_VERSION (2: typed `relations` replaced `related`); adding a field does not.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..check import checker
from ..data.catalog import Catalog
from .. import paths
from ..cite import DATA_LICENSE, DATA_LICENSE_NOTE
from ..data.models import Id, Pattern, Quote, Relations, Topic
from ..data.references import QUOTE_LINK

SCHEMA_VERSION = 2


class PatternEntry(Pattern):
    """A pattern as api/patterns.json lists it: the data plus its URL and quote ids."""
    relations: Relations = Field(description="typed links, both directions: the links other patterns state are included")
    url: str = Field(description="the pattern's page on this site")
    quotes: list[Id] = Field(description="ids of every quote that shows the pattern (see quotes.json)")


class QuoteEntry(Quote):
    """A quote as api/quotes.json lists it: the data plus its topic and permalink."""
    topic: Id = Field(description="id of the topic gallery the quote is in")
    url: str = Field(description="the quote's card in its topic gallery")


class TopicEntry(Topic):
    """A topic as api/topics.json lists it: the data plus its URL and quote ids."""
    url: str = Field(description="the topic's quote gallery")
    quotes: list[Id] = Field(description="ids of the topic's quotes, in gallery order")


class Document(BaseModel):
    """The envelope of every API file: schema_version, lang, site_url and the licence of the data."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[2] = Field(SCHEMA_VERSION, description="bumped only by a change that breaks readers")
    license: Literal["CC-BY-4.0"] = Field(DATA_LICENSE, description="SPDX id of the licence of our prose and data")
    license_note: str = Field(DATA_LICENSE_NOTE, description="what the licence covers; the quotes are their author's words")
    lang: Literal[paths.LANGS] = Field(description="language of the site the urls point to; texts carry both")
    site_url: str = Field(description="root of that site")


class PatternsDocument(Document):
    """api/patterns.json: every writing pattern, sorted by id."""
    patterns: list[PatternEntry]


class QuotesDocument(Document):
    """api/quotes.json: every quote, verbatim, with its source."""
    quotes: list[QuoteEntry]


class TopicsDocument(Document):
    """api/topics.json: the topics, in gallery order."""
    topics: list[TopicEntry]


SCHEMAS = {
    "patterns": PatternsDocument,
    "quotes": QuotesDocument,
    "topics": TopicsDocument,
    "check": checker.Report,
    "check-rules": checker.RuleSet,
}


def documents(catalog: Catalog, lang: str, site_url: str) -> dict[str, BaseModel]:
    """name -> document, for the site of one language rooted at site_url."""
    base = site_url.rstrip("/") + "/"
    head = {"lang": lang, "site_url": base}
    patterns = [
        PatternEntry(**{**p.model_dump(), "relations": catalog.relations_of(pid)}, url=base + paths.pattern(pid),
                     quotes=[q.id for q in catalog.quotes_for_pattern(pid)])
        for pid, p in catalog.patterns.items()
    ]
    def links(data: dict) -> dict:  # [words](quote:id) in a note -> the absolute URL of that quote's card
        note = data["source"].get("note")
        if note:
            data["source"]["note"] = {lang: QUOTE_LINK.sub(
                lambda m: f"]({base + paths.quote(catalog.quote_topic[m[1]], m[1])})", text) for lang, text in note.items()}
        return data

    quotes = [
        QuoteEntry(**links(q.model_dump()), topic=catalog.quote_topic[qid], url=base + paths.quote(catalog.quote_topic[qid], qid))
        for qid, q in catalog.quotes.items()
    ]
    topics = [
        TopicEntry(**t.model_dump(), url=base + paths.topic(tid), quotes=[q.id for q in catalog.quotes_for_topic(tid)])
        for tid, t in catalog.topics.items()
    ]
    return {
        "patterns": PatternsDocument(**head, patterns=patterns),
        "quotes": QuotesDocument(**head, quotes=quotes),
        "topics": TopicsDocument(**head, topics=topics),
        "check-rules": checker.rules(catalog, lang, base),
    }


def schema(name: str, site_url: str) -> dict:
    """The JSON Schema of one API document (a key of SCHEMAS), with its $id at site_url's api/schema/<name>.json."""
    result = SCHEMAS[name].model_json_schema()
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["$id"] = paths.join(site_url, paths.api_schema(name))
    return result


def files(catalog: Catalog, lang: str, site_url: str) -> dict[str, str]:
    """Path under the site root -> JSON text: every file of the API."""
    out = {paths.api(name): doc.model_dump(mode="json") for name, doc in documents(catalog, lang, site_url).items()}
    out.update({paths.api_schema(name): schema(name, site_url) for name in SCHEMAS})
    return {path: json.dumps(data, indent=1, ensure_ascii=False) + "\n" for path, data in out.items()}
