// The budget: every story, most recently changed first, in tabs by status with counts, filtered
// by section, author and "mine", searched by words of the headline, slug or bylines, paged. It
// refreshes itself while open.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { BudgetDocument, DirectoryDocument, type BudgetQuery, type DirectoryQuery, type Status } from "../gql/graphql";
import { useSession } from "../session";
import { draftIds } from "../story/drafts";
import { NeedsMe } from "./NeedsMe";
import { useRefresh } from "../util/useRefresh";
import { useDeskActivity } from "../api/live";
import { formatTime, relativeTime } from "../util/time";

export const PAGE_SIZE = 25;
const REFRESH_MS = 15000;

const STATUSES: Status[] = ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED", "SCHEDULED", "PUBLISHED", "UNPUBLISHED", "TAKEN_DOWN", "ARCHIVED"];
const STATUS_WORDS: Record<Status, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
  UNPUBLISHED: "Unpublished",
  TAKEN_DOWN: "Taken down",
  ARCHIVED: "Archived",
};

type Row = BudgetQuery["articles"]["edges"][number]["node"];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function StatusTabs(props: { current: Status | null; counts: Map<Status, number>; total: number; onPick(status: Status | null): void }) {
  const tabs: (Status | null)[] = [null, ...STATUSES];
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    else return;
    event.preventDefault();
    refs.current[next]?.focus();
    props.onPick(tabs[next] ?? null);
  };
  return (
    <div role="tablist" aria-label="Stories by status" className="tabs">
      {tabs.map((status, index) => {
        const selected = status === props.current;
        const count = status === null ? props.total : (props.counts.get(status) ?? 0);
        return (
          <button
            key={status ?? "ALL"}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${status ?? "ALL"}`}
            aria-selected={selected}
            aria-controls="stories-panel"
            tabIndex={selected ? 0 : -1}
            onClick={() => props.onPick(status)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {status === null ? "All" : STATUS_WORDS[status]} <span className="count">{count}</span>
          </button>
        );
      })}
    </div>
  );
}

function BudgetRow({ row, timeZone, kept }: { row: Row; timeZone: string; kept: boolean }) {
  const lease = row.editLease;
  return (
    <tr>
      <th scope="row">
        <Link to={`/stories/${row.id}`}>{row.headline || "(no headline)"}</Link>
        {kept && <span className="kept"> · unsaved changes in this browser</span>}
      </th>
      <td>{STATUS_WORDS[row.status]}</td>
      <td>{row.section?.name ?? ""}</td>
      <td>{row.bylines.map((byline) => byline.author.name).join(", ")}</td>
      <td>
        {row.updatedBy ? `${row.updatedBy.name ?? row.updatedBy.email}, ` : ""}
        <time dateTime={row.updatedAt} title={formatTime(row.updatedAt, timeZone)}>
          {relativeTime(row.updatedAt, timeZone)}
        </time>
      </td>
      <td>{lease ? `${lease.user?.name ?? lease.user?.email ?? "someone"} until ${formatTime(lease.expiresAt, timeZone).split(", ").pop()}` : ""}</td>
      <td>{row.publishAt ? <time dateTime={row.publishAt}>{formatTime(row.publishAt, timeZone)}</time> : ""}</td>
    </tr>
  );
}

export function BudgetPage() {
  const { newsroom } = useSession();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") as Status | null) ?? null;
  const section = params.get("section") ?? "";
  const author = params.get("author") ?? "";
  const mine = params.get("mine") === "1";
  const [searchText, setSearchText] = useState(params.get("q") ?? "");
  const search = useDebounced(searchText.trim(), 300);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<BudgetQuery | null>(null);
  const [directory, setDirectory] = useState<DirectoryQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const after = cursors[cursors.length - 1] ?? null;

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([null]);
    setParams(next, { replace: true });
  };

  useEffect(() => {
    if ((params.get("q") ?? "") !== search) setFilter("q", search || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the debounced search moves
  }, [search]);

  useEffect(() => {
    request(DirectoryDocument)
      .then(setDirectory)
      .catch(() => undefined);
  }, []);

  const load = useCallback(async () => {
    try {
      const answer = await request(BudgetDocument, {
        first: PAGE_SIZE,
        after,
        status,
        section: section || null,
        author: author || null,
        mine,
        search: search || null,
      });
      setData(answer);
      setError(null);
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setLoading(false);
    }
  }, [after, status, section, author, mine, search]);

  useEffect(() => {
    setLoading(true);
  }, [load]);
  useRefresh(load, REFRESH_MS); // the fallback while the live socket is down
  useDeskActivity(load);

  const counts = new Map<Status, number>((data?.articleCounts ?? []).map((entry) => [entry.status, entry.count]));
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const rows = data?.articles.edges.map((edge) => edge.node) ?? [];
  const kept = new Set(draftIds());
  const page = cursors.length;
  const pages = data ? Math.max(1, Math.ceil(data.articles.totalCount / PAGE_SIZE)) : 1;

  return (
    <section className="budget">
      <div className="budget-head">
        <h1>Stories</h1>
        <Link to="/stories/new" className="button primary">
          New story
        </Link>
      </div>
      <NeedsMe />
      <div className="filters" role="search" aria-label="Filter the stories">
        <label>
          Search stories
          <input type="search" value={searchText} placeholder="Words of the headline, slug or a byline" onChange={(e) => setSearchText(e.target.value)} />
        </label>
        <label>
          Filter by section
          <select value={section} onChange={(e) => setFilter("section", e.target.value || null)}>
            <option value="">All sections</option>
            {directory?.sections.map((entry) => (
              <option key={entry.slug} value={entry.slug}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Filter by author
          <select value={author} onChange={(e) => setFilter("author", e.target.value || null)}>
            <option value="">All authors</option>
            {directory?.authors.map((entry) => (
              <option key={entry.id} value={entry.slug}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mine} onChange={(e) => setFilter("mine", e.target.checked ? "1" : null)} /> Mine
        </label>
      </div>
      <StatusTabs current={status} counts={counts} total={total} onPick={(picked) => setFilter("status", picked)} />
      {error && (
        <p role="alert" className="error">
          {error}{" "}
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )}
      <div id="stories-panel" role="tabpanel" aria-labelledby={`tab-${status ?? "ALL"}`}>
        <table className="stories" aria-label="Stories" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">Bylines</th>
              <th scope="col">Last changed</th>
              <th scope="col">Being edited by</th>
              <th scope="col">Embargo</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <BudgetRow key={row.id} row={row} timeZone={newsroom.timeZone} kept={kept.has(row.id)} />
            ))}
            {!loading && rows.length === 0 && (
              <tr>
                <td colSpan={7}>No story matches.</td>
              </tr>
            )}
          </tbody>
        </table>
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={page === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </button>
          <span>
            Page {page} of {pages}
            {data && ` · ${data.articles.totalCount} stor${data.articles.totalCount === 1 ? "y" : "ies"}`}
          </span>
          <button
            type="button"
            disabled={!data?.articles.pageInfo.hasNextPage}
            onClick={() => data?.articles.pageInfo.endCursor && setCursors([...cursors, data.articles.pageInfo.endCursor])}
          >
            Next page
          </button>
        </nav>
      </div>
    </section>
  );
}
