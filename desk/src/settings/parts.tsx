// Pieces every settings form shares: a labelled field with its problem beside it, saving with
// the API's answer in plain words (CONFLICT with a choice), and a confirmation dialog.
import { useCallback, useId, useState, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { plainWords } from "../api/errors";
import { Modal } from "../ui/Modal";
import { fieldErrors, type FieldErrors } from "./forms";

export interface FieldA11y {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/** A visible label, the control, and what is wrong with it right below. */
export function Field(props: { label: string; error?: string | undefined; hint?: string; children: (a11y: FieldA11y) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, "aria-invalid": Boolean(props.error), "aria-describedby": described })}
      {props.hint && (
        <small id={hintId} className="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={errorId} className="field-error">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** Someone saved this thing since it was read: their version, and what changed. */
export interface ConflictInfo {
  currentVersion: number;
  changed: { field: string; value: string }[];
}

function conflictInfo(error: unknown): ConflictInfo | null {
  if (!(error instanceof ApiError) || error.code !== "CONFLICT") return null;
  const { currentVersion, changedFields, currentValues } = error.extensions;
  const values = (currentValues ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(changedFields) ? changedFields.map(String) : Object.keys(values);
  return {
    currentVersion: typeof currentVersion === "number" ? currentVersion : 0,
    changed: fields.map((field) => ({ field, value: values[field] === null || values[field] === undefined ? "(empty)" : typeof values[field] === "string" ? (values[field] as string) : JSON.stringify(values[field]) })),
  };
}

export interface Saving {
  busy: boolean;
  errors: FieldErrors;
  message: string | null;
  conflict: ConflictInfo | null;
  /** The last save's refusal as the API gave it (null after a success). */
  failure: unknown;
  /** Run one save: true when the server took it; else the problem is shown and nothing typed is touched. */
  run(save: () => Promise<void>, local?: FieldErrors): Promise<boolean>;
  clear(): void;
}

export function useSaving(): Saving {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ConflictInfo | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const clear = useCallback(() => {
    setFailure(null);
    setErrors({});
    setMessage(null);
    setConflict(null);
  }, []);
  const run = useCallback(
    async (save: () => Promise<void>, local: FieldErrors = {}) => {
      clear();
      if (Object.keys(local).length > 0) {
        setErrors(local);
        setMessage("Something in the form is not right: see the marked fields.");
        return false;
      }
      setBusy(true);
      try {
        await save();
        return true;
      } catch (failure) {
        setFailure(failure);
        setErrors(fieldErrors(failure));
        setConflict(conflictInfo(failure));
        setMessage(plainWords(failure));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [clear],
  );
  return { busy, errors, message, conflict, failure, run, clear };
}

/** The outcome of the last save, next to the form's buttons. A CONFLICT offers the choice. */
export function SaveProblem(props: { saving: Saving; noun: string; labels?: Record<string, string>; onKeepMine(version: number): void; onTakeTheirs(): void }) {
  const { message, conflict } = props.saving;
  if (conflict) {
    return (
      <div role="alert" className="notice conflict-notice">
        <p>
          Someone else changed this {props.noun} since you opened it. Your changes are kept here; nothing was saved.
        </p>
        {conflict.changed.length > 0 && (
          <ul>
            {conflict.changed.map(({ field, value }) => (
              <li key={field}>
                {props.labels?.[field] ?? field} is now: {value}
              </li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button type="button" onClick={() => props.onKeepMine(conflict.currentVersion)}>
            Save mine over theirs
          </button>
          <button type="button" onClick={props.onTakeTheirs}>
            Discard mine, load theirs
          </button>
        </div>
      </div>
    );
  }
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

/** "Are you sure?" before something that cannot be undone. */
export function Confirm(props: { title: string; children: ReactNode; confirm: string; busy?: boolean; error?: string | null; onConfirm(): void; onCancel(): void }) {
  return (
    <Modal title={props.title} onClose={props.onCancel} role="alertdialog">
      {props.children}
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

/** What became of a screen's or a panel's last action: an error (announced at once) and a
 * notice, each shown only while it is set. */
export function Messages(props: { error?: string | null | undefined; notice?: string | null | undefined }) {
  return (
    <>
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
      {props.notice && (
        <p role="status" className="notice">
          {props.notice}
        </p>
      )}
    </>
  );
}
