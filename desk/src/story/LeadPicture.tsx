// The lead picture: chosen with the desk's picture chooser (the library, or a file uploaded on
// the spot), with this use's caption, credit and alt text, which change the story, not the asset.
import { PictureChooser, type ChosenPicture } from "../pictures/PictureChooser";
import type { LeadPicture as Lead } from "./form";

function fromAsset(asset: ChosenPicture): Lead {
  return { assetId: asset.id, url: asset.url, caption: asset.caption ?? "", credit: asset.credit ?? "", altText: asset.altText ?? "" };
}

export function LeadPicture(props: { value: Lead | null; readOnly: boolean; onChange(value: Lead | null): void }) {
  const { value, readOnly, onChange } = props;
  return (
    <fieldset className="lead-picture">
      <legend>Lead picture</legend>
      {value ? (
        <div className="lead-chosen">
          {value.url && <img src={value.url} alt={value.altText} width={160} />}
          <p className="hint">This story's caption, credit and alt text; the picture in the library keeps its own.</p>
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
          <PictureChooser label="Lead picture" uploadLabel="Upload a lead picture" onChoose={(asset) => onChange(fromAsset(asset))} />
        </div>
      )}
    </fieldset>
  );
}
