"""The media library: uploads, outside references, edits and listings; credits, rights, renditions.

An upload is judged whole before anything is kept: its size, its type from its own bytes, a
full decode behind the pixel limit, the caption and credit it carries. Only then is the file
written (content-addressed, so the same bytes are stored once) and the record inserted; if the
insert fails, the file is removed again unless another asset keeps it. The same bytes uploaded
twice make two assets, each with its own caption and rights, sharing one file.

What the editor typed always wins over what the file says. The credit is kept as its parts
(creator, agency, distributor) and the printed line is rendered from them.

Once an asset's rights expire, readers no longer get it: ``is_usable`` is what delivery checks.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from cms import model
from cms.domain import events, reading, stories, versions
from cms.domain.credits import Credit, parse_credit, render_credit
from cms.domain.media_files import (
    MAX_KEYWORD,
    MAX_KEYWORDS,
    TEXT_LIMITS,
    ImageFacts,
    Sniffed,
    check_size,
    fill_missing,
    inspect_image,
    sniff,
)
from cms.domain.placeholders import placeholder_of
from cms.domain.renditions import (
    Fit,
    ImageFormat,
    RenditionSizes,
    RenditionSpec,
    is_allowed,
    output_size,
    render,
    sign,
    verify,
)
from cms.errors import BadUserInput, Forbidden, NotFound
from cms.store import Store
from cms.store.codec import new_id
from cms.store.files import MediaFiles, RenditionCache
from cms.store.media import MediaFilter

# Asset fields an editor sets; the rest comes from the file.
EDITABLE_FIELDS = (
    "alt_text",
    "caption",
    "credit",
    "creator",
    "agency",
    "distributor",
    "source",
    "copyright",
    "license",
    "usage_terms",
    "rights_expire_at",
    "focal_point",
    "headline",
    "keywords",
    "date_created",
)
_CREDIT_PARTS = ("creator", "agency", "distributor")
_CREDIT_KIND = {
    model.MediaKind.IMAGE: "Photo",
    model.MediaKind.VIDEO: "Video",
    model.MediaKind.AUDIO: "Audio",
}
_NO_CREDIT = Credit(None, None, None)
_ISO_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?")


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadLimits:
    """How large an upload may be, in bytes and, for a picture, in pixels."""

    max_bytes: int
    max_pixels: int


# --- Rights ------------------------------------------------------------------------------------


def rights_expired(asset: model.MediaAsset, *, now: datetime) -> bool:
    """Whether the licence to show this asset has run out."""
    return asset.rights_expire_at is not None and asset.rights_expire_at <= now


def is_usable(asset: model.MediaAsset, *, now: datetime) -> bool:
    """Whether readers may be shown the asset now."""
    return not rights_expired(asset, now=now)


def keepable_for(assets: Iterable[model.MediaAsset], *, now: datetime, longest: int) -> int:
    """How many seconds a browser or CDN may keep a file these assets show: until the last
    of their rights runs out, and never more than ``longest``."""
    ends = [asset.rights_expire_at for asset in assets]
    if not ends or None in ends:
        return longest
    left = max(end for end in ends if end is not None) - now
    return max(0, min(longest, int(left.total_seconds())))


# --- Rights that end ---------------------------------------------------------------------------


async def tell_rights_ended(store: Store, *, now: datetime, limit: int = 100) -> int:
    """Tell subscribers of each picture whose rights ended (media.rights_expired), once per
    end: the scheduler calls it every tick, and of several schedulers one tells each."""
    told = 0
    for asset in await store.media.rights_ended_untold(now=now, limit=limit):
        expired_at = asset.rights_expire_at
        assert expired_at is not None

        async def tell(
            tx: Store, asset: model.MediaAsset = asset, at: datetime = expired_at
        ) -> int:
            if not await tx.media.tell_rights_ended(asset.id, expired_at=at, now=now):
                return 0
            await tx.events.insert(events.rights_expired(asset, now=now))
            return 1

        told += await store.atomically(tell)
    return told


# --- Uploads -----------------------------------------------------------------------------------


async def upload_media(
    store: Store,
    files: MediaFiles,
    principal: model.Principal,
    *,
    data: bytes,
    details: Mapping[str, Any],
    limits: UploadLimits,
    now: datetime,
) -> model.MediaAsset:
    """Keep an uploaded file as a new asset, its blanks filled from the file's own metadata."""
    given = _given(details)
    # Decoding a large picture takes a while: off the event loop.
    sniffed, facts = await asyncio.to_thread(_judge, data, limits)
    fields = _fields_from_upload(given, facts)
    if facts is not None:
        fields["placeholder"] = await asyncio.to_thread(
            placeholder_of, data, max_pixels=limits.max_pixels
        )
    fields.update(_credit_fields(_credit_on_upload(given, facts), sniffed.kind))
    key = await asyncio.to_thread(files.put, data, extension=sniffed.extension)
    asset = model.MediaAsset(
        id=new_id(),
        kind=sniffed.kind,
        mime_type=sniffed.mime_type,
        file=key,
        width=facts.width if facts else None,
        height=facts.height if facts else None,
        byte_size=len(data),
        uploader_id=principal.user_id,
        created_at=now,
        **fields,
    )
    try:
        await store.media.insert(asset)
    except Exception:
        await _drop_file_unless_kept(store, files, key)
        raise
    # Its file may have been dropped, as nobody's, by a delete that ran since it was put.
    await asyncio.to_thread(files.put, data, extension=sniffed.extension)
    return asset


