"""An agency photo's whole path, from /admin/graphql to a reader's page: the issue's 'done when'."""

from __future__ import annotations

from cms import model
from tests import newsroom
from tests.conftest import Api
from tests.media_api import agency_jpeg, decoded, upload
from tests.newsroom import CREATE, step

PAGE = """
query Story($slug: String!) {
  article(slug: $slug) {
    leadMedia { caption credit asset { credit agency url(width: 800, format: WEBP) } }
  }
}
"""


async def test_an_editor_uploads_an_agency_photo_and_readers_get_an_800px_webp(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    token = await newsroom.user(api, model.Role.EDITOR)
    editor = api.as_editor(token)

    photo = await upload(api, token, agency_jpeg((1600, 1000)))
    assert photo["caption"] == "Firefighters work through the night at the Halvard chemical plant."
    assert photo["credit"] == "Photo by Tomas Averill/AFP via Getty Images"

    story = newsroom.story_input({**refs, "picture": photo["id"]}, slug="halvard-plant-fire")
    created = (await editor.gql(CREATE, {"input": story}))["createArticle"]
    for version, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await editor.gql(step(mutation), {"id": created["id"], "v": version})

    lead = (await api.gql(PAGE, {"slug": "halvard-plant-fire"}))["article"]["leadMedia"]
    assert lead["credit"] == "Photo by Tomas Averill/AFP via Getty Images"
    assert lead["asset"]["agency"] == "AFP"
    response = await api.client.get(lead["asset"]["url"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    image = decoded(response.content)
    assert image.format == "WEBP"
    assert image.size == (800, 500)
