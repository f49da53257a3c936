// The picture social networks show with the story: one chosen from the library, or (by
// default) the lead picture.
import { PictureChooser } from "../pictures/PictureChooser";
import type { ChosenImage } from "./form";

export function SocialImage(props: { value: ChosenImage | null; readOnly: boolean; onChange(value: ChosenImage | null): void }) {
  const { value, readOnly, onChange } = props;
  return (
    <div className="social-image">
      <h3 className="field-label">Social image</h3>
      {value ? (
        <div className="social-chosen">
          {value.url && <img src={value.url} alt="The social image" width={160} />}
          {!readOnly && (
            <button type="button" onClick={() => onChange(null)}>
              Use the lead picture
            </button>
          )}
        </div>
      ) : (
        <p className="hint">The lead picture (choose another for social networks below).</p>
      )}
      {!readOnly && (
        <PictureChooser
          label="Social image"
          uploadLabel="Upload a social image"
          onChoose={(asset) => onChange({ assetId: asset.id, url: asset.url })}
        />
      )}
    </div>
  );
}