def _judge(data: bytes, limits: UploadLimits) -> tuple[Sniffed, ImageFacts | None]:
    """What the file is, and for a picture what it shows and says; refused if anything is off."""
    check_size(len(data), max_bytes=limits.max_bytes)
    sniffed = sniff(data)
    if sniffed.kind is not model.MediaKind.IMAGE:
        return sniffed, None
    return sniffed, inspect_image(data, max_pixels=limits.max_pixels)


def _fields_from_upload(given: Mapping[str, Any], facts: ImageFacts | None) -> dict[str, Any]:
    """The editor's values, blanks filled from the file (the credit is settled separately)."""
    fields = {name: value for name, value in given.items() if name not in _CREDIT_PARTS}
    fields.pop("credit", None)
    if facts is None:
        return fields
    desk = fill_missing({name: given.get(name) for name in facts.desk_fields()}, facts)
    desk.pop("credit", None)
    desk.pop("creator", None)
    found_in_file = {
        "headline": facts.headline,
        "keywords": facts.keywords,
        "date_created": facts.date_created,
        "rights_expire_at": _end_of_day(facts.rights_expire_on),
    }
    for name, value in {**found_in_file, **desk}.items():
        if value and not given.get(name):
            fields[name] = value
    return fields


def _end_of_day(day: str | None) -> datetime | None:
    """An agency's expiry date (the last day of use) as the instant the rights end, in UTC."""
    if day is None:
        return None
    return datetime.combine(date.fromisoformat(day), time(), tzinfo=UTC) + timedelta(days=1)


# --- Credits -----------------------------------------------------------------------------------


def _credit_on_upload(given: Mapping[str, Any], facts: ImageFacts | None) -> Credit:
    """The editor's credit line, else the file's; the file's creator when its line names none."""
    line = given.get("credit")
    credit = parse_credit(line) if line else _NO_CREDIT
    if line is None and facts is not None:
        credit = parse_credit(facts.credit) if facts.credit else _NO_CREDIT
        credit = dataclasses.replace(credit, creator=credit.creator or facts.creator)
    return _override(credit, given)


def _credit_on_update(asset: model.MediaAsset, changes: Mapping[str, Any]) -> Credit:
    """A new credit line replaces all three parts; a part given on its own replaces that part."""
    if "credit" in changes:
        line = changes["credit"]
        credit = parse_credit(line) if line else _NO_CREDIT
    elif asset.creator or asset.agency or asset.distributor or not asset.credit:
        credit = Credit(asset.creator, asset.agency, asset.distributor)
    else:  # a line stored without its parts (by an import, say) is kept, not blanked
        credit = parse_credit(asset.credit)
    return _override(credit, changes)


