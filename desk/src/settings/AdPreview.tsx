// Where the ad rules would put ads in a sample story, with the slot's unsaved edit in place of
// its saved definition: asked again a moment after each change, nothing written.
import { useEffect, useState } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { AdPlacementPreviewDocument, type AdPlacementPreviewQuery, type AdsPolicy } from "../gql/graphql";
import { ADS_POLICY_WORDS, adSlotInput, type AdSlotForm } from "./forms";

type Block = AdPlacementPreviewQuery["adPlacementPreview"][number];

function BlockLine({ block, slotCode, paragraph }: { block: Block; slotCode: string; paragraph: number }) {
  switch (block.__typename) {
    case "AdSlotBlock":
      return (
        <li className={`preview-ad${block.slot.code === slotCode ? " this-slot" : ""}`}>
          <strong>Ad: {block.slot.code}</strong> <small>({block.placedBy === "RULE" ? "by rule" : "by an editor"})</small>
        </li>
      );
    case "Paragraph":
      return (
        <li className="preview-text">
          Paragraph {paragraph}: {block.text}
        </li>
      );
    case "Heading":
      return <li className="preview-heading">Heading: {block.text}</li>;
    case "BlockQuote":
    case "PullQuote":
      return <li className="preview-other">Quote: {block.text}</li>;
    case "MediaBlock":
      return <li className="preview-other">Picture: {block.caption ?? ""}</li>;
    case "Embed":
      return <li className="preview-other">Embed: {block.provider}</li>;
    case "ListBlock":
      return <li className="preview-other">List</li>;
    case "RelatedLink":
      return (
        <li className="preview-other">
          {block.label} {block.text}
        </li>
      );
    default:
      return null;
  }
}

export function AdPreview(props: { form: AdSlotForm; slotId: string | null }) {
  const [policy, setPolicy] = useState<AdsPolicy>("NORMAL");
  const [blocks, setBlocks] = useState<Block[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { input, errors } = adSlotInput(props.form);
  const readable = Object.keys(errors).length === 0;
  const key = JSON.stringify(input);

  useEffect(() => {
    if (!readable) return;
    let live = true;
    const timer = window.setTimeout(() => {
      request(AdPlacementPreviewDocument, { slot: JSON.parse(key) as typeof input, slotId: props.slotId, adsPolicy: policy })
        .then((answer) => {
          if (!live) return;
          setBlocks(answer.adPlacementPreview);
          setError(null);
        })
        .catch((failure: unknown) => live && setError(plainWords(failure)));
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the input is compared by its JSON
  }, [key, readable, props.slotId, policy]);

  let counted = 0;
  const paragraphNumbers = (blocks ?? []).map((block) => (block.__typename === "Paragraph" ? ++counted : counted));
  const ads = blocks?.filter((block) => block.__typename === "AdSlotBlock").length ?? 0;
  return (
    <section aria-labelledby="ad-preview-heading" className="ad-preview">
      <h3 id="ad-preview-heading">Where ads would go</h3>
      <p className="hint">A sample story, with this slot as edited here (not yet saved) and the other enabled slots.</p>
      <label>
        Story's ads policy
        <select value={policy} onChange={(event) => setPolicy(event.target.value as AdsPolicy)}>
          {(Object.keys(ADS_POLICY_WORDS) as AdsPolicy[]).map((one) => (
            <option key={one} value={one}>
              {ADS_POLICY_WORDS[one]}
            </option>
          ))}
        </select>
      </label>
      {!readable && <p className="hint">Fix the marked fields to see the preview.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {blocks && (
        <>
          <p role="status">{ads === 1 ? "1 ad in the sample story." : `${ads} ads in the sample story.`}</p>
          <ol aria-label="Sample story with ads" className="ad-preview-blocks">
            {blocks.map((block, index) => (
              <BlockLine key={index} block={block} slotCode={props.form.code.trim()} paragraph={paragraphNumbers[index] ?? 0} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
