// The node views of the blocks that are not plain text: their fields are edited in place, each
// with its own accessible name ("Picture caption", "Embed URL"...). The quotes keep their text
// in the document and their attribution in a field beside it.
import type { Editor } from "@tiptap/core";
import {
  NodeViewContent,
  type NodeViewProps,
  NodeViewWrapper,
  ReactNodeViewRenderer,
  useEditorState,
} from "@tiptap/react";
import { type JSX, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { moveBlock } from "./commands";
import { embedProvider } from "./links";
import { blockProblem } from "./mapping";
import type { BodyNodeViews } from "./schema";

export interface PickedPicture {
  assetId: string;
  caption?: string | null;
  credit?: string | null;
  altText?: string | null;
  /** A thumbnail to show while editing (not saved). */
  url?: string | null;
}

export interface FoundStory {
  id: string;
  headline: string;
}

/** What the page lends the node views (BodyEditor's optional props). */
export interface BodyHooks {
  onPickPicture?: (() => Promise<PickedPicture | null>) | undefined;
  onFindStory?: ((words: string) => Promise<FoundStory[]>) | undefined;
}

const hooksOf = new WeakMap<Editor, BodyHooks>();

export function lendHooks(editor: Editor, hooks: BodyHooks): void {
  hooksOf.set(editor, hooks);
}

function useEditable(editor: Editor): boolean {
  return useEditorState({ editor, selector: ({ editor: current }) => current.isEditable });
}

/** Focus a field of the block at `pos` once its view is in the page. */
export function focusField(editor: Editor, pos: number, field?: string): void {
  let tries = 0;
  const attempt = () => {
    if (editor.isDestroyed) return;
    const dom = editor.view.nodeDOM(pos);
    const target =
      dom instanceof HTMLElement
        ? dom.querySelector<HTMLElement>(field ? `[data-field="${field}"]` : "input, button")
        : null;
    if (target) target.focus();
    else if (tries++ < 10) requestAnimationFrame(attempt);
  };
  attempt();
}

/**
 * Keys inside a field: Escape goes back to the text with this block selected, Enter never
 * submits the page's form, Alt+Up/Down move this block (the field keeps the focus).
 */
function fieldKeys(props: NodeViewProps, field: string) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    const { editor } = props;
    const pos = props.getPos();
    if (typeof pos !== "number") return;
    if (event.key === "Escape") {
      event.preventDefault();
      // At once, not in the next frame as Tiptap's focus(): the next key must reach the text.
      editor.view.focus();
      editor.commands.setNodeSelection(pos);
    } else if (event.key === "Enter") {
      event.preventDefault();
    } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      const direction = event.key === "ArrowUp" ? -1 : 1;
      editor.chain().setNodeSelection(pos).run();
      const moved = moveBlock(direction)(editor.state, editor.view.dispatch) ? editor.state.selection.from : -1;
      if (moved >= 0) focusField(editor, moved, field);
    }
  };
}

interface FieldProps {
  view: NodeViewProps;
  name: string;
  /** The accessible name ("Picture caption"); the visible label is its last words. */
  label: string;
  short?: string;
  value: unknown;
  onValue(value: string): void;
  placeholder?: string;
  type?: string;
}

/** One labelled text field of a block. */
function Field({ view, name, label, short, value, onValue, placeholder, type = "text" }: FieldProps): JSX.Element {
  const editable = useEditable(view.editor);
  return (
    <label className={`block-field field-${name}`}>
      <span>{short ?? label}</span>
      <input
        aria-label={short ? label : undefined}
        type={type}
        data-field={name}
        value={typeof value === "string" ? value : ""}
        placeholder={placeholder}
        readOnly={!editable}
        onChange={(event) => onValue(event.target.value)}
        onKeyDown={fieldKeys(view, name)}
      />
    </label>
  );
}

function Problem({ view }: { view: NodeViewProps }): JSX.Element | null {
  const problem = blockProblem(view.node.toJSON());
  return problem ? <p className="block-problem">{problem}</p> : null;
}

