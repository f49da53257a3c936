// CONFLICT: someone saved since this copy was read. Each field both sides changed, theirs
// beside yours; the user keeps one of each, then it is saved again.
import { useState } from "react";
import type { BlockInput } from "../gql/graphql";
import { quoteParagraphs } from "../editor/mapping";
import { Modal } from "../ui/Modal";
import { FIELD_LABELS, type FieldName, type StoryForm } from "./form";
import type { ConflictState } from "./useStoryEditor";

function blockText(block: BlockInput): string {
  const runs = (inlines: readonly { text: string }[]) => inlines.map((inline) => inline.text).join("");
  if (block.paragraph) return runs(block.paragraph.inlines);
  if (block.heading) return block.heading.text;
  if (block.blockQuote) return quoteParagraphs(block.blockQuote).map(runs).join(" / ");
  if (block.pullQuote) return block.pullQuote.text;
  if (block.list) return block.list.items.map(runs).join(" · ");
  if (block.media) return `[picture] ${block.media.caption ?? ""}`;
  if (block.embed) return `[embed] ${block.embed.url}`;
  if (block.relatedLink) return `${block.relatedLink.label ?? "READ:"} ${block.relatedLink.text ?? block.relatedLink.url ?? ""}`;
  if (block.adSlot) return `[ad] ${block.adSlot.slotCode}`;
  return "";
}

/** A field's value as plain text, for reading side by side. */
export function shown(field: FieldName, form: StoryForm): string {
  const value = form[field];
  switch (field) {
    case "tags":
      return form.tags.join(", ");
    case "bylines":
      return form.bylines.map((byline) => (byline.role ? `${byline.name} (${byline.role})` : byline.name)).join(", ");
    case "leadMedia":
      return form.leadMedia ? [form.leadMedia.caption, form.leadMedia.credit, form.leadMedia.altText].filter(Boolean).join(" · ") || form.leadMedia.assetId : "(none)";
    case "body":
      return form.body.map(blockText).join("\n\n");
    case "related":
      return form.related.map((story) => story.headline).join("\n") || "(none)";
    case "socialImage":
      return form.socialImage ? form.socialImage.assetId : "(the lead picture)";
    case "noindex":
      return form.noindex ? "Hidden from search engines" : "Shown to search engines";
    default:
      return typeof value === "string" ? value || "(empty)" : JSON.stringify(value);
  }
}

export function ConflictDialog(props: { conflict: ConflictState; onResolve(keepTheirs: ReadonlySet<FieldName>): void }) {
  const { conflict } = props;
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() =>
    Object.fromEntries(conflict.fields.map((field) => [field, "mine"])),
  );
  const who = conflict.theirsStory.updatedBy?.name ?? conflict.theirsStory.updatedBy?.email ?? "Someone";
  const resolve = () => props.onResolve(new Set(conflict.fields.filter((field) => choice[field] === "theirs")));
  return (
    <Modal title="Someone else changed this story" onClose={resolve}>
      <p>
        {who} saved this story while you were editing it. For each field you both changed, keep your version or theirs, then
        it is saved again.
      </p>
      {conflict.fields.map((field) => (
        <fieldset key={field} className="conflict-field">
          <legend>{FIELD_LABELS[field]}</legend>
          <div className="conflict-sides">
            <label className="conflict-side">
              <span>
                <input
                  type="radio"
                  name={`keep-${field}`}
                  checked={choice[field] === "mine"}
                  onChange={() => setChoice({ ...choice, [field]: "mine" })}
                />{" "}
                Keep mine
              </span>
              <output className="conflict-value">{shown(field, conflict.mine)}</output>
            </label>
            <label className="conflict-side">
              <span>
                <input
                  type="radio"
                  name={`keep-${field}`}
                  checked={choice[field] === "theirs"}
                  onChange={() => setChoice({ ...choice, [field]: "theirs" })}
                />{" "}
                Keep theirs
              </span>
              <output className="conflict-value">{shown(field, conflict.theirs)}</output>
            </label>
          </div>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="primary" onClick={resolve}>
          Save with these choices
        </button>
      </div>
    </Modal>
  );
}
