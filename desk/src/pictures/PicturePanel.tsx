// One picture's editing panel: caption, alt text, the credit's parts (and the line readers will
// see), rights and when they expire, the focal point set by clicking on the picture with the
// crops the server cuts around it, and delete. Saved with expectedVersion; a CONFLICT shows their
// version with your changes on top; what is typed is kept in this browser until saved.
import { type JSX, type KeyboardEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { request } from "../api/client";
import { isCode, plainWords } from "../api/errors";
import {
  DeletePictureDocument,
  PictureDocument,
  UpdatePictureDocument,
  type DeskPictureFragment,
  type MediaInput,
  type PictureQuery,
} from "../gql/graphql";
import { Modal } from "../ui/Modal";
import { RightsBadge, describePicture } from "./PictureGrid";
import {
  changedPictureFields,
  draftOf,
  keepPictureDraft,
  pictureDraft,
  pictureForm,
  pictureInput,
  type PictureField,
  type PictureForm,
} from "./pictureForm";
import { CROPS, creditLine, focalPointAt, type Point } from "./pictures";

type Picture = NonNullable<PictureQuery["media"]>;

type Uses = Picture["usedBy"];

const CROP_FIELD = { "16:9": "wide", "1:1": "square", "4:5": "portrait" } as const;
const FOCAL_STEP = 0.05;
const FOCAL_SAVE_DELAY_MS = 500;

export function PicturePanel(props: {
  id: string;
  timeZone: string;
  onChanged(asset: DeskPictureFragment): void;
  onDeleted(id: string): void;
  onClose(): void;
}): JSX.Element {
  const { id, timeZone } = props;
  const [asset, setAsset] = useState<Picture | null | undefined>(undefined);
  const [form, setFormState] = useState<PictureForm | null>(null);
  const [state, setState] = useState<"idle" | "saving" | "saved">("idle");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [inUse, setInUse] = useState<Uses | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [focal, setFocal] = useState<Point | null>(null);
  // What the server has (base, version) and what is typed (form), read by saves in flight.
  const base = useRef<PictureForm | null>(null);
  const version = useRef(0);
  const formRef = useRef<PictureForm | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const focalTimer = useRef<number | undefined>(undefined);
  const changed = useRef(props.onChanged);
  changed.current = props.onChanged;

  const setForm = useCallback(
    (next: PictureForm) => {
      formRef.current = next;
      setFormState(next);
      if (base.current) keepPictureDraft(id, draftOf(base.current, next, version.current));
    },
    [id],
  );

  /** The server's picture becomes the base; `mine` (changes from the old base) stays on top. */
  const adopt = useCallback(
    (picture: Picture, mine: Partial<PictureForm>, madeOn = picture.version) => {
      setAsset(picture);
      base.current = pictureForm(picture, timeZone);
      version.current = madeOn;
      setForm({ ...base.current, ...mine });
      setFocal(null);
    },
    [setForm, timeZone],
  );

  const myChanges = (): Partial<PictureForm> => (base.current && formRef.current ? draftOf(base.current, formRef.current, 0).changes : {});

  useEffect(() => {
    let live = true;
    request(PictureDocument, { id })
      .then(({ media }) => {
        if (!live) return;
        if (!media) {
          setAsset(null);
          return;
        }
        const draft = pictureDraft(id);
        adopt(media, draft?.changes ?? {}, draft?.version);
        if (draft) {
          setNotice("Your unsaved changes to this picture are back. Save to keep them.");
        }
      })
      .catch((failure: unknown) => live && setError(plainWords(failure)));
    return () => {
      live = false;
      window.clearTimeout(focalTimer.current);
    };
  }, [id, adopt]);

  /** One change at a time reaches the server, each with the version the last one gave. */
  const send = (input: MediaInput, sent: Partial<PictureForm> = {}) => {
    const run = async () => {
      setState("saving");
      setError(null);
      try {
        const { updateMedia } = await request(UpdatePictureDocument, { id, input, expectedVersion: version.current });
        // What was sent is now the server's (tidied as it keeps it), unless typed over meanwhile.
        const still = Object.fromEntries(Object.entries(myChanges()).filter(([name, value]) => sent[name as PictureField] !== value));
        adopt(updateMedia, still);
        changed.current(updateMedia);
        setState("saved");
      } catch (failure) {
        setState("idle");
        if (isCode(failure, "CONFLICT")) await conflict();
        else setError(plainWords(failure));
      }
    };
    queue.current = queue.current.then(run);
    return queue.current;
  };

  const conflict = async () => {
    const mine = myChanges();
    try {
      const { media } = await request(PictureDocument, { id });
      if (!media) {
        setAsset(null);
        return;
      }
      adopt(media, mine);
      changed.current(media);
      setNotice(
        Object.keys(mine).length > 0
          ? "Someone else changed this picture meanwhile. It now shows their version with your changes on top: check them and save again."
          : "Someone else changed this picture meanwhile. It now shows their version: try again.",
      );
    } catch (failure) {
      setError(plainWords(failure));
    }
  };

  const save = () => {
    if (!base.current || !formRef.current) return;
    const fields = changedPictureFields(base.current, formRef.current);
    if (fields.length === 0) return;
    setNotice(null);
    void send(pictureInput(formRef.current, fields, timeZone), { ...formRef.current });
  };

  const placeFocal = (point: Point, delay = 0) => {
    setFocal(point);
    window.clearTimeout(focalTimer.current);
    focalTimer.current = window.setTimeout(() => void send({ focalPoint: point }), delay);
  };

  if (asset === undefined) return <aside className="picture-panel">{error ? <p role="alert" className="error">{error}</p> : <p className="loading">Loading the picture…</p>}</aside>;
  if (asset === null || !form) {
    return (
      <aside className="picture-panel" aria-label="Picture">
        <p role="alert">This picture no longer exists.</p>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </aside>
    );
  }

  // Labels point at their controls (a control inside its label would lend it its value).
  const field = (name: PictureField, label: string, options: { multiline?: boolean; type?: string; hint?: string } = {}) => {
    const control = {
      id: `picture-${name}`,
      value: form[name],
      "aria-describedby": options.hint ? `picture-${name}-hint` : undefined,
      onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
    };
    return (
      <div className="field">
        <label htmlFor={control.id}>{label}</label>
        {options.multiline ? <textarea rows={3} {...control} /> : <input type={options.type ?? "text"} {...control} />}
        {options.hint && (
          <span className="hint" id={`picture-${name}-hint`}>
            {options.hint}
          </span>
        )}
      </div>
    );
  };

  const dirty = base.current !== null && changedPictureFields(base.current, form).length > 0;
  const point = focal ?? asset.focalPoint ?? { x: 0.5, y: 0.5 };
  const onFocalClick = (event: MouseEvent<HTMLButtonElement>) => {
    const img = event.currentTarget.querySelector("img");
    if (!img || event.detail === 0) return; // Enter and Space: the arrow keys move it instead
    placeFocal(focalPointAt(event.clientX, event.clientY, img.getBoundingClientRect()));
  };
  const onFocalKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
    placeFocal({ x: clamp(point.x + move[0] * FOCAL_STEP), y: clamp(point.y + move[1] * FOCAL_STEP) }, FOCAL_SAVE_DELAY_MS);
  };

  return (
    <aside className="picture-panel" aria-label="Picture">
      <div className="panel-head">
        <h2>{describePicture(asset)}</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="hint">
        {asset.width && asset.height ? `${asset.width} × ${asset.height} · ` : ""}
        {asset.mimeType} <RightsBadge asset={asset} timeZone={timeZone} now={Date.now()} />
      </p>
      {asset.kind === "IMAGE" && (
        <div className="focal">
          <button type="button" className="focal-picture" aria-label="Focal point" aria-describedby={`focal-hint-${id}`} onClick={onFocalClick} onKeyDown={onFocalKey}>
            <img src={asset.large} alt="" />
            <span className="focal-dot" style={{ left: `${point.x * 100}%`, top: `${point.y * 100}%` }} aria-hidden="true" />
          </button>
          <p className="hint" id={`focal-hint-${id}`}>
            Click what matters most in the picture (or move it with the arrow keys): every crop keeps it in view. Now at {Math.round(point.x * 100)}% across, {Math.round(point.y * 100)}% down.
          </p>
          <div className="crops" aria-label="Crops" role="group">
            {CROPS.map((crop) => (
              <figure key={crop.name}>
                <img src={asset[CROP_FIELD[crop.name]]} alt={`The ${crop.name} crop`} width={crop.width / 2} height={crop.height / 2} />
                <figcaption>{crop.name}</figcaption>
              </figure>
            ))}
          </div>
        </div>
      )}
      <form
        className="picture-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
            event.preventDefault();
            save();
          }
        }}
      >
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {field("caption", "Caption", { multiline: true })}
        {field("altText", "Alt text", { hint: "What the picture shows, for readers who cannot see it." })}
        <fieldset>
          <legend>Credit</legend>
          {field("creator", "Creator", { hint: "Who made it: the photographer." })}
          {field("agency", "Agency", { hint: "Whose picture it is, e.g. AFP." })}
          {field("distributor", "Distributor", { hint: "Who supplied it, e.g. Getty Images." })}
          <p className="credit-line">
            As readers will see it: <output aria-label="Credit line">{creditLine(form, asset.kind) || "no credit"}</output>
          </p>
        </fieldset>
        <fieldset>
          <legend>Rights</legend>
          {field("copyright", "Copyright")}
          {field("license", "License")}
          {field("usageTerms", "Usage terms", { multiline: true })}
          {field("rightsExpire", "Rights expire", { type: "datetime-local", hint: `In the newsroom's time (${timeZone}); empty: they do not expire. Readers stop seeing the picture then.` })}
        </fieldset>
        {asset.source && <p className="hint">Source: {asset.source}</p>}
        <div className="uses">
          <h3>Used in</h3>
          {asset.usedBy.length > 0 ? <UsesList uses={asset.usedBy} /> : <p className="hint">No story or avatar uses it yet.</p>}
        </div>
        <div className="panel-actions">
          <button type="submit" className="primary" disabled={!dirty || state === "saving"}>
            Save picture
          </button>
          <span className="save-status" role="status">
            {state === "saving" ? "Saving…" : dirty ? "Unsaved changes (kept in this browser)" : state === "saved" ? "All changes saved" : ""}
          </span>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete picture
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {inUse && <InUseNotice inUse={inUse} />}
      </form>
      {confirming && (
        <Modal title="Delete this picture?" onClose={() => setConfirming(false)}>
          <p>It leaves the library for good. A picture that a story or an author's avatar uses is not deleted.</p>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setConfirming(false);
                void remove(id, props.onDeleted, setInUse, setError);
              }}
            >
              Delete
            </button>
          </div>
        </Modal>
      )}
    </aside>
  );
}