function Frame({ view, title, children }: { view: NodeViewProps; title: string; children: React.ReactNode }): JSX.Element {
  const id = useId();
  return (
    <NodeViewWrapper
      className={`block-atom${view.selected ? " is-selected" : ""}`}
      role="group"
      aria-labelledby={id}
    >
      <div contentEditable={false} suppressContentEditableWarning>
        <p className="block-title" id={id}>
          {title}
        </p>
        {children}
        <Problem view={view} />
      </div>
    </NodeViewWrapper>
  );
}

function PictureView(view: NodeViewProps): JSX.Element {
  const { node, updateAttributes, editor } = view;
  const editable = useEditable(editor);
  const picker = hooksOf.get(editor)?.onPickPicture;
  const choose = async () => {
    if (!picker) return;
    const picked = await picker();
    if (!picked) return;
    updateAttributes({
      assetId: picked.assetId,
      caption: picked.caption ?? null,
      credit: picked.credit ?? null,
      altText: picked.altText ?? null,
      preview: picked.url ?? null,
    });
  };
  const preview = typeof node.attrs.preview === "string" ? node.attrs.preview : null;
  return (
    <Frame view={view} title="Picture">
      <div className="block-row">
        {preview && <img className="block-preview" src={preview} alt="" />}
        <div className="block-fields">
          <div className="block-row">
            <Field view={view} name="assetId" label="Picture asset ID" short="Asset ID" value={node.attrs.assetId} onValue={(v) => updateAttributes({ assetId: v, preview: null })} />
            {picker && editable && (
              <button type="button" onClick={() => void choose()}>
                Choose picture
              </button>
            )}
          </div>
          <Field view={view} name="caption" label="Picture caption" short="Caption" value={node.attrs.caption} onValue={(v) => updateAttributes({ caption: v })} />
          <Field view={view} name="credit" label="Picture credit" short="Credit" value={node.attrs.credit} onValue={(v) => updateAttributes({ credit: v })} />
          <Field view={view} name="altText" label="Picture alt text" short="Alt text" value={node.attrs.altText} onValue={(v) => updateAttributes({ altText: v })} placeholder="What the picture shows, for readers who cannot see it" />
        </div>
      </div>
    </Frame>
  );
}

function EmbedView(view: NodeViewProps): JSX.Element {
  const { node, updateAttributes } = view;
  const url = typeof node.attrs.url === "string" ? node.attrs.url.trim() : "";
  return (
    <Frame view={view} title={url ? `Embed (${node.attrs.provider ?? embedProvider(url)})` : "Embed"}>
      <Field
        view={view}
        name="url"
        label="Embed URL" short="URL"
        type="url"
        value={node.attrs.url}
        placeholder="Paste the address: https://www.youtube.com/watch?v=…"
        // A new address makes the old player HTML and provider wrong: the server's are dropped.
        onValue={(v) => updateAttributes({ url: v, html: null, provider: v.trim() ? embedProvider(v.trim()) : null })}
      />
      <Field view={view} name="caption" label="Embed caption" short="Caption" value={node.attrs.caption} onValue={(v) => updateAttributes({ caption: v })} />
    </Frame>
  );
}

