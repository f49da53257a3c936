// A picture for the body, chosen from the media library by search or uploaded on the spot.
import { useEffect, useState } from "react";
import { request, upload } from "../api/client";
import { plainWords } from "../api/errors";
import type { PickedPicture } from "../editor/BodyEditor";
import { MediaLibraryDocument, UploadMediaDocument, type LibraryAssetFragment } from "../gql/graphql";
import { Modal } from "../ui/Modal";

export function picked(asset: LibraryAssetFragment): PickedPicture {
  return { assetId: asset.id, caption: asset.caption, credit: asset.credit, altText: asset.altText, url: asset.url };
}

/** Search results of the media library, as buttons that choose a picture. */
export function useLibrarySearch(query: string, active: boolean) {
  const [found, setFound] = useState<LibraryAssetFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!active || !query.trim()) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      request(MediaLibraryDocument, { text: query.trim(), first: 12 })
        .then((data) => {
          if (!live) return;
          setFound(data.mediaAssets.edges.map((edge) => edge.node));
          setError(null);
        })
        .catch((failure: unknown) => live && setError(plainWords(failure)));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, active]);
  return { found, error };
}

export async function uploadPicture(file: File): Promise<LibraryAssetFragment> {
  return (await upload(UploadMediaDocument, { file: null as unknown as File, input: null }, { file })).uploadMedia;
}

export function PicturePicker(props: { onDone(choice: PickedPicture | null): void }) {
  const [query, setQuery] = useState("");
  const { found, error: searchError } = useLibrarySearch(query, true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      props.onDone(picked(await uploadPicture(file)));
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Choose a picture" onClose={() => props.onDone(null)}>
      <div className="dialog-form">
        <label>
          Search the library
          <input type="search" autoFocus value={query} placeholder="Words of a caption or keyword" onChange={(e) => setQuery(e.target.value)} />
        </label>
        {found && (
          <ul className="library-results" aria-label="Pictures found">
            {found.length === 0 && <li>No picture matches.</li>}
            {found.map((asset) => (
              <li key={asset.id}>
                <button type="button" onClick={() => props.onDone(picked(asset))}>
                  <img src={asset.url} alt="" width={80} />
                  <span>Use “{asset.caption ?? asset.altText ?? asset.id}”</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          Or upload a picture
          <input type="file" accept="image/*" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        {busy && <p role="status">Uploading…</p>}
        {(error ?? searchError) && (
          <p role="alert" className="error">
            {error ?? searchError}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => props.onDone(null)}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}
