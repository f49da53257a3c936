// Bylines in order, each with a role; "Add byline" searches the authors by name.
import { useId, useState, type KeyboardEvent } from "react";
import type { BylineEntry } from "./form";

export interface AuthorChoice {
  id: string;
  name: string;
  title: string | null;
}

export function Bylines(props: { value: BylineEntry[]; authors: AuthorChoice[]; readOnly: boolean; onChange(value: BylineEntry[]): void }) {
  const { value, authors, readOnly, onChange } = props;
  const [query, setQuery] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const listId = useId();
  const chosen = new Set(value.map((byline) => byline.authorId));
  const offered = authors.filter((author) => !chosen.has(author.id));

  const add = (author: AuthorChoice) => {
    onChange([...value, { authorId: author.id, name: author.name, role: "" }]);
    setQuery("");
    setNote(`${author.name} added to the bylines.`);
  };
  const find = (text: string): AuthorChoice | undefined => {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return undefined;
    return offered.find((author) => author.name.toLowerCase() === wanted) ?? offered.find((author) => author.name.toLowerCase().includes(wanted));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const author = find(query);
    if (author) add(author);
    else setNote(query.trim() ? `No author matches “${query.trim()}”.` : null);
  };
  const move = (index: number, by: number) => {
    const next = [...value];
    const [entry] = next.splice(index, 1);
    if (!entry) return;
    next.splice(index + by, 0, entry);
    onChange(next);
  };

  return (
    <fieldset className="bylines">
      <legend>Bylines</legend>
      {value.length === 0 && <p className="hint">No byline yet.</p>}
      <ol>
        {value.map((byline, index) => (
          <li key={byline.authorId}>
            <span className="byline-name">{byline.name}</span>
            <input
              aria-label={`Role of ${byline.name}`}
              placeholder="Role, e.g. Additional reporting"
              value={byline.role}
              readOnly={readOnly}
              onChange={(event) => onChange(value.map((entry, at) => (at === index ? { ...entry, role: event.target.value } : entry)))}
            />
            {!readOnly && (
              <>
                <button type="button" aria-label={`Move ${byline.name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move ${byline.name} down`}
                  disabled={index === value.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button type="button" aria-label={`Remove ${byline.name}`} onClick={() => onChange(value.filter((_, at) => at !== index))}>
                  Remove
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <label>
          Add byline
          <input
            list={listId}
            value={query}
            placeholder="Type an author's name, then Enter"
            onChange={(event) => {
              setQuery(event.target.value);
              const exact = offered.find((author) => author.name === event.target.value);
              if (exact) add(exact);
            }}
            onKeyDown={onKeyDown}
          />
          <datalist id={listId}>
            {offered.map((author) => (
              <option key={author.id} value={author.name}>
                {author.title ?? ""}
              </option>
            ))}
          </datalist>
        </label>
      )}
      <p role="status" className="hint">
        {note}
      </p>
    </fieldset>
  );
}
