// The picture desk (/desk/pictures): the media library as a grid of thumbnails, searched by words
// and by credit, agency, distributor and source, filtered by kind, paged as you scroll; uploads
// of many files at once; and the panel that edits the picture opened.
import { type JSX, useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { PictureDeskDocument, type DeskPictureFragment, type MediaKind } from "../gql/graphql";
import { useSession } from "../session";
import { PictureGrid } from "./PictureGrid";
import { PicturePanel } from "./PicturePanel";
import { Uploads } from "./Uploads";
import "./pictures.css";

const PAGE = 24;
const SEARCH_DELAY_MS = 300;

interface Filters {
  text: string;
  credit: string;
  agency: string;
  distributor: string;
  source: string;
  kind: MediaKind | "";
}

const NO_FILTERS: Filters = { text: "", credit: "", agency: "", distributor: "", source: "", kind: "" };

function variables(filters: Filters, after: string | null) {
  const text = (value: string) => value.trim() || null;
  return {
    first: PAGE,
    after,
    text: text(filters.text),
    credit: text(filters.credit),
    agency: text(filters.agency),
    distributor: text(filters.distributor),
    source: text(filters.source),
    kind: filters.kind || null,
  };
}

/** The library's pages under the filters: the first when they change, the next on demand. */
function useLibrary(filters: Filters) {
  const [pictures, setPictures] = useState<DeskPictureFragment[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const ask = ++asked.current;
      setLoading(true);
      try {
        const { mediaAssets } = await request(PictureDeskDocument, variables(filters, after));
        if (ask !== asked.current) return;
        const page = mediaAssets.edges.map((edge) => edge.node);
        setPictures((shown) => (after ? [...shown, ...page.filter((p) => !shown.some((s) => s.id === p.id))] : page));
        setNext(mediaAssets.pageInfo.hasNextPage ? (mediaAssets.pageInfo.endCursor ?? null) : null);
        setError(null);
      } catch (failure) {
        if (ask === asked.current) setError(plainWords(failure));
      } finally {
        if (ask === asked.current) setLoading(false);
      }
    },
    [filters],
  );

  useEffect(() => {
    const timer = window.setTimeout(() => void load(null), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [load]);

  return { pictures, setPictures, more: next ? () => void load(next) : null, loading, error, reload: () => void load(null) };
}

export default function PicturesPage(): JSX.Element {
  const { newsroom } = useSession();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [params, setParams] = useSearchParams();
  const selected = params.get("picture");
  const open = (id: string | null) => setParams(id ? { picture: id } : {}, { replace: false });
  const { pictures, setPictures, more, loading, error, reload } = useLibrary(filters);

  const replace = (asset: DeskPictureFragment) => setPictures((shown) => shown.map((p) => (p.id === asset.id ? { ...p, ...asset } : p)));
  // Shown at once, then the first page is read again: a page asked for before the upload landed
  // would otherwise drop it from view.
  const uploaded = (asset: DeskPictureFragment) => {
    setPictures((shown) => [asset, ...shown.filter((p) => p.id !== asset.id)]);
    reload();
  };

  const filter = (name: keyof Filters, label: string) => (
    <label>
      {label}
      <input type="search" value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.target.value })} />
    </label>
  );

  return (
    <div className="picture-desk">
      <div className="picture-library">
        <h1>Pictures</h1>
        <Uploads timeZone={newsroom.timeZone} onUploaded={uploaded} />
        <form role="search" aria-label="Search the library" className="filters" onSubmit={(e) => e.preventDefault()}>
          {filter("text", "Search words")}
          {filter("credit", "Search credit")}
          {filter("agency", "Search agency")}
          {filter("distributor", "Search distributor")}
          {filter("source", "Search source")}
          <label>
            Kind
            <select value={filters.kind} onChange={(e) => setFilters({ ...filters, kind: e.target.value as MediaKind | "" })}>
              <option value="">All kinds</option>
              <option value="IMAGE">Pictures</option>
              <option value="VIDEO">Video</option>
              <option value="AUDIO">Audio</option>
            </select>
          </label>
        </form>
        {error && (
          <p role="alert" className="error">
            {error}{" "}
            <button type="button" onClick={reload}>
              Retry
            </button>
          </p>
        )}
        <div aria-busy={loading}>
          <PictureGrid pictures={pictures} selected={selected} onOpen={open} timeZone={newsroom.timeZone} />
        </div>
        {more && <MoreButton onMore={more} loading={loading} />}
      </div>
      {selected && (
        <PicturePanel
          key={selected}
          id={selected}
          timeZone={newsroom.timeZone}
          onChanged={replace}
          onDeleted={(id) => {
            setPictures((shown) => shown.filter((p) => p.id !== id));
            open(null);
          }}
          onClose={() => open(null)}
        />
      )}
    </div>
  );
}

/** "More pictures", pressed by hand or by scrolling it into view (endless scroll). */
function MoreButton({ onMore, loading }: { onMore(): void; loading: boolean }): JSX.Element {
  const button = useRef<HTMLButtonElement>(null);
  const more = useRef(onMore);
  more.current = onMore;
  useEffect(() => {
    const target = button.current;
    if (!target || loading || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && more.current());
    observer.observe(target);
    return () => observer.disconnect();
  }, [loading]);
  return (
    <div className="pager">
      <button type="button" ref={button} disabled={loading} onClick={onMore}>
        More pictures
      </button>
    </div>
  );
}
