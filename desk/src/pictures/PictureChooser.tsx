// The one picture chooser of the desk: search the picture desk's library (or browse its newest
// pictures) and pick one, or upload a file in place. The story's lead picture, the body's
// picture blocks and authors' avatars all use it.
//
// Props (everything else is the chooser's own business):
//   label        the search box's accessible name, e.g. "Lead picture", "Avatar"
//   uploadLabel  the file input's accessible name (default "Upload a picture")
//   onChoose     called with the asset picked or uploaded (id, url of a 320-wide rendition,
//                caption, credit, altText...: LibraryAssetFragment)
//   browse       show the library's newest pictures before anything is typed (default false)
//   autoFocus    focus the search box when shown
// PictureChooserDialog wraps it in a modal: onDone(asset) when one is chosen, onDone(null) on
// Cancel or Escape.
import { useEffect, useId, useRef, useState, type JSX } from "react";
import { request, uploadWithProgress, type UploadProgress } from "../api/client";
import { plainWords } from "../api/errors";
import { MediaLibraryDocument, UploadMediaDocument, type LibraryAssetFragment } from "../gql/graphql";
import { Modal } from "../ui/Modal";
import "./pictures.css";

export type ChosenPicture = LibraryAssetFragment;

export interface PictureChooserProps {
  label: string;
  uploadLabel?: string;
  onChoose(asset: ChosenPicture): void;
  browse?: boolean;
  autoFocus?: boolean;
}

const SEARCH_DELAY_MS = 250;
const SHOWN = 12;

/** The library's pictures matching the words (the newest when `browse` and no words). */
export function useLibrarySearch(query: string, options: { active: boolean; browse: boolean }) {
  const { active, browse } = options;
  const [answer, setAnswer] = useState<{ words: string; found: ChosenPicture[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const words = query.trim();
  useEffect(() => {
    if (!active || (!words && !browse)) {
      setAnswer(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(
      () => {
        request(MediaLibraryDocument, { text: words || null, first: SHOWN })
          .then((data) => {
            if (!live) return;
            setAnswer({ words, found: data.mediaAssets.edges.map((edge) => edge.node) });
            setError(null);
          })
          .catch((failure: unknown) => live && setError(plainWords(failure)));
      },
      words ? SEARCH_DELAY_MS : 0,
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [words, active, browse]);
  // Until the answer for these words comes, the last one stays in view, marked as stale.
  return { found: answer?.found ?? null, stale: answer !== null && answer.words !== words, error };
}

/** One file into the library, its progress told as it goes. */
export async function uploadPicture(file: File, onProgress: (progress: UploadProgress) => void = () => {}, signal?: AbortSignal): Promise<ChosenPicture> {
  const data = await uploadWithProgress(UploadMediaDocument, { file: null as unknown as File, input: null }, { file }, onProgress, signal);
  return data.uploadMedia;
}

export function PictureChooser(props: PictureChooserProps): JSX.Element {
  const { label, onChoose, browse = false, autoFocus = false } = props;
  const uploadLabel = props.uploadLabel ?? "Upload a picture";
  const [query, setQuery] = useState("");
  const { found, stale, error: searchError } = useLibrarySearch(query, { active: true, browse });
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resultsId = useId();
  const fileInput = useRef<HTMLInputElement>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setProgress({ name: file.name, sent: 0, total: file.size });
    setError(null);
    try {
      const asset = await uploadPicture(file, ({ sent, total }) => setProgress({ name: file.name, sent, total: total || file.size }));
      onChoose(asset);
    } catch (failure) {
      setError(`${file.name}: ${plainWords(failure)}`);
    } finally {
      setProgress(null);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  return (
    <div className="picture-chooser">
      <label>
        <span>Search the library</span>
        <input
          type="search"
          aria-label={label}
          aria-controls={resultsId}
          autoFocus={autoFocus}
          placeholder="Words of a caption, headline or keyword"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <div id={resultsId} aria-busy={stale}>
        {found && (
          <ul className="library-results" aria-label="Pictures found">
            {found.length === 0 && <li>No picture matches.</li>}
            {found.map((asset) => (
              <li key={asset.id}>
                <button
                  type="button"
                  onClick={() => {
                    onChoose(asset);
                    setQuery("");
                  }}
                >
                  <img src={asset.url} alt="" width={80} />
                  <span>Use “{asset.caption ?? asset.altText ?? asset.id}”</span>
                  {asset.credit && <span className="hint">{asset.credit}</span>}
                  {asset.rightsExpired && <span className="badge badge-expired">Rights expired</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <label>
        <span>Or upload a picture</span>
        <input ref={fileInput} type="file" accept="image/*" aria-label={uploadLabel} disabled={progress !== null} onChange={(e) => void onFile(e.target.files?.[0])} />
      </label>
      {progress && (
        <p role="status" className="upload-line">
          Uploading {progress.name}…{" "}
          <progress aria-label={`Uploading ${progress.name}`} max={progress.total || 1} value={progress.sent} />
        </p>
      )}
      {(error ?? searchError) && (
        <p role="alert" className="error">
          {error ?? searchError}
        </p>
      )}
    </div>
  );
}

/** The chooser in a dialog: onDone(asset) when one is picked, onDone(null) when cancelled. */
export function PictureChooserDialog(props: { title?: string; onDone(asset: ChosenPicture | null): void }): JSX.Element {
  return (
    <Modal title={props.title ?? "Choose a picture"} onClose={() => props.onDone(null)}>
      <div className="dialog-form">
        <PictureChooser label="Search the library" onChoose={(asset) => props.onDone(asset)} browse autoFocus />
        <div className="actions">
          <button type="button" onClick={() => props.onDone(null)}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}
