// The stories to show with this one ("Related"), in order: found by words of their headline,
// at most ten. Readers see those that are live, topped up with stories sharing its tags.
import { useId, useState, type KeyboardEvent } from "react";
import type { RelatedStory } from "./form";

export const MAX_RELATED = 10;

export function RelatedStories(props: {
  value: RelatedStory[];
  storyId: string | undefined;
  readOnly: boolean;
  onFind(words: string): Promise<RelatedStory[]>;
  onChange(value: RelatedStory[]): void;
}) {
  const { value, storyId, readOnly, onFind, onChange } = props;
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<RelatedStory[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const resultsId = useId();
  const chosen = new Set(value.map((story) => story.id));
  const offered = (found ?? []).filter((story) => !chosen.has(story.id) && story.id !== storyId);
  const full = value.length >= MAX_RELATED;

  const search = async () => {
    const words = query.trim();
    if (!words) return;
    try {
      setFound(await onFind(words));
      setNote(null);
    } catch {
      setNote("The search failed; try again.");
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    void search();
  };
  const add = (story: RelatedStory) => {
    onChange([...value, story]);
    setNote(`“${story.headline}” added to the related stories.`);
  };
  const move = (index: number, by: number) => {
    const next = [...value];
    const [entry] = next.splice(index, 1);
    if (!entry) return;
    next.splice(index + by, 0, entry);
    onChange(next);
  };

  return (
    <fieldset className="related-stories">
      <legend>Related stories</legend>
      <p className="hint">Shown with the story in this order (those that are live), then stories sharing its tags.</p>
      {value.length ? (
        <ol aria-label="Related stories">
          {value.map((story, index) => (
            <li key={story.id}>
              <span>{story.headline}</span>
              {!readOnly && (
                <span className="row-actions">
                  <button type="button" aria-label={`Move “${story.headline}” up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move “${story.headline}” down`} disabled={index === value.length - 1} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" aria-label={`Remove “${story.headline}” from the related stories`} onClick={() => onChange(value.filter((s) => s.id !== story.id))}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">None chosen.</p>
      )}
      {!readOnly && (
        <div className="related-find">
          <label>
            Find a story
            <input
              value={query}
              disabled={full}
              placeholder={full ? `At most ${MAX_RELATED}` : "Words of its headline"}
              aria-controls={resultsId}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onKeyDown}
            />
          </label>
          <button type="button" disabled={full || !query.trim()} onClick={() => void search()}>
            Search stories
          </button>
          <ul id={resultsId} aria-label="Stories found">
            {offered.map((story) => (
              <li key={story.id}>
                <button type="button" disabled={full} onClick={() => add(story)}>
                  Add “{story.headline}”
                </button>
              </li>
            ))}
          </ul>
          {found && !offered.length && <p className="hint">No other story matches.</p>}
        </div>
      )}
      <p role="status" className="visually-hidden">
        {note}
      </p>
    </fieldset>
  );
}
