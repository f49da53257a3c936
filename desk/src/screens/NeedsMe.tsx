// "What needs me", beside the budget: stories waiting for my review (editors), stories sent back
// to me, live stories whose pictures' rights end within 7 days, and the last time someone took
// over a story I was editing (needsMe). It refreshes itself with the budget.
import { useCallback, useState } from "react";
import { Link } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { NeedsMeDocument, type NeedsMeQuery } from "../gql/graphql";
import { useSession } from "../session";
import { formatTime, relativeTime } from "../util/time";
import { useRefresh } from "../util/useRefresh";
import { useDeskActivity } from "../api/live";
import "./needs-me.css";

const REFRESH_MS = 15000;

type Person = { name: string | null; email: string } | null | undefined;
type SentBack = NeedsMeQuery["needsMe"]["sentBack"][number];

function name(person: Person, fallback = "someone"): string {
  return person?.name ?? person?.email ?? fallback;
}

/** The comment of the last "request changes" step: why it came back. */
function lastRequest(story: SentBack): SentBack["history"][number] | undefined {
  return [...story.history].reverse().find((event) => event.action === "REQUEST_CHANGES");
}

export function NeedsMe() {
  const { user, newsroom } = useSession();
  const timeZone = newsroom.timeZone;
  const [data, setData] = useState<NeedsMeQuery["needsMe"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editor = user?.role === "EDITOR" || user?.role === "ADMIN";

  const load = useCallback(async () => {
    try {
      setData((await request(NeedsMeDocument)).needsMe);
      setError(null);
    } catch (failure) {
      setError(plainWords(failure));
    }
  }, []);

  useRefresh(load, REFRESH_MS); // the fallback while the live socket is down
  useDeskActivity(load);

  return (
    <section aria-labelledby="needs-me-title" className="needs-me">
      <h2 id="needs-me-title">What needs me</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p className="hint">Looking…</p>}
      {data && (
        <div className="needs-me-parts">
          {editor && (
            <section aria-labelledby="needs-review">
              <h3 id="needs-review">Waiting for your review</h3>
              {data.toReview.length === 0 ? (
                <p className="hint">Nothing waits for review.</p>
              ) : (
                <ul>
                  {data.toReview.map((story) => (
                    <li key={story.id}>
                      <Link to={`/stories/${story.id}`}>{story.headline || "(no headline)"}</Link>{" "}
                      <span className="hint">
                        from {name(story.owner)}, <time dateTime={story.updatedAt}>{relativeTime(story.updatedAt, timeZone)}</time>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          {(!editor || data.sentBack.length > 0) && (
            <section aria-labelledby="needs-sent-back">
              <h3 id="needs-sent-back">Sent back to you</h3>
              {data.sentBack.length === 0 ? (
                <p className="hint">Nothing was sent back to you.</p>
              ) : (
                <ul>
                  {data.sentBack.map((story) => {
                    const why = lastRequest(story);
                    return (
                      <li key={story.id}>
                        <Link to={`/stories/${story.id}`}>{story.headline || "(no headline)"}</Link>
                        {why && (
                          <span className="hint">
                            {" "}
                            by {name(why.actor)}: “{why.comment}”
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          )}
          <section aria-labelledby="needs-pictures">
            <h3 id="needs-pictures">Pictures whose rights end soon</h3>
            {data.expiringPictures.length === 0 ? (
              <p className="hint">No live story shows a picture whose rights end within 7 days.</p>
            ) : (
              <ul className="expiring">
                {data.expiringPictures.map((picture) => (
                  <li key={picture.asset.id}>
                    <img src={picture.asset.url} alt={picture.asset.altText ?? picture.asset.caption ?? ""} width={80} />
                    <span>
                      Rights end <time dateTime={picture.rightsExpireAt}>{formatTime(picture.rightsExpireAt, timeZone)}</time>; in{" "}
                      {picture.stories.map((story, index) => (
                        <span key={story.id}>
                          {index > 0 && ", "}
                          <Link to={`/stories/${story.id}`}>{story.headline || "(no headline)"}</Link>
                        </span>
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="needs-lease">
            <h3 id="needs-lease">Your stories taken over</h3>
            {data.lastLeaseTakeover ? (
              <p>
                {name(data.lastLeaseTakeover.by)} took over{" "}
                <Link to={`/stories/${data.lastLeaseTakeover.article.id}`}>{data.lastLeaseTakeover.article.headline || "(no headline)"}</Link> from you,{" "}
                <time dateTime={data.lastLeaseTakeover.at}>{formatTime(data.lastLeaseTakeover.at, timeZone)}</time>.
              </p>
            ) : (
              <p className="hint">Nobody has taken over a story you were editing.</p>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