async function remove(id: string, onDeleted: (id: string) => void, setInUse: (inUse: Uses | null) => void, setError: (error: string | null) => void) {
  setError(null);
  setInUse(null);
  try {
    await request(DeletePictureDocument, { id });
    keepPictureDraft(id, null);
    onDeleted(id);
  } catch (failure) {
    if (!isCode(failure, "BAD_USER_INPUT") || failure.extensions.reason !== "IN_USE") {
      setError(plainWords(failure));
      return;
    }
    // The refusal names ids; the picture's usedBy names the stories and authors.
    try {
      const { media } = await request(PictureDocument, { id });
      setInUse(media?.usedBy ?? []);
    } catch (again) {
      setError(plainWords(again));
    }
  }
}

/** Where the picture is used: each story (as lead or in the body) and each author's avatar. */
function UsesList({ uses }: { uses: Uses }): JSX.Element {
  return (
    <ul>
      {uses.map((use) =>
        use.article ? (
          <li key={`a${use.article.id}`}>
            <Link to={`/stories/${use.article.id}`}>{use.article.headline}</Link> {use.asLead ? "(lead picture)" : "(in the body)"}
          </li>
        ) : (
          <li key={`p${use.author?.id ?? ""}`}>{use.author ? `${use.author.name}'s avatar` : "An author's avatar"}</li>
        ),
      )}
    </ul>
  );
}

function InUseNotice({ inUse }: { inUse: Uses }): JSX.Element {
  return (
    <div role="alert" className="in-use">
      <p>This picture is in use, so it was not deleted. Take it out of these first:</p>
      <UsesList uses={inUse} />
    </div>
  );
}
