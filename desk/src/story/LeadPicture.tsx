// The lead picture: chosen from the media library by search, or uploaded on the spot, with this
// use's caption, credit and alt text.
import { useState } from "react";
import { plainWords } from "../api/errors";
import type { LibraryAssetFragment } from "../gql/graphql";
import type { LeadPicture as Lead } from "./form";
import { uploadPicture, useLibrarySearch } from "./PicturePicker";

function fromAsset(asset: LibraryAssetFragment): Lead {
  return { assetId: asset.id, url: asset.url, caption: asset.caption ?? "", credit: asset.credit ?? "", altText: asset.altText ?? "" };
}

export function LeadPicture(props: { value: Lead | null; readOnly: boolean; onChange(value: Lead | null): void }) {
  const { value, readOnly, onChange } = props;
  const [query, setQuery] = useState("");
  const { found, error: searchError } = useLibrarySearch(query, !readOnly);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onChange(fromAsset(await uploadPicture(file)));
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
      {(error ?? searchError) && (
        <p role="alert" className="error">
          {error ?? searchError}
        </p>
      )}
    </fieldset>
  );
}
