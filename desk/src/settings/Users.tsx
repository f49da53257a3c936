// Users (admins only): every account with its role, a new account, a changed role, a deleted
// account (asked first), and a password reset whose temporary password is shown once.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { isCode, plainWords } from "../api/errors";
import { CreateUserDocument, DeleteUserDocument, SettingsUsersDocument, UpdateUserDocument, type Role, type UserRowFragment } from "../gql/graphql";
import { useUser } from "../session";
import { useKeptForm } from "./kept";
import { ResetPassword } from "./ResetPassword";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";

const ROLES: { role: Role; words: string }[] = [
  { role: "WRITER", words: "Writer" },
  { role: "EDITOR", words: "Editor" },
  { role: "ADMIN", words: "Admin" },
];

const who = (user: UserRowFragment) => user.name ?? user.email;

interface NewUser {
  email: string;
  name: string;
  role: Role;
}

const NO_USER: NewUser = { email: "", name: "", role: "WRITER" };

function NewUserForm({ onCreated }: { onCreated(user: UserRowFragment): void }) {
  // The password is not kept in the browser's storage: only what is safe to leave there is.
  const kept = useKeptForm<NewUser>("user:new", NO_USER, 0);
  const [password, setPassword] = useState("");
  const saving = useSaving();
  const { form } = kept;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await saving.run(async () => {
      const created = (await request(CreateUserDocument, { email: form.email, role: form.role, password, name: form.name.trim() || null })).createUser;
      kept.saved(NO_USER, 0);
      setPassword("");
      onCreated(created);
    });
  };
  return (
    <form aria-label="New user" className="settings-form" onSubmit={submit}>
      <h3>New user</h3>
      <Field label="Email" error={saving.errors.email}>
        {(a11y) => <input {...a11y} type="email" autoComplete="off" required value={form.email} onChange={(e) => kept.change({ ...form, email: e.target.value })} />}
      </Field>
      <Field label="Name" error={saving.errors.name}>
        {(a11y) => <input {...a11y} autoComplete="off" value={form.name} onChange={(e) => kept.change({ ...form, name: e.target.value })} />}
      </Field>
      <Field label="Role" error={saving.errors.role}>
        {(a11y) => (
          <select {...a11y} value={form.role} onChange={(e) => kept.change({ ...form, role: e.target.value as Role })}>
            {ROLES.map(({ role, words }) => (
              <option key={role} value={role}>
                {words}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Password" error={saving.errors.password} hint="At least 10 characters. Pass it on to them; they can change it after signing in.">
        {(a11y) => <input {...a11y} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <SaveProblem saving={saving} noun="user" onKeepMine={() => undefined} onTakeTheirs={() => undefined} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving.busy}>
          Create user
        </button>
      </div>
    </form>
  );
}

function UserRow(props: { user: UserRowFragment; me: boolean; onChanged(user: UserRowFragment): void; onDelete(): void; onReset(): void; onReload(): void }) {
  const { user } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changeRole = async (role: Role) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged((await request(UpdateUserDocument, { id: user.id, role, expectedVersion: user.version })).updateUser);
    } catch (failure) {
      const conflict = isCode(failure, "CONFLICT");
      setError(conflict ? "Someone changed this user since you opened the list; it now shows their version. Choose again." : plainWords(failure));
      if (conflict) props.onReload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <th scope="row">{who(user)}</th>
      <td>{user.email}</td>
      <td>
        <select aria-label={`Role of ${user.email}`} value={user.role} disabled={busy || props.me} onChange={(e) => changeRole(e.target.value as Role)}>
          {ROLES.map(({ role, words }) => (
            <option key={role} value={role}>
              {words}
            </option>
          ))}
        </select>
        {props.me && <small className="hint"> (you)</small>}
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </td>
      <td className="row-actions">
        <button type="button" onClick={props.onReset} aria-label={`Reset password of ${user.email}`}>
          Reset password
        </button>
        {!props.me && (
          <button type="button" onClick={props.onDelete} aria-label={`Delete ${user.email}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

export function UsersSettings() {
  const me = useUser();
  const [users, setUsers] = useState<UserRowFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<UserRowFragment | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [resetting, setResetting] = useState<UserRowFragment | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    request(SettingsUsersDocument)
      .then(({ users }) => {
        setUsers(users);
        setError(null);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  useEffect(load, [load]);

  const replace = (user: UserRowFragment) => setUsers((list) => (list ?? []).map((one) => (one.id === user.id ? user : one)));
  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    setDeleteError(null);
    try {
      await request(DeleteUserDocument, { id: deleting.id });
      setUsers((list) => (list ?? []).filter((one) => one.id !== deleting.id));
      setDeleting(null);
    } catch (failure) {
      setDeleteError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="users-heading" className="settings-page">
      <h2 id="users-heading">Users</h2>
      <Messages error={error} notice={created} />
      {users && (
        <table className="settings-table" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                me={user.id === me.id}
                onChanged={replace}
                onReload={load}
                onReset={() => setResetting(user)}
                onDelete={() => {
                  setDeleteError(null);
                  setDeleting(user);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      <NewUserForm
        onCreated={(user) => {
          setUsers((list) => [...(list ?? []), user]);
          setCreated(`${who(user)} can now sign in as ${user.email}.`);
        }}
      />
      {deleting && (
        <Confirm title={`Delete ${who(deleting)}?`} confirm="Delete user" busy={busy} error={deleteError} onConfirm={remove} onCancel={() => setDeleting(null)}>
          <p>
            {deleting.email} will no longer be able to sign in, and their open sessions end now. Their stories stay. This cannot be undone.
          </p>
        </Confirm>
      )}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} />}
    </section>
  );
}
