"""The typed news frontend under examples/news-frontend: each of its query documents runs
against the demo newsroom, answers in full, and costs at most a quarter of the cost limit; and
its own render functions, built and run by node against the app under uvicorn, make pages
whose links, breadcrumbs, pictures and ad slots are the API's (scripts/test type-checks and
builds it with tsc against schema/delivery.graphql; the test builds it too when it is stale)."""

from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    ExecutableDefinitionNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from lxml import html as lxml_html

from cms import model
from cms.api.cost import estimate_cost
from cms.api.delivery import delivery_schema
from cms.config import QueryLimits, Settings
from cms.demo import content as demo_content
from cms.demo import load_demo
from cms.store.files import LocalMediaFiles
from tests import newsroom
from tests.conftest import Api, Clock
from tests.live import serving

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "news-frontend"
QUERIES = EXAMPLE / "src" / "queries"
LIMIT = QueryLimits().max_cost
QUARTER = LIMIT // 4
STORY_TAG = "industrial-safety"
AUTHOR = str(demo_content.AUTHORS[0]["slug"])


def _definitions() -> dict[str, ExecutableDefinitionNode]:
    """Every operation and fragment in the example's query files, by name."""
    found: dict[str, ExecutableDefinitionNode] = {}
    for path in sorted(QUERIES.glob("*.graphql")):
        for definition in parse(path.read_text()).definitions:
            assert isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode)
            assert definition.name is not None
            assert definition.name.value not in found, definition.name.value
            found[definition.name.value] = definition
    return found


def _spreads(node: Node) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return names


def _with_fragments(operation: OperationDefinitionNode) -> str:
    """The operation and the fragments it spreads, each once: what the generated client sends."""
    wanted, queue = set(), list(_spreads(operation))
    while queue:
        name = queue.pop()
        if name not in wanted:
            wanted.add(name)
            queue.extend(_spreads(DEFINITIONS[name]))
    return "\n".join(print_ast(d) for d in [operation, *(DEFINITIONS[n] for n in sorted(wanted))])


DEFINITIONS = _definitions()
DOCUMENTS = {
    name: _with_fragments(d)
    for name, d in DEFINITIONS.items()
    if isinstance(d, OperationDefinitionNode)
}
STORY_PATH = "/news/2026/11/30/" + demo_content.BREAKING_SLUG
VARIABLES: dict[str, list[dict[str, Any]]] = {
    # route(path:) costs its dearest page (a story's), whatever the path.
    "Route": [{"path": STORY_PATH}, {"path": f"/authors/{AUTHOR}"}, {"path": "/tags/x"}],
    "SectionFront": [{"section": "news"}, {"section": None}],
}
STORY_SLUG = """
query StorySlug($slug: String!) { article(slug: $slug) { path } }
"""
EDIT_SLUG = """
mutation Edit($id: ID!, $v: Int!, $slug: String!) {
  updateArticle(id: $id, expectedVersion: $v, input: {slug: $slug}) { version }
}
"""
SET_FRONT = """
mutation Curate($ids: [ID!]!) {
  setFront(section: "news", articleIds: $ids, expectedVersion: 0) { version }
}
"""
RENAME_AUTHOR = """
mutation Rename($id: ID!, $slug: String!) { updateAuthor(id: $id, input: {slug: $slug}) { slug } }
"""


def test_the_frontend_asks_for_a_route_and_a_front() -> None:
    assert set(DOCUMENTS) == set(VARIABLES)


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_each_query_costs_at_most_a_quarter_of_the_limit(name: str) -> None:
    schema = delivery_schema()._schema
    for variables in VARIABLES[name]:
        cost = estimate_cost(schema, parse(DOCUMENTS[name]), variables, None)
        print(f"{name} {variables}: cost {cost} of {LIMIT}")
        assert 0 < cost <= QUARTER, f"{name} costs {cost}"


async def _demo(api: Api) -> None:
    """The demo newsroom, whose News front editors curate: two older stories first."""
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))
    newest = (await api.gql(DOCUMENTS["SectionFront"], {"section": "news"}))["front"]["articles"]
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR, "curator@example.org"))
    await editor.gql(SET_FRONT, {"ids": [newest[-1]["id"], newest[-2]["id"]]})