function StorySearch({ view }: { view: NodeViewProps }): JSX.Element | null {
  const find = hooksOf.get(view.editor)?.onFindStory;
  const editable = useEditable(view.editor);
  const [words, setWords] = useState("");
  const [found, setFound] = useState<FoundStory[]>([]);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);
  const listId = useId();
  useEffect(() => {
    if (!find || words.trim().length < 2) {
      setFound([]);
      return;
    }
    const ask = ++asked.current;
    const timer = window.setTimeout(() => {
      find(words.trim())
        .then((stories) => ask === asked.current && (setFound(stories), setError(null)))
        .catch(() => ask === asked.current && setError("The search failed; try again."));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [find, words]);
  if (!find || !editable) return null;
  const choose = (story: FoundStory) => {
    view.updateAttributes({ articleId: story.id, headline: story.headline, url: null });
    setWords("");
    setFound([]);
  };
  return (
    <div className="story-search">
      <label className="block-field">
        <span>Find a story</span>
        <input
          type="search"
          data-field="search"
          role="combobox"
          aria-expanded={found.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          value={words}
          placeholder="Words of its headline"
          onChange={(event) => setWords(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && found.length) {
              event.preventDefault();
              document.getElementById(listId)?.querySelector<HTMLElement>("button")?.focus();
            } else fieldKeys(view, "search")(event);
          }}
        />
      </label>
      {error && <p className="block-problem">{error}</p>}
      <ul id={listId} className="story-results" aria-label="Stories found">
        {found.map((story) => (
          <li key={story.id}>
            <button type="button" onClick={() => choose(story)}>
              {story.headline}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RelatedLinkView(view: NodeViewProps): JSX.Element {
  const { node, updateAttributes, editor } = view;
  const editable = useEditable(editor);
  const articleId = typeof node.attrs.articleId === "string" && node.attrs.articleId ? node.attrs.articleId : null;
  const headline = typeof node.attrs.headline === "string" ? node.attrs.headline : null;
  return (
    <Frame view={view} title="Related link">
      <Field view={view} name="label" label="Related link label" short="Label" value={node.attrs.label} onValue={(v) => updateAttributes({ label: v })} placeholder="READ:" />
      {articleId ? (
        <div className="block-row">
          <p className="chosen-story">
            Story: <strong>{headline ?? node.attrs.text ?? `ID ${articleId}`}</strong>
          </p>
          {editable && (
            <button type="button" onClick={() => updateAttributes({ articleId: null, headline: null })}>
              Change story
            </button>
          )}
        </div>
      ) : (
        <>
          <StorySearch view={view} />
          <Field
            view={view}
            name="url"
            label="Related link URL" short="URL"
            type="url"
            value={node.attrs.url}
            placeholder="Or an address: https://… or /news/…"
            onValue={(v) => updateAttributes({ url: v })}
          />
        </>
      )}
      <Field
        view={view}
        name="text"
        label="Related link text" short="Text"
        value={node.attrs.text}
        placeholder={articleId ? "The story's headline" : "The address"}
        onValue={(v) => updateAttributes({ text: v })}
      />
    </Frame>
  );
}

function AdSlotView(view: NodeViewProps): JSX.Element {
  const { node, updateAttributes } = view;
  return (
    <Frame view={view} title="Ad slot">
      <Field view={view} name="slotCode" label="Ad slot code" short="Slot code" value={node.attrs.slotCode} onValue={(v) => updateAttributes({ slotCode: v })} placeholder="mid-article" />
    </Frame>
  );
}

/** A quote: its words are the document's text, its attribution a field below. */
function quoteView(kind: "blockQuote" | "pullQuote") {
  const label = kind === "blockQuote" ? "Quote attribution" : "Pull quote attribution";
  return function QuoteView(view: NodeViewProps): JSX.Element {
    return (
      <NodeViewWrapper as="figure" className={kind === "blockQuote" ? "block-quote" : "pull-quote"}>
        <blockquote>
          <NodeViewContent className="quote-text" />
        </blockquote>
        <figcaption contentEditable={false} suppressContentEditableWarning>
          <Field
            view={view}
            name="attribution"
            label={label}
            short="Attribution"
            value={view.node.attrs.attribution}
            placeholder="Who said it"
            onValue={(v) => view.updateAttributes({ attribution: v })}
          />
        </figcaption>
      </NodeViewWrapper>
    );
  };
}

export function bodyNodeViews(): BodyNodeViews {
  return {
    blockQuote: ReactNodeViewRenderer(quoteView("blockQuote")),
    pullQuote: ReactNodeViewRenderer(quoteView("pullQuote")),
    picture: ReactNodeViewRenderer(PictureView),
    embed: ReactNodeViewRenderer(EmbedView),
    relatedLink: ReactNodeViewRenderer(RelatedLinkView),
    adSlot: ReactNodeViewRenderer(AdSlotView),
  };
}
