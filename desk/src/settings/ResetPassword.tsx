// A password reset (admins): asked first; the server makes a new random password and ends every
// session of the user; the desk shows it once, to be passed on, and never keeps it.
import { useState } from "react";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { ResetPasswordDocument, type UserRowFragment } from "../gql/graphql";
import { Modal } from "../ui/Modal";
import { Confirm } from "./parts";

export function ResetPassword(props: { user: UserRowFragment; onClose(): void }) {
  const { user } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const who = user.name ?? user.email;

  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      setPassword((await request(ResetPasswordDocument, { id: user.id })).resetPassword.temporaryPassword);
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  if (password === null) {
    return (
      <Confirm title={`Reset ${who}'s password?`} confirm="Reset password" busy={busy} error={error} onConfirm={reset} onCancel={props.onClose}>
        <p>
          {user.email} gets a new temporary password and is signed out everywhere at once. You will see the password once, to pass on to them.
        </p>
      </Confirm>
    );
  }
  return (
    <Modal title={`${who}'s temporary password`} onClose={props.onClose}>
      <p>
        Pass this on to {who}; it is shown only now. They are signed out everywhere and sign in with it, then choose their own.
      </p>
      <p>
        <output aria-label="Temporary password" className="temporary-password">
          {password}
        </output>
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onClose} autoFocus>
          Done
        </button>
      </div>
    </Modal>
  );
}