async def _route(api: Api, path: str) -> dict[str, Any]:
    """What the example's Route query answers for a path."""
    route: dict[str, Any] = (await api.gql(DOCUMENTS["Route"], {"path": path}))["route"]
    return route


async def _rename_story(api: Api, slug: str, new_slug: str) -> None:
    """The desk's way: a new slug on the working copy, then the story published again."""
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = await api.store.articles.by_slug(slug)
    assert story is not None
    await editor.gql(EDIT_SLUG, {"id": story.id, "v": story.version, "slug": new_slug})
    await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": story.version + 1})


async def test_each_query_answers_in_full_against_the_demo(api: Api) -> None:
    await _demo(api)
    story_path = (await api.gql(STORY_SLUG, {"slug": demo_content.BREAKING_SLUG}))["article"]
    story = await _route(api, story_path["path"])
    assert (story["__typename"], story["redirect"]) == ("Article", None)
    assert story["body"]
    assert story["section"]["name"]
    assert story["tagList"]
    ids = [one["id"] for one in story["body"]]
    assert len(set(ids)) == len(ids), "every block has its own id"
    assert story["leadMedia"]["asset"]["picture"]["jpeg"]
    assert story["pageAds"], "the story page carries its page ads"
    assert story["relatedArticles"]
    assert story["readingTimeMinutes"] > 0
    assert story["structuredData"]["@graph"]

    author = await _route(api, f"/authors/{AUTHOR}")
    assert author["__typename"] == "Author"
    assert author["articles"]["totalCount"] == len(author["articles"]["edges"]) > 0
    assert author["avatar"]["picture"]["placeholder"]["color"].startswith("#")
    assert {link["network"] for link in author["socialLinks"]} <= set(model.SocialNetwork)
    tag = await _route(api, f"/tags/{STORY_TAG}")
    assert (tag["__typename"], tag["name"]) == ("Tag", "industrial safety")
    assert len(tag["articles"]["edges"]) >= 2
    section = await _route(api, "/news")
    assert (section["__typename"], section["slug"]) == ("Section", "news")

    front = (await api.gql(DOCUMENTS["SectionFront"], {"section": "news"}))["front"]
    assert 0 < front["curatedCount"] < len(front["articles"])
    assert front["articles"][0]["displayDate"] < front["articles"][-1]["displayDate"]
    assert [ad["position"] for ad in front["pageAds"]] == ["TOP", "RIGHT_RAIL"]
    assert front["pageAds"][0]["sizeMapping"]
    home = (await api.gql(DOCUMENTS["SectionFront"], {"section": None}))["front"]
    assert home["section"] is None
    assert home["articles"]
    picture = front["articles"][0]["leadMedia"]["asset"]["picture"]
    assert picture["width"] > 0
    assert picture["avif"]
    assert picture["placeholder"]

    # The story's slug changes: its old address answers the story with a redirect to the new.
    await _rename_story(api, demo_content.BREAKING_SLUG, "chemical-plant-fire-evacuations")
    new = (await api.gql(STORY_SLUG, {"slug": "chemical-plant-fire-evacuations"}))["article"]
    assert new["path"] != story["path"]
    moved = await _route(api, story["path"])
    assert (moved["__typename"], moved["path"]) == ("Article", new["path"])
    assert moved["redirect"] == {
        "path": new["path"],
        "url": "http://testserver" + new["path"],
        "statusCode": 308,
        "permanent": True,
    }


# --- The example's own pages, rendered by node ----------------------------------------------


