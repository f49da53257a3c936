// The body editor: a Tiptap editor over schema.ts, given and giving our blocks (mapping.ts).
//
// Typing does not map the whole story to blocks on every keystroke: the blocks go to the page
// CHANGE_DELAY_MS after the last change, and at once when the editor loses the focus, on
// Ctrl+S, when the page is hidden or left, and whenever the page calls flushBodyEditors()
// (call it before reading the form to save). No change is lost on the way.
import type { Editor } from "@tiptap/core";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { redoDepth, undoDepth } from "@tiptap/pm/history";
import type { Node as PMNode } from "@tiptap/pm/model";
import { NodeSelection } from "@tiptap/pm/state";
import { type JSX, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { BlockInput } from "../gql/graphql";
import { insertBlock, moveBlock, removeBlock } from "./commands";
import { isSafeHref, withScheme } from "./links";
import { blocksToDoc, bodyWords, docToBlocks, readingMinutes } from "./mapping";
import { type BodyHooks, bodyNodeViews, focusField, lendHooks, type FoundStory, type PickedPicture } from "./nodeViews";
import { bodyExtensions, type BodyKeys } from "./schema";
import "./editor.css";

export type { FoundStory, PickedPicture };

export interface BodyEditorProps {
  value: BlockInput[];
  onChange(blocks: BlockInput[]): void;
  readOnly: boolean;
  label: string;
  /** Choose a picture for a picture block (the library); without it, the asset ID is typed. */
  onPickPicture?: () => Promise<PickedPicture | null>;
  /** Stories whose headline matches the words, for related links. */
  onFindStory?: (words: string) => Promise<FoundStory[]>;
}

/** How long after the last change the page is given the blocks. */
export const CHANGE_DELAY_MS = 200;

const flushers = new Set<() => void>();

/** Hand the page every body editor's latest blocks now (synchronously, through onChange). */
export function flushBodyEditors(): void {
  for (const flush of flushers) flush();
}

/** "1,234 words · 6 min read" for the words of a body's text blocks. */
export function BodyWordCount({ words }: { words: number }): JSX.Element {
  const minutes = readingMinutes(words);
  return (
    <p className="body-stats">
      {words.toLocaleString("en-GB")} {words === 1 ? "word" : "words"}
      {minutes > 0 && ` · ${minutes} min read`}
    </p>
  );
}

type Kind =
  | "paragraph"
  | "heading"
  | "blockQuote"
  | "pullQuote"
  | "bulletList"
  | "orderedList"
  | "picture"
  | "embed"
  | "relatedLink"
  | "adSlot";

const NEW_BLOCKS: { kind: Kind; label: string }[] = [
  { kind: "paragraph", label: "Paragraph" },
  { kind: "heading", label: "Heading" },
  { kind: "blockQuote", label: "Block quote" },
  { kind: "pullQuote", label: "Pull quote" },
  { kind: "bulletList", label: "Bulleted list" },
  { kind: "orderedList", label: "Numbered list" },
  { kind: "picture", label: "Picture" },
  { kind: "embed", label: "Embed" },
  { kind: "relatedLink", label: "Related link" },
  { kind: "adSlot", label: "Ad slot" },
];

function emptyBlock(editor: Editor, kind: Kind, picked?: PickedPicture): PMNode | null {
  const { nodes } = editor.schema;
  switch (kind) {
    case "bulletList":
    case "orderedList":
      return nodes[kind]?.create(null, nodes.listItem?.create(null, nodes.paragraph?.create())) ?? null;
    case "blockQuote":
      return nodes.blockQuote?.create(null, nodes.paragraph?.create()) ?? null;
    case "picture":
      return (
        nodes.picture?.create(
          picked
            ? { assetId: picked.assetId, caption: picked.caption ?? null, credit: picked.credit ?? null, altText: picked.altText ?? null, preview: picked.url ?? null }
            : null,
        ) ?? null
      );
    default:
      return nodes[kind]?.create() ?? null;
  }
}

function textboxAttributes(label: string, readOnly: boolean): Record<string, string> {
  return {
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": label,
    "aria-readonly": String(readOnly),
    class: "body-document",
  };
}

export function BodyEditor(props: BodyEditorProps): JSX.Element {
  const { value, readOnly, label } = props;
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const hooks = useRef<BodyHooks>({});
  hooks.current = { onPickPicture: props.onPickPicture, onFindStory: props.onFindStory };

  const editorRef = useRef<Editor | null>(null);
  const emitted = useRef({ value, json: JSON.stringify(value) });
  const pending = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const [words, setWords] = useState(() => bodyWords(value));
  const [linkOpen, setLinkOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);

  const flush = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const editor = editorRef.current;
    if (!pending.current || !editor || editor.isDestroyed) return;
    pending.current = false;
    const blocks = docToBlocks(editor.getJSON());
    setWords(bodyWords(blocks));
    const json = JSON.stringify(blocks);
    if (json === emitted.current.json) return;
    emitted.current = { value: blocks, json };
    onChange.current(blocks);
  }, []);

  const keys = useMemo<BodyKeys>(
    () => ({
      linkPrompt: () => {
        if (!editorRef.current?.isEditable) return false;
        setLinkOpen(true);
        return true;
      },
      addBlockMenu: () => {
        if (!editorRef.current?.isEditable) return false;
        setMenuOpen(true);
        return true;
      },
      moveBlock: (direction) => {
        const editor = editorRef.current;
        return Boolean(editor?.isEditable && moveBlock(direction)(editor.state, editor.view.dispatch));
      },
      removeBlock: () => {
        const editor = editorRef.current;
        return Boolean(editor?.isEditable && removeBlock(editor.state, editor.view.dispatch));
      },
      enterBlock: () => {
        const editor = editorRef.current;
        const { selection } = editor?.state ?? {};
        if (!editor || !(selection instanceof NodeSelection) || !selection.node.isAtom) return false;
        focusField(editor, selection.from);
        return true;
      },
    }),
    [],
  );

  const extensions = useMemo(() => bodyExtensions({ views: bodyNodeViews(), keys }), [keys]);

  const editor = useEditor(
    {
      extensions,
      content: blocksToDoc(value),
      editable: !readOnly,
      shouldRerenderOnTransaction: false,
      editorProps: { attributes: textboxAttributes(label, readOnly) },
      onUpdate: () => {
        pending.current = true;
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(flush, CHANGE_DELAY_MS);
      },
      onBlur: () => flush(),
    },
    [],
  );
  editorRef.current = editor;
  if (editor) lendHooks(editor, hooks.current);

  // The page changed the body itself (the story arrived, a conflict was settled): show it.
  useEffect(() => {
    if (!editor || value === emitted.current.value) return;
    const json = JSON.stringify(value);
    if (json !== emitted.current.json) {
      window.clearTimeout(timer.current);
      pending.current = false;
      const doc = editor.schema.nodeFromJSON(blocksToDoc(value));
      const tr = editor.state.tr.replaceWith(0, editor.state.doc.content.size, doc.content);
      editor.view.dispatch(tr.setMeta("addToHistory", false).setMeta("preventUpdate", true));
      setWords(bodyWords(value));
    }
    emitted.current = { value, json };
  }, [editor, value]);

  useEffect(() => {
    if (!editor) return;
    editor.setEditable(!readOnly, false);
    editor.setOptions({ editorProps: { attributes: textboxAttributes(label, readOnly) } });
    if (readOnly) {
      setLinkOpen(false);
      setMenuOpen(false);
    }
  }, [editor, readOnly, label]);

  // Nothing typed is left behind: the page gets it before it is hidden, left or unmounted.
  useEffect(() => {
    flushers.add(flush);
    const onHide = () => flush();
    const onVisibility = () => document.visibilityState === "hidden" && flush();
    window.addEventListener("pagehide", onHide);
    window.addEventListener("beforeunload", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      flush();
      flushers.delete(flush);
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("beforeunload", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [flush]);

  // Ctrl+S anywhere in the editor (the text or a block's field): the page saves what is typed.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") flush();
  };

  return (
    <div className="body-editor-frame" onKeyDownCapture={onKeyDownCapture}>
      {editor && !readOnly && (
        <Toolbar editor={editor} label={label} onLink={() => setLinkOpen(true)} menuOpen={menuOpen} setMenuOpen={setMenuOpen} hooks={hooks} />
      )}
      {editor && linkOpen && !readOnly && <LinkPrompt editor={editor} onClose={() => setLinkOpen(false)} />}
      <EditorContent editor={editor} className="body-editor" />
      <BodyWordCount words={words} />
    </div>
  );
}

interface ToolbarProps {
  editor: Editor;
  label: string;
  onLink(): void;
  menuOpen: boolean;
  setMenuOpen(open: boolean): void;
  hooks: { current: BodyHooks };
}

function Toolbar({ editor, label, onLink, menuOpen, setMenuOpen, hooks }: ToolbarProps): JSX.Element {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      link: e.isActive("link"),
      paragraph: e.isActive("paragraph") && !e.isActive("listItem"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      h4: e.isActive("heading", { level: 4 }),
      blockQuote: e.isActive("blockQuote"),
      pullQuote: e.isActive("pullQuote"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      inText: e.state.selection.$from.parent.isTextblock,
      canUp: moveBlock(-1)(e.state),
      canDown: moveBlock(1)(e.state),
      // Not e.can().undo(): that tries the undo on every keystroke.
      canUndo: undoDepth(e.state) > 0,
      canRedo: redoDepth(e.state) > 0,
    }),
  });

  /**
   * A toolbar button: keeps the editor's selection, runs its command, gives the focus back at
   * once (Tiptap's focus() waits a frame, and the next key would be lost meanwhile).
   */
  const button = (name: string, text: string, run: () => boolean, options: { pressed?: boolean; keys?: string; disabled?: boolean } = {}) => (
    <button
      type="button"
      title={options.keys ? `${name} (${options.keys.replace(/Control/g, "Ctrl")})` : name}
      aria-keyshortcuts={options.keys}
      aria-pressed={options.pressed}
      disabled={options.disabled}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        run();
        if (!editor.isFocused) editor.view.focus();
      }}
    >
      {/* The name is the words (read out), the symbol is what is seen. */}
      <span aria-hidden="true">{text}</span>
      <span className="tool-name">{name}</span>
    </button>
  );

  const chain = () => editor.chain().focus();
  return (
    <div className="body-toolbar" role="toolbar" aria-label={`${label} tools`}>
      <span className="tool-group">
        {button("Bold", "B", () => chain().toggleBold().run(), { pressed: state.bold, keys: "Control+B", disabled: !state.inText })}
        {button("Italic", "I", () => chain().toggleItalic().run(), { pressed: state.italic, keys: "Control+I", disabled: !state.inText })}
        {button("Link", "Link", () => (onLink(), true), { pressed: state.link, keys: "Control+K", disabled: !state.inText })}
      </span>
      <span className="tool-group">
        {button("Paragraph", "¶", () => chain().setNode("paragraph").run(), { pressed: state.paragraph, keys: "Control+Alt+0" })}
        {button("Heading 2", "H2", () => chain().setNode("heading", { level: 2 }).run(), { pressed: state.h2, keys: "Control+Alt+2" })}
        {button("Heading 3", "H3", () => chain().setNode("heading", { level: 3 }).run(), { pressed: state.h3, keys: "Control+Alt+3" })}
        {button("Heading 4", "H4", () => chain().setNode("heading", { level: 4 }).run(), { pressed: state.h4, keys: "Control+Alt+4" })}
        {button("Block quote", "❝", () => chain().toggleWrap("blockQuote").run(), { pressed: state.blockQuote, keys: "Control+Shift+B" })}
        {button("Pull quote", "❞ Pull", () => chain().setNode("pullQuote").run(), { pressed: state.pullQuote })}
        {button("Bulleted list", "• List", () => chain().toggleList("bulletList", "listItem").run(), { pressed: state.bulletList, keys: "Control+Shift+8" })}
        {button("Numbered list", "1. List", () => chain().toggleList("orderedList", "listItem").run(), { pressed: state.orderedList, keys: "Control+Shift+7" })}
      </span>
      <span className="tool-group add-block">
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-keyshortcuts="Control+Shift+Enter"
          title="Add block (Ctrl+Shift+Enter)"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          + Add block
        </button>
        {menuOpen && <AddBlockMenu editor={editor} hooks={hooks} onClose={() => setMenuOpen(false)} />}
      </span>
      <span className="tool-group">
        {button("Move block up", "↑", () => moveBlock(-1)(editor.state, editor.view.dispatch), { keys: "Alt+ArrowUp", disabled: !state.canUp })}
        {button("Move block down", "↓", () => moveBlock(1)(editor.state, editor.view.dispatch), { keys: "Alt+ArrowDown", disabled: !state.canDown })}
        {button("Remove block", "✕", () => removeBlock(editor.state, editor.view.dispatch), { keys: "Control+Shift+Backspace" })}
      </span>
      <span className="tool-group">
        {button("Undo", "↶", () => chain().undo().run(), { keys: "Control+Z", disabled: !state.canUndo })}
        {button("Redo", "↷", () => chain().redo().run(), { keys: "Control+Shift+Z", disabled: !state.canRedo })}
      </span>
    </div>
  );
}

