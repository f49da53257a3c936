// The library as a grid of thumbnails named "Pictures": one picture a row of the grid, the arrow
// keys, Home and End move between them (one tab stop for the whole grid), Enter opens one.
import { type JSX, type KeyboardEvent, useRef, useState } from "react";
import type { DeskPictureFragment } from "../gql/graphql";
import { formatTime } from "../util/time";
import { rightsEndSoon } from "./pictures";

export function describePicture(asset: DeskPictureFragment): string {
  return asset.caption ?? asset.altText ?? `${asset.kind.toLowerCase()} without a caption`;
}

export function RightsBadge({ asset, timeZone, now }: { asset: DeskPictureFragment; timeZone: string; now: number }): JSX.Element | null {
  if (asset.rightsExpired) return <span className="badge badge-expired">Rights expired</span>;
  if (rightsEndSoon(asset.rightsExpireAt, now)) {
    return <span className="badge badge-soon">Rights end {formatTime(asset.rightsExpireAt, timeZone)}</span>;
  }
  return null;
}

export function PictureGrid(props: {
  pictures: DeskPictureFragment[];
  selected: string | null;
  onOpen(id: string): void;
  timeZone: string;
}): JSX.Element {
  const { pictures, selected, onOpen, timeZone } = props;
  const [active, setActive] = useState(0);
  const grid = useRef<HTMLDivElement>(null);
  const now = Date.now();
  const current = Math.min(active, Math.max(0, pictures.length - 1));

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -pictures.length, End: pictures.length };
    const move = moves[event.key];
    if (move === undefined || pictures.length === 0) return;
    event.preventDefault();
    const next = Math.min(pictures.length - 1, Math.max(0, current + move));
    setActive(next);
    grid.current?.querySelectorAll<HTMLElement>("button.picture-card")[next]?.focus();
  };

  if (pictures.length === 0) return <p className="hint">No picture matches.</p>;
  return (
    <div role="grid" aria-label="Pictures" className="picture-grid" ref={grid} onKeyDown={onKeyDown}>
      {pictures.map((asset, index) => (
        <div role="row" key={asset.id}>
          <div role="gridcell" aria-selected={asset.id === selected}>
            <button
              type="button"
              className="picture-card"
              tabIndex={index === current ? 0 : -1}
              aria-current={asset.id === selected ? "true" : undefined}
              onFocus={() => setActive(index)}
              onClick={() => onOpen(asset.id)}
            >
              {asset.kind === "IMAGE" ? <img src={asset.thumbnail} alt="" loading="lazy" /> : <span className="picture-kind">{asset.kind.toLowerCase()}</span>}
              <span className="picture-caption">{describePicture(asset)}</span>
              {asset.credit && <span className="picture-credit">{asset.credit}</span>}
              <RightsBadge asset={asset} timeZone={timeZone} now={now} />
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