def _built() -> tuple[str, Path]:
    """The example built as scripts/test builds it (npm ci, codegen, tsc, each only when what
    it depends on changed): the node it chose, and the JavaScript that renders the site."""
    script = (
        'set -euo pipefail; ROOT="$1"; . "$ROOT/scripts/_desk.sh"; example_check; command -v node'
    )
    done = subprocess.run(
        ["bash", "-c", script, "example-check", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()[-1], EXAMPLE / "build" / "main.js"


async def _render(
    node_js: tuple[str, Path], endpoint: str, *addresses: str
) -> dict[str, dict[str, Any]]:
    """The site's answer for each address, from the example's render(endpoint, address)."""
    node = await asyncio.create_subprocess_exec(
        node_js[0],
        str(node_js[1]),
        endpoint,
        *addresses,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(node.communicate(), 60)
    assert node.returncode == 0, err.decode()
    answers = [json.loads(line) for line in out.decode().splitlines()]
    return {answer["address"]: answer for answer in answers}


def _hrefs(nodes: list[Any]) -> list[tuple[str, str]]:
    return [(a.get("href"), a.text_content()) for a in nodes]


def _crumbs(page: Any) -> list[tuple[str, str]]:
    return _hrefs(page.xpath("//nav[@aria-label='Breadcrumbs']//a"))


def _teasers(page: Any, label: str) -> list[str]:
    return [a.get("href") for a in page.xpath(f"//section[@aria-label='{label}']//h3/a")]


def _check_picture(page: Any, picture: dict[str, Any]) -> None:
    """The picture is on the page at its true size, with its AVIF and WebP sources."""
    jpeg = [one["url"] for one in picture["jpeg"]]
    # (libxml2 reads <source> as holding what follows it: hence // rather than /)
    (img,) = [i for i in page.xpath("//picture//img") if i.get("src") == jpeg[0]][:1]
    assert (int(img.get("width")), int(img.get("height"))) == (picture["width"], picture["height"])
    assert img.get("srcset").split(", ")[-1].split(" ")[0] == jpeg[-1]
    assert picture["placeholder"]["color"] in img.get("style")
    sources = {s.get("type"): s.get("srcset") for s in img.xpath("ancestor::picture[1]//source")}
    assert sources == {"image/avif": picture["avif"], "image/webp": picture["webp"]}


def _check_page_ads(page: Any, text: str, ads: list[dict[str, Any]]) -> None:
    """Each page ad has its container where its position says, and its GPT slot, with its
    size mapping."""
    assert ads
    for index, ad in enumerate(ads):
        assert json.dumps(ad["adUnitPath"]) in text
        if ad["position"] == "OUT_OF_PAGE":
            continue
        (box,) = page.xpath(f"//div[@id='page-ad-{index}-{ad['code']}']")
        assert f"ad-{ad['position'].lower()}" in box.get("class").split()
        in_rail = bool(box.xpath("ancestor::aside[@class='rail']"))
        assert in_rail == (ad["position"] == "RIGHT_RAIL")
        assert not box.xpath("ancestor::main")
        for entry in ad["sizeMapping"]:
            viewport = [entry["viewport"]["width"], entry["viewport"]["height"]]
            sizes: list[object] = [[one["width"], one["height"]] for one in entry["sizes"]]
            sizes += ["fluid"] if entry["fluid"] else []
            assert f".addSize({_js(viewport)}, {_js(sizes)})" in text, entry


def _js(value: object) -> str:
    """A value as JSON.stringify writes it."""
    return json.dumps(value, separators=(",", ":"))


async def test_the_example_renders_each_page_from_the_apis_addresses(
    settings: Settings, clock: Clock
) -> None:
    main = _built()
    # Addresses unlike the example's old hand-made ones: a page with a path the site built
    # itself would link somewhere else.
    site = settings.model_copy(
        update={
            "site_url": "https://news.example",
            "author_path_pattern": "/people/{slug}",
            "tag_path_pattern": "/topics/{slug}",
        }
    )
    async with serving(site, clock) as served:
        api = served.api
        await _demo(api)
        endpoint = str(api.client.base_url.join("/graphql"))
        await _rename_story(api, demo_content.BREAKING_SLUG, "chemical-plant-fire-evacuations")
        renamed = await api.gql(STORY_SLUG, {"slug": "chemical-plant-fire-evacuations"})
        path = renamed["article"]["path"]
        old_path = path.replace("chemical-plant-fire-evacuations", demo_content.BREAKING_SLUG)
        admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
        renamed_author = await api.store.authors.public_by_slug(AUTHOR)
        assert renamed_author is not None
        await admin.gql(RENAME_AUTHOR, {"id": renamed_author.id, "slug": f"{AUTHOR}-2"})
        story = await _route(api, path)
        author = await _route(api, f"/people/{AUTHOR}-2")
        tag = await _route(api, f"/topics/{STORY_TAG}")
        front = (await api.gql(DOCUMENTS["SectionFront"], {"section": "news"}))["front"]
        addresses = {
            "story": path,
            "old story": old_path,
            "front": "/news",
            "home": "/",
            "author": author["path"],
            "old author": f"/people/{AUTHOR}",
            "tag": tag["path"],
            "missing": "/no/such/page",
        }
        pages = await _render(main, endpoint, *addresses.values())

    answers = {kind: pages[address] for kind, address in addresses.items()}
    assert answers["old story"] == {"address": old_path, "status": 308, "location": path}
    assert answers["old author"]["location"] == author["path"] == f"/people/{AUTHOR}-2"
    assert answers["missing"] == {"address": "/no/such/page", "status": 404}
    assert story["seo"]["canonicalUrl"] == "https://news.example" + path
    _check_story(answers["story"]["html"], story)
    _check_front(answers["front"]["html"], front)
    assert _teasers(_page(answers["home"]["html"]), "Latest")
    _check_author(answers["author"]["html"], author)
    _check_tag(answers["tag"]["html"], tag)


def _page(text: str) -> Any:
    return lxml_html.fromstring(text)


def _check_story(text: str, story: dict[str, Any]) -> None:
    """Breadcrumbs, head, tags by name, block ids, bylines, related stories, pictures, ads."""
    page = _page(text)
    section = story["section"]
    trail = [(s["path"], s["name"]) for s in [*section["ancestors"], section]]
    assert _crumbs(page) == [("/", "Home"), *trail]
    assert page.xpath("//h1")[0].text_content() == story["headline"]
    assert page.xpath("//link[@rel='canonical']")[0].get("href") == story["seo"]["canonicalUrl"]
    (ld,) = page.xpath("//script[@type='application/ld+json']")
    assert json.loads(ld.text) == story["structuredData"]
    tags = [(t["path"], t["name"]) for t in story["tagList"]]
    assert _hrefs(page.xpath("//ul[@class='tags']//a")) == tags
    assert all(p.startswith("/topics/") for p, _ in tags)
    assert any(name != p.rsplit("/", 1)[1] for p, name in tags), "names, not slugs"
    for block in story["body"]:
        assert page.get_element_by_id(block["id"]) is not None, block
    byline = [(b["author"]["path"], b["author"]["name"]) for b in story["bylines"]]
    assert _hrefs(page.xpath("//p[@class='byline']/a")) == byline
    assert _teasers(page, "Read next") == [a["path"] for a in story["relatedArticles"]]
    _check_picture(page, story["leadMedia"]["asset"]["picture"])
    _check_page_ads(page, text, story["pageAds"])
    for ad in (one for one in story["body"] if one["__typename"] == "AdSlotBlock"):
        assert page.get_element_by_id(ad["id"]).get("class") == "ad ad-in-article"
        assert _js(ad["id"]) in text, "the body's ad has its GPT slot"
    if story["kicker"]:
        kicker = page.xpath("//main/p[contains(@class, 'kicker')]")[0].text_content()
        assert story["kicker"] in kicker


def _check_front(text: str, front: dict[str, Any]) -> None:
    """The stories editors chose, then the newest; breadcrumbs; subsections; pictures; ads."""
    page = _page(text)
    curated = front["curatedCount"]
    paths = [a["path"] for a in front["articles"]]
    assert _teasers(page, "Top stories") == paths[:curated]
    assert _teasers(page, "Latest") == paths[curated:]
    assert _crumbs(page) == [("/", "Home"), (front["section"]["path"], "News")]
    children = [(c["path"], c["name"]) for c in front["section"]["children"]]
    assert _hrefs(page.xpath("//ul[@class='subsections']//a")) == children
    _check_picture(page, front["articles"][0]["leadMedia"]["asset"]["picture"])
    _check_page_ads(page, text, front["pageAds"])


def _check_author(text: str, author: dict[str, Any]) -> None:
    page = _page(text)
    assert page.xpath("//h1")[0].text_content() == author["name"]
    assert _teasers(page, "Stories") == [e["node"]["path"] for e in author["articles"]["edges"]]
    links = [one["url"] for one in author["socialLinks"]]
    assert [a.get("href") for a in page.xpath("//ul[@class='social']//a")] == links
    _check_picture(page, author["avatar"]["picture"])


def _check_tag(text: str, tag: dict[str, Any]) -> None:
    page = _page(text)
    assert page.xpath("//h1")[0].text_content() == tag["name"] != STORY_TAG
    assert _crumbs(page) == [("/", "Home"), (f"/topics/{STORY_TAG}", tag["name"])]
    assert _teasers(page, "Stories") == [e["node"]["path"] for e in tag["articles"]["edges"]]
