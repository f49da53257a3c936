// Placeholder body editor: shows the blocks read-only and keeps them as they are. The
// Tiptap editor (desk-editor) replaces this file behind the same interface.
import type { JSX } from "react";
import type { BlockInput, InlineInput } from "../gql/graphql";

export interface BodyEditorProps {
  value: BlockInput[];
  onChange(blocks: BlockInput[]): void;
  readOnly: boolean;
  label: string;
}

function runs(inlines: readonly InlineInput[]): string {
  return inlines.map((inline) => inline.text).join("");
}

function describe(block: BlockInput): string {
  if (block.paragraph) return runs(block.paragraph.inlines);
  if (block.heading) return block.heading.text;
  if (block.blockQuote) return `“${runs(block.blockQuote.inlines)}” ${block.blockQuote.attribution ?? ""}`;
  if (block.pullQuote) return `“${block.pullQuote.text}”`;
  if (block.media) return `[Picture: ${block.media.caption ?? block.media.assetId}]`;
  if (block.embed) return `[Embed: ${block.embed.url}]`;
  if (block.relatedLink) return `${block.relatedLink.label ?? "READ:"} ${block.relatedLink.text ?? block.relatedLink.url ?? ""}`;
  if (block.list) return block.list.items.map((item) => `• ${runs(item)}`).join("\n");
  if (block.adSlot) return `[Advertisement: ${block.adSlot.slotCode}]`;
  return "";
}

export function BodyEditor(props: BodyEditorProps): JSX.Element {
  return (
    <div role="textbox" aria-label={props.label} aria-multiline="true" aria-readonly="true" tabIndex={0} className="body-editor">
      {props.value.map((block, index) => (
        <p key={index}>{describe(block)}</p>
      ))}
    </div>
  );
}
