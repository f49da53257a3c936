// The lead picture: chosen from the media library by search, or uploaded on the spot, with this
// use's caption, credit and alt text.
import { useEffect, useState } from "react";
import { request, upload } from "../api/client";
import { plainWords } from "../api/errors";
import { MediaLibraryDocument, UploadMediaDocument, type LibraryAssetFragment } from "../gql/graphql";
import type { LeadPicture as Lead } from "./form";

function fromAsset(asset: LibraryAssetFragment): Lead {
  return { assetId: asset.id, url: asset.url, caption: asset.caption ?? "", credit: asset.credit ?? "", altText: asset.altText ?? "" };
}

export function LeadPicture(props: { value: Lead | null; readOnly: boolean; onChange(value: Lead | null): void }) {
  const { value, readOnly, onChange } = props;
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<LibraryAssetFragment[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (readOnly || !query.trim()) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      request(MediaLibraryDocument, { text: query.trim(), first: 12 })
        .then((data) => live && setFound(data.mediaAssets.edges.map((edge) => edge.node)))
        .catch((failure: unknown) => live && setError(plainWords(failure)));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, readOnly]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const asset = (await upload(UploadMediaDocument, { file: null as unknown as File, input: null }, { file })).uploadMedia;
      onChange(fromAsset(asset));
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="lead-picture">
      <legend>Lead picture</legend>
      {value ? (
        <div className="lead-chosen">
          {value.url && <img src={value.url} alt={value.altText} width={160} />}
          <label>
            Caption
            <input aria-label="Lead picture caption" value={value.caption} readOnly={readOnly} onChange={(e) => onChange({ ...value, caption: e.target.value })} />
          </label>
          <label>
            Credit
            <input aria-label="Lead picture credit" value={value.credit} readOnly={readOnly} onChange={(e) => onChange({ ...value, credit: e.target.value })} />
          </label>
          <label>
            Alt text
            <input aria-label="Lead picture alt text" value={value.altText} readOnly={readOnly} onChange={(e) => onChange({ ...value, altText: e.target.value })} />
          </label>
          {!readOnly && (
            <button type="button" onClick={() => onChange(null)}>
              Remove lead picture
            </button>
          )}
        </div>
      ) : (
        <p className="hint">No lead picture.</p>
      )}
      {!readOnly && (
        <div className="lead-choose">
          <label>
            {value ? "Replace: search the library" : "Search the library"}
            <input type="search" aria-label="Lead picture" placeholder="Words of a caption or keyword" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          {found && (
            <ul className="library-results" aria-label="Pictures found">
              {found.length === 0 && <li>No picture matches.</li>}
              {found.map((asset) => (
                <li key={asset.id}>
                  <button
                    type="button"
                    onClick={() => {
                      onChange(fromAsset(asset));
                      setQuery("");
                    }}
                  >
                    <img src={asset.url} alt="" width={80} />
                    <span>Use “{asset.caption ?? asset.altText ?? asset.id}”</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label>
            Or upload a picture
            <input type="file" accept="image/*" aria-label="Upload a lead picture" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0])} />
          </label>
          {busy && <p role="status">Uploading…</p>}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