def _override(credit: Credit, given: Mapping[str, Any]) -> Credit:
    parts = {name: given[name] for name in _CREDIT_PARTS if name in given}
    return dataclasses.replace(credit, **parts)


def _credit_fields(credit: Credit, kind: model.MediaKind) -> dict[str, str | None]:
    line = render_credit(credit, kind=_CREDIT_KIND[kind])
    return {
        "credit": line or None,
        "creator": credit.creator,
        "agency": credit.agency,
        "distributor": credit.distributor,
    }


# --- Checking what editors send ----------------------------------------------------------------


def _checked(details: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's values tidied (blank text means none), or every problem with them at once."""
    unknown = set(details) - set(EDITABLE_FIELDS)
    assert not unknown, f"not editable media fields: {unknown}"
    tidy = {name: _tidy(value) for name, value in details.items()}
    problems = _problems(tidy)
    if problems:
        raise BadUserInput(
            "The media input is not valid: "
            + "; ".join(f"{name}: {why}" for name, why in problems.items()),
            reason="INVALID_MEDIA_INPUT",
            fields={stories.public_name(name): why for name, why in problems.items()},
        )
    return tidy


def _given(details: Mapping[str, Any]) -> dict[str, Any]:
    """A new asset's values: on creation, null and blank mean "not given"."""
    return {name: value for name, value in _checked(details).items() if value}


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, tuple | list):
        return tuple(text for item in value if (text := str(item).strip()))
    return value


def _too_long(given: Mapping[str, Any]) -> dict[str, str]:
    """Text past the length the API keeps (a file's own metadata is cut to the same)."""
    problems = {
        name: f"at most {limit} characters"
        for name, limit in TEXT_LIMITS.items()
        if isinstance(given.get(name), str) and len(given[name]) > limit
    }
    keywords = given.get("keywords") or ()
    if len(keywords) > MAX_KEYWORDS or any(len(k) > MAX_KEYWORD for k in keywords):
        problems["keywords"] = f"at most {MAX_KEYWORDS} keywords of {MAX_KEYWORD} characters"
    return problems


def _problems(given: Mapping[str, Any]) -> dict[str, str]:
    problems = _too_long(given)
    point = given.get("focal_point")
    if point is not None and not (0 <= point.x <= 1 and 0 <= point.y <= 1):
        problems["focal_point"] = "x and y are fractions between 0 and 1"
    expiry = given.get("rights_expire_at")
    if expiry is not None and expiry.tzinfo is None:
        problems["rights_expire_at"] = "give a time zone, e.g. 2027-01-31T23:59:59Z"
    day = given.get("date_created")
    if day is not None and not _ISO_DATE.fullmatch(day):
        problems["date_created"] = "use ISO 8601, e.g. 2024-03-05 or 2024-03-05T14:30:00Z"
    return problems


# --- Outside references ------------------------------------------------------------------------


async def reference_media(
    store: Store,
    principal: model.Principal,
    *,
    url: str,
    kind: model.MediaKind,
    mime_type: str | None,
    details: Mapping[str, Any],
    now: datetime,
) -> model.MediaAsset:
    """A clip or recording kept elsewhere (a video platform, a podcast host), by its address."""
    given = _given(details)
    mime = _referenced_type(url, kind, mime_type)
    fields = _fields_from_upload(given, None)
    fields.update(_credit_fields(_credit_on_upload(given, None), kind))
    asset = model.MediaAsset(
        id=new_id(),
        kind=kind,
        mime_type=mime,
        source_url=url,
        uploader_id=principal.user_id,
        created_at=now,
        **fields,
    )
    return await store.media.insert(asset)


