// Many files into the library at once, dropped or picked: each with its own progress bar, at
// most UPLOADS_AT_ONCE on the wire, a refused one said plainly while the others go on, and what
// was read from each file shown once it is in.
import { type DragEvent, type JSX, useRef, useState } from "react";
import { ApiError, uploadWithProgress } from "../api/client";
import { plainWords } from "../api/errors";
import { UploadPictureDocument, type DeskPictureFragment } from "../gql/graphql";
import { formatTime } from "../util/time";
import { eachAtMost, fileSize, REFUSALS, UPLOADS_AT_ONCE } from "./pictures";

interface Row {
  key: number;
  name: string;
  size: number;
  sent: number;
  state: "waiting" | "uploading" | "done" | "refused";
  problem?: string;
  asset?: DeskPictureFragment;
}

function refusal(error: unknown): string {
  if (error instanceof ApiError && typeof error.extensions.reason === "string") {
    const words = REFUSALS[error.extensions.reason];
    if (words) return words;
  }
  return plainWords(error);
}

let nextKey = 0;

export function Uploads(props: { timeZone: string; onUploaded(asset: DeskPictureFragment): void }): JSX.Element {
  const [rows, setRows] = useState<Row[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onUploaded = useRef(props.onUploaded);
  onUploaded.current = props.onUploaded;

  const update = (key: number, change: Partial<Row>) => setRows((all) => all.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const start = (files: File[]) => {
    if (files.length === 0) return;
    const added = files.map((file) => ({ key: nextKey++, name: file.name, size: file.size, sent: 0, state: "waiting" as const }));
    setRows((all) => [...added, ...all.filter((row) => row.state !== "done" && row.state !== "refused")]);
    void eachAtMost(files, UPLOADS_AT_ONCE, async (file, index) => {
      const { key } = added[index] as Row;
      update(key, { state: "uploading" });
      try {
        const data = await uploadWithProgress(UploadPictureDocument, { file: null as unknown as File }, { file }, ({ sent }) => update(key, { sent }));
        update(key, { state: "done", sent: file.size, asset: data.uploadMedia });
        onUploaded.current(data.uploadMedia);
      } catch (error) {
        update(key, { state: "refused", problem: refusal(error) });
      }
    });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    start([...event.dataTransfer.files]);
  };

  return (
    <section className="uploads" aria-label="Uploads">
      <div
        className={over ? "drop-zone over" : "drop-zone"}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label>
          <span>Upload pictures</span>
          <input
            ref={input}
            type="file"
            multiple
            accept="image/*,video/*,audio/*"
            onChange={(event) => {
              start([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
        </label>
        <p className="hint">or drop files here; {UPLOADS_AT_ONCE} go at once, the others wait their turn.</p>
      </div>
      {rows.length > 0 && (
        <ul className="upload-rows" aria-live="polite">
          {rows.map((row) => (
            <li key={row.key} className={`upload-row upload-${row.state}`}>
              <span className="upload-name">{row.name}</span>
              <progress aria-label={`Upload of ${row.name}`} max={row.size || 1} value={row.state === "waiting" ? 0 : row.sent} />
              <span className="upload-state">
                {row.state === "waiting" && "Waiting…"}
                {row.state === "uploading" && `${fileSize(row.sent)} of ${fileSize(row.size)}`}
                {row.state === "done" && "Added to the library."}
                {row.state === "refused" && <span className="error">Refused: {row.problem}</span>}
              </span>
              {row.asset && <ReadFromFile asset={row.asset} timeZone={props.timeZone} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What the server read from the file: the caption, the credit's parts, the rights. */
function ReadFromFile({ asset, timeZone }: { asset: DeskPictureFragment; timeZone: string }): JSX.Element {
  const ends = asset.rightsExpireAt && `they end ${formatTime(asset.rightsExpireAt, timeZone)}`;
  const rights = [asset.copyright, asset.license, asset.usageTerms, ends].filter(Boolean).join(" · ");
  const facts: [string, string | null | undefined][] = [
    ["Caption", asset.caption],
    ["Creator", asset.creator],
    ["Agency", asset.agency],
    ["Distributor", asset.distributor],
    ["Rights", rights],
  ];
  const found = facts.filter(([, value]) => value);
  if (found.length === 0) return <p className="hint">Nothing was read from the file.</p>;
  return (
    <div className="read-from-file">
      <p className="hint">Read from the file:</p>
      <dl>
        {found.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
