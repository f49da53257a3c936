// The body editor's document schema: one Tiptap node per block of our model, and only the
// marks the server keeps (bold, italic, link). No React here, so the mapping's unit tests can
// build the very same schema in Node; BodyEditor.tsx adds the node views on top.
//
// What the schema refuses the model cannot hold either: headings only of levels 2 to 6 and
// without marks, pull quotes without marks, list items of one paragraph (no nested lists),
// block quotes of plain paragraphs (with the attribution beside them, not inside).
//
// Every block keeps the id the server gave it in a `blockId` attribute (not kept when a block
// is split: the new half is a new block), so a save gives each block back with its id.
import {
  type AnyExtension,
  Extension,
  getSchema,
  mergeAttributes,
  Node,
  type NodeViewRenderer,
  textblockTypeInputRule,
  wrappingInputRule,
} from "@tiptap/core";
import { Link } from "@tiptap/extension-link";
import type { Schema } from "@tiptap/pm/model";
import { Plugin } from "@tiptap/pm/state";
import { StarterKit } from "@tiptap/starter-kit";
import { isSafeHref, knownEmbedProvider, withScheme } from "./links";

export const HEADING_LEVELS = [2, 3, 4, 5, 6] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/** The node views BodyEditor gives the blocks that are not plain text (and the quotes). */
export type BodyNodeViews = Partial<
  Record<"blockQuote" | "pullQuote" | "picture" | "embed" | "relatedLink" | "adSlot", NodeViewRenderer>
>;

/** Keys BodyEditor handles itself (they open a prompt or a menu outside the document). */
export interface BodyKeys {
  linkPrompt(): boolean;
  addBlockMenu(): boolean;
  moveBlock(direction: -1 | 1): boolean;
  removeBlock(): boolean;
  /** Enter on a selected picture, embed, related link or ad slot: into its first field. */
  enterBlock(): boolean;
}

/** A string attribute kept on the node and written to HTML as data-<name> (copy and paste). */
function textAttribute(name: string, fallback: string | null = null) {
  return {
    default: fallback,
    parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? fallback,
    renderHTML: (attributes: Record<string, unknown>) => {
      const value = attributes[camel(name)];
      return typeof value === "string" ? { [`data-${name}`]: value } : {};
    },
  };
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function view(views: BodyNodeViews | undefined, name: keyof BodyNodeViews) {
  const renderer = views?.[name];
  return renderer ? { addNodeView: () => renderer } : {};
}

const Doc = Node.create({ name: "doc", topNode: true, content: "block+" });

const Text = Node.create({ name: "text", group: "inline" });

const Paragraph = Node.create({
  name: "paragraph",
  priority: 1000,
  group: "block",
  content: "inline*",
  parseHTML: () => [{ tag: "p" }],
  renderHTML: ({ HTMLAttributes }) => ["p", HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return { "Mod-Alt-0": () => this.editor.commands.setNode(this.name) };
  },
});

const Heading = Node.create({
  name: "heading",
  group: "block",
  content: "text*",
  marks: "",
  defining: true,
  addAttributes: () => ({ level: { default: 2, rendered: false } }),
  parseHTML: () =>
    [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: Math.max(2, level) } })),
  renderHTML: ({ node, HTMLAttributes }) => [`h${node.attrs.level as number}`, HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return Object.fromEntries(
      HEADING_LEVELS.map((level) => [`Mod-Alt-${level}`, () => this.editor.commands.setNode(this.name, { level })]),
    );
  },
  addInputRules() {
    return [
      textblockTypeInputRule({
        find: /^(#{2,6})\s$/,
        type: this.type,
        getAttributes: (match) => ({ level: match[1]?.length ?? 2 }),
      }),
    ];
  },
});

const BlockQuote = Node.create<{ views?: BodyNodeViews }>({
  name: "blockQuote",
  group: "block",
  content: "paragraph+",
  defining: true,
  addAttributes: () => ({ attribution: textAttribute("attribution") }),
  parseHTML: () => [{ tag: "blockquote" }],
  renderHTML: ({ HTMLAttributes }) => ["blockquote", HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return { "Mod-Shift-b": () => this.editor.commands.toggleWrap(this.name) };
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^>\s$/, type: this.type })];
  },
});

/** The blocks of the body, each of which carries its id. */
export const BLOCK_TYPES = [
  "paragraph",
  "heading",
  "blockQuote",
  "pullQuote",
  "bulletList",
  "orderedList",
  "picture",
  "embed",
  "relatedLink",
  "adSlot",
] as const;

const BlockIds = Extension.create({
  name: "blockIds",
  addGlobalAttributes: () => [
    { types: [...BLOCK_TYPES], attributes: { blockId: { ...textAttribute("block-id"), keepOnSplit: false } } },
  ],
});

const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "text*",
  marks: "",
  defining: true,
  addAttributes: () => ({ attribution: textAttribute("attribution") }),
  parseHTML: () => [{ tag: "aside[data-pull-quote]" }],
  renderHTML: ({ HTMLAttributes }) => ["aside", mergeAttributes({ "data-pull-quote": "" }, HTMLAttributes), 0],
});

const ListItem = Node.create({
  name: "listItem",
  content: "paragraph",
  defining: true,
  parseHTML: () => [{ tag: "li" }],
  renderHTML: ({ HTMLAttributes }) => ["li", HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return { Enter: () => this.editor.commands.splitListItem(this.name) };
  },
});