def _referenced_type(url: str, kind: model.MediaKind, mime_type: str | None) -> str:
    """The type of a referenced file: as given, else from its address; it must fit the kind."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise BadUserInput("Give the file's https:// address.", reason="INVALID_URL", field="url")
    if kind is model.MediaKind.IMAGE:
        raise BadUserInput(
            "Pictures are uploaded, not referenced: renditions need the file.",
            reason="UNSUPPORTED_MEDIA",
            field="kind",
        )
    mime = mime_type or mimetypes.guess_type(parts.path)[0]
    if mime is None or not mime.startswith(f"{kind.value.lower()}/"):
        raise BadUserInput(
            f"Give the {kind.value.lower()} file's mimeType; {mime or 'none'} does not fit.",
            reason="UNSUPPORTED_MEDIA",
            field="mimeType",
        )
    return mime


# --- Edits -------------------------------------------------------------------------------------


MEDIA = versions.Kind(noun="media asset", shown=(*EDITABLE_FIELDS, "credit"))


def _no_asset(asset_id: str) -> NotFound:
    return NotFound(f"No media asset with id {asset_id!r}.", id=asset_id)


async def update_media(
    store: Store,
    principal: model.Principal,
    *,
    asset_id: str,
    changes: Mapping[str, Any],
    now: datetime,
    expected_version: int | None = None,
) -> model.MediaAsset:
    """Change the given fields of an asset; a field set to null is cleared, the others stay.

    What readers see of a live story is the desk's to change: while a live story shows the
    asset, only editors and admins may change it (a writer's caption or rights date would reach
    readers unreviewed). With ``expected_version``, a stale one is a CONFLICT.
    """
    asset = await store.media.get(asset_id)
    if asset is None:
        raise _no_asset(asset_id)
    await versions.check(store.media, asset, expected_version, kind=MEDIA)
    given = _checked(changes)
    fields = {name: value for name, value in given.items() if name not in _CREDIT_PARTS}
    fields["keywords"] = fields.get("keywords", asset.keywords) or ()
    fields.update(_credit_fields(_credit_on_update(asset, given), asset.kind))
    updated = versions.bumped(asset, **fields)

    async def write(tx: Store) -> model.MediaAsset:
        await _check_may_change(tx, principal, asset_id)
        saved = await versions.save(
            tx.media,
            asset,
            updated,
            kind=MEDIA,
            held=expected_version,
            missing=lambda: _no_asset(asset_id),
        )
        if saved.rights_expire_at != asset.rights_expire_at:
            await tx.media.untell_rights_ended(asset_id)
        await tx.events.insert(events.media_updated(saved, now=now))
        return saved

    return await store.atomically(write)


async def _check_may_change(store: Store, principal: model.Principal, asset_id: str) -> None:
    """Writers change an asset only while no live story shows it."""
    if principal.role is not model.Role.WRITER:
        return
    live = await store.live_articles.showing_media(asset_id)
    if live:
        raise Forbidden(
            "A live story shows this asset: only an editor may change it now.",
            id=asset_id,
            articles=live,
        )


async def delete_media(
    store: Store,
    files: MediaFiles,
    principal: model.Principal,
    *,
    asset_id: str,
    now: datetime,
) -> None:
    """Remove an asset nothing shows any more, and its file if no other asset keeps it.

    Editors may delete any asset, a writer only what they uploaded. An asset a story (working
    or live copy) or an author's avatar still uses is refused with what uses it, so nothing
    is left pointing at a picture that is gone.
    """
    asset = await store.media.get(asset_id)
    if asset is None:
        raise NotFound(f"No media asset with id {asset_id!r}.", id=asset_id)
    if principal.role is model.Role.WRITER and asset.uploader_id != principal.user_id:
        raise Forbidden("A writer may delete only the media they uploaded.")

    async def remove(tx: Store) -> None:
        stories_using = sorted(
            {
                *await tx.articles.using_media(asset_id),
                *await tx.live_articles.showing_media(asset_id),
            }
        )
        authors_using = await tx.authors.with_avatar(asset_id)
        if stories_using or authors_using:
            raise BadUserInput(
                "The asset is still in use; take it out of these stories and avatars first.",
                id=asset_id,
                reason="IN_USE",
                articles=stories_using,
                authors=authors_using,
            )
        await tx.media.delete(asset_id)
        await tx.events.insert(events.media_updated(asset, now=now, deleted=True))

    await store.atomically(remove)
    if asset.file is not None:
        await _drop_file_unless_kept(store, files, asset.file)


async def _drop_file_unless_kept(store: Store, files: MediaFiles, key: str) -> None:
    """Remove a file no asset keeps. An upload of the same bytes may land meanwhile: after
    the file is gone, its asset is looked for again and the bytes are put back if it came;
    an upload that lands later still puts its file again once its asset is stored."""
    if await store.media.uses_file(key):
        return
    try:
        data = await asyncio.to_thread(files.read, key)
    except FileNotFoundError:
        return
    await asyncio.to_thread(files.delete, key)
    if await store.media.uses_file(key):
        await asyncio.to_thread(files.put, data, extension=key.rsplit(".", 1)[-1])


# --- The library -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MediaPage:
    assets: list[model.MediaAsset]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        last = self.assets[-1] if self.assets else None
        return None if last is None else media_cursor(last)


def media_cursor(asset: model.MediaAsset) -> str:
    """An asset's place in the library's newest-first order."""
    return reading.encode_position(asset.created_at, asset.id)


async def media_page(
    store: Store, media_filter: MediaFilter, request: reading.PageRequest
) -> MediaPage:
    """One page of the media library, newest first, plus whether another page follows."""
    size = request.size()
    if size == 0:
        return MediaPage([], has_next_page=False)
    assets = await store.media.page(media_filter, limit=size + 1, after=request.position())
    return MediaPage(assets[:size], has_next_page=len(assets) > size)


async def fill_placeholders(
    store: Store, files: MediaFiles, *, max_pixels: int, batch: int = 50
) -> int:
    """Give each picture kept from before placeholders were made its placeholder, read from
    its file; how many were given one. A file that cannot be read is passed over."""
    filled, after = 0, None
    while assets := await store.media.pictures_without_placeholder(after=after, limit=batch):
        for asset in assets:
            after = asset.id
            placeholder = await asyncio.to_thread(_placeholder_from, files, asset, max_pixels)
            if placeholder is not None and await store.media.set_placeholder(asset, placeholder):
                filled += 1
    return filled


def _placeholder_from(
    files: MediaFiles, asset: model.MediaAsset, max_pixels: int
) -> model.Placeholder | None:
    assert asset.file is not None, "only pictures we hold get a placeholder"
    try:
        return placeholder_of(files.read(asset.file), max_pixels=max_pixels)
    except (BadUserInput, OSError):
        return None


# --- Renditions --------------------------------------------------------------------------------


def can_render(asset: model.MediaAsset) -> bool:
    """Only pictures we hold the file of have renditions."""
    return asset.kind is model.MediaKind.IMAGE and asset.file is not None


def rendition_version(asset: model.MediaAsset) -> str:
    """A short fingerprint of what a rendition depends on besides its spec: file, focal point.

    It is part of every rendition URL, so a new crop gets a new URL and a cached one may be
    kept forever; being derived from the file's hash, it also cannot be guessed from an id.
    """
    point = asset.focal_point
    focus = "" if point is None else f"{point.x:.4f},{point.y:.4f}"
    return hashlib.sha256(f"{asset.file}|{focus}".encode()).hexdigest()[:16]


def default_format(asset: model.MediaAsset) -> ImageFormat:
    """PNG and WebP pictures keep their format (and their transparency); others become JPEG."""
    by_type = {"image/png": ImageFormat.PNG, "image/webp": ImageFormat.WEBP}
    return by_type.get(asset.mime_type, ImageFormat.JPEG)


def plan_rendition(
    asset: model.MediaAsset,
    *,
    width: int | None,
    height: int | None,
    fit: Fit | None,
    image_format: ImageFormat | None,
    quality: int | None,
) -> RenditionSpec:
    """The rendition a frontend asks for: a crop around the focal point when both sides are set.

    A format alone re-encodes the picture at its own size.
    """
    if width is None and height is None:
        width = asset.width
    options: dict[str, Any] = {
        "fit": fit or (Fit.COVER if width and height else Fit.CONTAIN),
        "format": image_format or default_format(asset),
    }
    if quality is not None:
        options["quality"] = quality
    return RenditionSpec(width, height, **options)


def rendition_size(asset: model.MediaAsset, spec: RenditionSpec) -> tuple[int, int]:
    """The width and height of the file a rendition of this picture serves (never enlarged)."""
    if asset.width is None or asset.height is None:
        raise ValueError("Only a picture whose size we know has renditions of a known size.")
    return output_size(spec, (asset.width, asset.height))


MAX_SRCSET_WIDTHS = 16


def srcset_widths(
    asset: model.MediaAsset, widths: Iterable[int], *, sizes: RenditionSizes
) -> list[int]:
    """The widths worth listing for a picture: none wider than it, since none is enlarged;
    each one the site makes."""
    wanted = sorted(set(widths))
    if len(wanted) > MAX_SRCSET_WIDTHS:
        raise BadUserInput(
            f"A srcset lists at most {MAX_SRCSET_WIDTHS} widths.",
            reason="INVALID_RENDITION",
            argument="widths",
        )
    for width in wanted:
        try:
            sizes.check(RenditionSpec(width, None), own_width=asset.width)
        except BadUserInput as refused:
            raise BadUserInput(
                refused.message, reason="INVALID_RENDITION", argument="widths"
            ) from None
    if asset.width is None:
        return wanted
    fitting = {width for width in wanted if width <= asset.width}
    if len(fitting) < len(wanted):
        fitting.add(asset.width)
    return sorted(fitting)


def _signing_key(secret: str) -> bytes:
    """A key of its own for rendition URLs, derived from the site secret."""
    return hmac.new(secret.encode(), b"newsroom rendition urls", hashlib.sha256).digest()


def rendition_signature(asset_id: str, version: str, spec: RenditionSpec, *, secret: str) -> str:
    return sign(f"{asset_id}/{version}", spec, secret=_signing_key(secret))


def may_render(
    asset_id: str,
    version: str,
    spec: RenditionSpec,
    *,
    signature: str | None,
    secret: str,
    allowed_widths: frozenset[int],
    allowed_qualities: frozenset[int],
) -> bool:
    """Whether a rendition request is one we signed, or a plain width the site allows."""
    if signature is None:
        return is_allowed(spec, allowed_widths, allowed_qualities)
    key = _signing_key(secret)
    return verify(f"{asset_id}/{version}", spec, signature=signature, secret=key)


def _cache_key(asset: model.MediaAsset, spec: RenditionSpec) -> str:
    return f"{asset.id}/{rendition_version(asset)}/{spec.canonical}"


def cached_rendition(
    cache: RenditionCache, asset: model.MediaAsset, spec: RenditionSpec
) -> bytes | None:
    return cache.get(_cache_key(asset, spec))


def make_rendition(
    files: MediaFiles,
    cache: RenditionCache,
    asset: model.MediaAsset,
    spec: RenditionSpec,
    *,
    max_pixels: int,
    now: datetime,
) -> bytes:
    """Render a variant of the picture and keep it in the cache, tagged with the picture and
    no longer than its rights (blocking: run it in a thread)."""
    assert asset.file is not None, "only pictures we hold are rendered"
    found = cached_rendition(cache, asset, spec)
    if found is not None:  # someone else rendered it while we waited our turn
        return found
    point = asset.focal_point
    focal = None if point is None else (point.x, point.y)
    data = render(files.read(asset.file), spec, focal=focal, max_pixels=max_pixels)
    end = asset.rights_expire_at
    keep_for = None if end is None else max(1.0, (end - now).total_seconds())
    cache.put(_cache_key(asset, spec), data, tag=asset.id, keep_for=keep_for)
    return data