function AddBlockMenu({ editor, hooks, onClose }: { editor: Editor; hooks: { current: BodyHooks }; onClose(): void }): JSX.Element {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
  }, []);

  const add = async (kind: Kind) => {
    onClose();
    let picked: PickedPicture | undefined;
    const picker = hooks.current.onPickPicture;
    if (kind === "picture" && picker) {
      const chosen = await picker();
      if (!chosen) {
        editor.view.focus();
        return;
      }
      picked = chosen;
    }
    const node = emptyBlock(editor, kind, picked);
    if (!node || !insertBlock(node)(editor.state, editor.view.dispatch)) return;
    if (node.isTextblock || node.type.name.endsWith("List") || kind === "blockQuote") editor.view.focus();
    else focusField(editor, editor.state.selection.from, kind === "picture" && picked ? "caption" : undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (index: number) => items[(index + items.length) % items.length]?.focus();
    if (event.key === "ArrowDown") go(at + 1);
    else if (event.key === "ArrowUp") go(at - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(items.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") {
      onClose();
      editor.view.focus();
    } else return;
    event.preventDefault();
  };

  return (
    <div className="add-block-menu" role="menu" aria-label="Add block" ref={menu} onKeyDown={onKeyDown}>
      {NEW_BLOCKS.map(({ kind, label }) => (
        <button key={kind} type="button" role="menuitem" tabIndex={-1} onClick={() => void add(kind)}>
          {label}
        </button>
      ))}
    </div>
  );
}

function LinkPrompt({ editor, onClose }: { editor: Editor; onClose(): void }): JSX.Element {
  const current = editor.getAttributes("link").href;
  const [href, setHref] = useState(typeof current === "string" ? current : "");
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    onClose();
    editor.view.focus();
  };
  const apply = () => {
    const target = withScheme(href);
    if (target === "") {
      editor.view.focus();
      editor.chain().extendMarkRange("link").unsetLink().run();
      onClose();
      return;
    }
    if (!isSafeHref(target)) {
      setError("Use a web address (https://…), a path on this site (/…) or an email address.");
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive("link")) {
      editor.view.focus();
      editor.chain().insertContent({ type: "text", text: target, marks: [{ type: "link", attrs: { href: target } }] }).run();
    } else {
      editor.view.focus();
      editor.chain().extendMarkRange("link").setLink({ href: target }).run();
    }
    onClose();
  };
  return (
    <div className="link-prompt" role="group" aria-label="Link">
      <label className="block-field">
        <span>Link address</span>
        <input
          type="url"
          autoFocus
          value={href}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "body-link-error" : undefined}
          placeholder="https://… or /news/…"
          onChange={(event) => {
            setHref(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              apply();
            } else if (event.key === "Escape") {
              event.preventDefault();
              close();
            }
          }}
        />
      </label>
      <button type="button" onClick={apply}>
        Apply link
      </button>
      {typeof current === "string" && (
        <button
          type="button"
          onClick={() => {
            editor.view.focus();
            editor.chain().extendMarkRange("link").unsetLink().run();
            onClose();
          }}
        >
          Remove link
        </button>
      )}
      <button type="button" onClick={close}>
        Cancel
      </button>
      {error && (
        <p className="error" id="body-link-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