const BulletList = Node.create({
  name: "bulletList",
  group: "block list",
  content: "listItem+",
  parseHTML: () => [{ tag: "ul" }],
  renderHTML: ({ HTMLAttributes }) => ["ul", HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return { "Mod-Shift-8": () => this.editor.commands.toggleList(this.name, "listItem") };
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^\s*([-+*])\s$/, type: this.type })];
  },
});

const OrderedList = Node.create({
  name: "orderedList",
  group: "block list",
  content: "listItem+",
  parseHTML: () => [{ tag: "ol" }],
  renderHTML: ({ HTMLAttributes }) => ["ol", HTMLAttributes, 0],
  addKeyboardShortcuts() {
    return { "Mod-Shift-7": () => this.editor.commands.toggleList(this.name, "listItem") };
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^1\.\s$/, type: this.type })];
  },
});

/** A block with no text of its own: its fields are attributes, edited in its node view. */
function atom(name: string, attributes: Record<string, string | null>) {
  return Node.create({
    name,
    group: "block",
    atom: true,
    selectable: true,
    draggable: false,
    addAttributes: () =>
      Object.fromEntries(
        Object.entries(attributes).map(([key, fallback]) => [
          key,
          textAttribute(key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), fallback),
        ]),
      ),
    parseHTML: () => [{ tag: `div[data-block="${name}"]` }],
    renderHTML: ({ HTMLAttributes }) => ["div", mergeAttributes({ "data-block": name }, HTMLAttributes)],
  });
}

/** This use of a picture: the asset, and this use's caption, credit and alt text. */
const Picture = atom("picture", { assetId: null, caption: null, credit: null, altText: null, preview: null });
/** Third-party content named by its URL; `html` is kept as the server gave it. */
const Embed = atom("embed", { url: null, provider: null, html: null, caption: null });
/** "READ: <another story>": a story (articleId, with its headline for display) or a URL. */
const RelatedLink = atom("relatedLink", { label: "READ:", articleId: null, headline: null, url: null, text: null });
/** A place kept for an ad, named by its slot code. */
const AdSlot = atom("adSlot", { slotCode: null });

/** Links the server keeps: http(s) addresses and site-relative paths. */
const SafeLink = Link.extend({
  addAttributes: () => ({ href: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("href") } }),
}).configure({
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: "https",
  protocols: [],
  HTMLAttributes: { rel: "noopener noreferrer nofollow" },
  isAllowedUri: (url) => isSafeHref(withScheme(url)),
  shouldAutoLink: (url) => isSafeHref(withScheme(url)),
});

/**
 * An address of a player we know (YouTube, Vimeo...) pasted on an empty line becomes an embed
 * of it; anywhere else it is pasted as text (a link).
 */
const PasteEmbed = Extension.create({
  name: "pasteEmbed",
  priority: 1100, // before the link's own paste handling
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handlePaste: (view, event) => {
            const url = event.clipboardData?.getData("text/plain").trim() ?? "";
            const provider = knownEmbedProvider(url);
            const { $from, empty } = view.state.selection;
            const embed = view.state.schema.nodes.embed;
            if (!provider || !embed || !empty || $from.depth !== 1) return false;
            if ($from.parent.type.name !== "paragraph" || $from.parent.content.size > 0) return false;
            const node = embed.create({ url, provider });
            view.dispatch(view.state.tr.replaceWith($from.before(), $from.after(), node).scrollIntoView());
            return true;
          },
        },
      }),
    ];
  },
});

function keys(handlers: BodyKeys | undefined) {
  return Extension.create({
    name: "bodyKeys",
    priority: 1000, // Enter on a selected block is ours before the text's Enter
    addKeyboardShortcuts(): Record<string, () => boolean> {
      // The model has no line breaks inside a paragraph: Shift+Enter starts a new one too.
      const always = { "Shift-Enter": () => this.editor.commands.enter() };
      if (!handlers) return always;
      return {
        ...always,
        "Mod-k": () => handlers.linkPrompt(),
        "Mod-Shift-Enter": () => handlers.addBlockMenu(),
        "Alt-ArrowUp": () => handlers.moveBlock(-1),
        "Alt-ArrowDown": () => handlers.moveBlock(1),
        "Mod-Shift-Backspace": () => handlers.removeBlock(),
        Enter: () => handlers.enterBlock(),
      };
    },
  });
}

/** Every extension of the body editor; node views and key handlers are BodyEditor's. */
export function bodyExtensions(options: { views?: BodyNodeViews; keys?: BodyKeys } = {}): AnyExtension[] {
  const views = options.views;
  return [
    StarterKit.configure({
      blockquote: false,
      bulletList: false,
      code: false,
      codeBlock: false,
      document: false,
      hardBreak: false,
      heading: false,
      horizontalRule: false,
      link: false,
      listItem: false,
      orderedList: false,
      paragraph: false,
      strike: false,
      text: false,
      underline: false,
      trailingNode: false,
    }),
    Doc,
    Text,
    Paragraph,
    Heading,
    BlockQuote.extend(view(views, "blockQuote")),
    PullQuote.extend(view(views, "pullQuote")),
    BulletList,
    OrderedList,
    ListItem,
    Picture.extend(view(views, "picture")),
    Embed.extend(view(views, "embed")),
    RelatedLink.extend(view(views, "relatedLink")),
    AdSlot.extend(view(views, "adSlot")),
    BlockIds,
    SafeLink,
    PasteEmbed,
    keys(options.keys),
  ];
}

/** The ProseMirror schema of the body (the same the editor builds from bodyExtensions). */
export function bodySchema(): Schema {
  return getSchema(bodyExtensions());
}
