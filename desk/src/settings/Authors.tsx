// Authors: the profiles bylines name (name, slug, title, location, email, bio, social links,
// avatar). Admins change them; everyone else reads them.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { CreateAuthorDocument, DeleteAuthorDocument, SettingsAuthorsDocument, UpdateAuthorDocument, type AuthorInput, type AuthorSettingsFragment } from "../gql/graphql";
import { PictureChooserDialog } from "../pictures/PictureChooser";
import { slugify } from "../story/form";
import { authorForm, authorInput, EMPTY_AUTHOR, type AuthorForm } from "./authorForm";
import { useKeptForm } from "./kept";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";

const LABELS: Record<string, string> = { name: "Name", slug: "Slug", title: "Title", location: "Location", email: "Email", bio: "Bio", socialLinks: "Social links", avatarId: "Avatar" };

function SocialLinks(props: { links: AuthorForm["socialLinks"]; error?: string | undefined; onChange(links: AuthorForm["socialLinks"]): void }) {
  const { links } = props;
  const set = (index: number, patch: Partial<AuthorForm["socialLinks"][number]>) =>
    props.onChange(links.map((link, at) => (at === index ? { ...link, ...patch } : link)));
  return (
    <fieldset className="social-links">
      <legend>Social links</legend>
      {links.map((link, index) => (
        <div key={index} className="social-link">
          <label>
            Network
            <input value={link.network} placeholder="Mastodon" onChange={(e) => set(index, { network: e.target.value })} />
          </label>
          <label>
            Address
            <input type="url" value={link.url} placeholder="https://" onChange={(e) => set(index, { url: e.target.value })} />
          </label>
          <button type="button" aria-label={`Remove social link ${index + 1}`} onClick={() => props.onChange(links.filter((_, at) => at !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => props.onChange([...links, { network: "", url: "" }])}>
        Add social link
      </button>
      {props.error && <small className="field-error">{props.error}</small>}
    </fieldset>
  );
}

function AuthorEditor(props: { author: AuthorSettingsFragment | null; admin: boolean; onSaved(author: AuthorSettingsFragment): void; onDeleted(id: string): void; onReload(): void }) {
  const { author, admin } = props;
  const kept = useKeptForm<AuthorForm>(`author:${author?.id ?? "new"}`, author ? authorForm(author) : EMPTY_AUTHOR, author?.version ?? 0);
  const saving = useSaving();
  const [slugTouched, setSlugTouched] = useState(Boolean(author));
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  const { form } = kept;
  const change = (patch: Partial<AuthorForm>) => kept.change((current) => ({ ...current, ...patch }));

  const save = (version: number) =>
    saving.run(async () => {
      const input: AuthorInput = authorInput(form);
      const answer = author
        ? (await request(UpdateAuthorDocument, { id: author.id, input, expectedVersion: version })).updateAuthor
        : (await request(CreateAuthorDocument, { input })).createAuthor;
      kept.saved(authorForm(answer), answer.version);
      props.onSaved(answer);
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(kept.baseVersion);
  };
  const remove = async () => {
    if (!author) return;
    try {
      await request(DeleteAuthorDocument, { id: author.id });
      props.onDeleted(author.id);
    } catch (failure) {
      setDeleteError(plainWords(failure));
    }
  };

  return (
    <form aria-label={author ? `Author ${author.name}` : "New author"} className="settings-form" onSubmit={submit}>
      <h3>{author ? author.name : "New author"}</h3>
      {!admin && (
        <p role="note" className="hint">
          Only admins change authors.
        </p>
      )}
      {kept.restored && (
        <p role="status" className="notice">
          Your unsaved changes to this author were kept in this browser. Save them, or discard them.
        </p>
      )}
      <fieldset disabled={!admin} className="plain">
        <Field label="Name" error={saving.errors.name}>
          {(a11y) => (
            <input
              {...a11y}
              required
              value={form.name}
              onChange={(e) => change(slugTouched ? { name: e.target.value } : { name: e.target.value, slug: slugify(e.target.value) })}
            />
          )}
        </Field>
        <Field label="Slug" error={saving.errors.slug} hint="The author's address on the site.">
          {(a11y) => (
            <input
              {...a11y}
              required
              value={form.slug}
              onChange={(e) => {
                setSlugTouched(true);
                change({ slug: e.target.value });
              }}
            />
          )}
        </Field>
        <Field label="Title" error={saving.errors.title} hint="Such as “Washington correspondent”.">
          {(a11y) => <input {...a11y} value={form.title} onChange={(e) => change({ title: e.target.value })} />}
        </Field>
        <Field label="Location" error={saving.errors.location}>
          {(a11y) => <input {...a11y} value={form.location} onChange={(e) => change({ location: e.target.value })} />}
        </Field>
        <Field label="Email" error={saving.errors.email}>
          {(a11y) => <input {...a11y} type="email" value={form.email} onChange={(e) => change({ email: e.target.value })} />}
        </Field>
        <Field label="Bio" error={saving.errors.bio}>
          {(a11y) => <textarea {...a11y} rows={4} value={form.bio} onChange={(e) => change({ bio: e.target.value })} />}
        </Field>
        <div className="field avatar">
          <span className="field-label">Avatar</span>
          {form.avatar ? (
            <img src={form.avatar.url} alt={form.avatar.altText ?? `Portrait of ${form.name}`} width={96} />
          ) : (
            <small className="hint">No avatar.</small>
          )}
          {admin && (
            <span className="row-actions">
              <button type="button" onClick={() => setChoosing(true)}>
                {form.avatar ? "Change avatar" : "Choose avatar"}
              </button>
              {form.avatar && (
                <button type="button" onClick={() => change({ avatar: null })}>
                  Remove avatar
                </button>
              )}
            </span>
          )}
          {saving.errors.avatarId && <small className="field-error">{saving.errors.avatarId}</small>}
        </div>
        {admin && <SocialLinks links={form.socialLinks} error={saving.errors.socialLinks} onChange={(socialLinks) => change({ socialLinks })} />}
        {!admin && author && author.socialLinks.length > 0 && (
          <ul aria-label="Social links">
            {author.socialLinks.map((link) => (
              <li key={link.url}>
                {link.network}: {link.url}
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {admin && (
        <>
          <SaveProblem
            saving={saving}
            noun="author"
            labels={LABELS}
            onKeepMine={(version) => {
              kept.rebase(version);
              void save(version);
            }}
            onTakeTheirs={() => {
              saving.clear();
              kept.discard(form, kept.baseVersion);
              props.onReload();
            }}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={saving.busy}>
              {author ? "Save author" : "Create author"}
            </button>
            {kept.dirty && author && (
              <button type="button" onClick={() => kept.discard(authorForm(author), author.version)}>
                Discard changes
              </button>
            )}
            {author && (
              <button type="button" onClick={() => setDeleting(true)}>
                Delete author
              </button>
            )}
          </div>
        </>
      )}
      {choosing && (
        <PictureChooserDialog
          title="Avatar"
          onDone={(asset) => {
            setChoosing(false);
            if (asset) change({ avatar: { id: asset.id, url: asset.url, altText: asset.altText } });
          }}
        />
      )}
      {deleting && author && (
        <Confirm title={`Delete ${author.name}?`} confirm="Delete author" error={deleteError} onConfirm={remove} onCancel={() => setDeleting(false)}>
          <p>The profile goes. An author still named in bylines cannot be deleted.</p>
        </Confirm>
      )}
    </form>
  );
}

export function AuthorsSettings({ admin }: { admin: boolean }) {
  const [authors, setAuthors] = useState<AuthorSettingsFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [params, setParams] = useSearchParams();
  const selected = params.get("author");

  const load = useCallback(() => {
    request(SettingsAuthorsDocument)
      .then(({ authors }) => {
        setAuthors([...authors].sort((a, b) => a.name.localeCompare(b.name)));
        setGeneration((n) => n + 1);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  useEffect(load, [load]);

  const pick = (id: string | null) => setParams(id ? { author: id } : {}, { replace: true });
  const author = authors?.find((one) => one.id === selected) ?? null;
  const editing = selected === "new" || author !== null;

  return (
    <section aria-labelledby="authors-heading" className="settings-page settings-split">
      <div>
        <h2 id="authors-heading">Authors</h2>
        <Messages error={error} />
        {authors && (
          <ul className="settings-list" aria-label="Authors">
            {authors.map((one) => (
              <li key={one.id}>
                <button type="button" aria-current={one.id === selected ? "true" : undefined} onClick={() => pick(one.id)}>
                  {one.name}
                </button>
                {one.title && <small className="hint"> {one.title}</small>}
              </li>
            ))}
          </ul>
        )}
        {admin && (
          <button type="button" onClick={() => pick("new")}>
            New author
          </button>
        )}
      </div>
      {editing && authors && (
        <AuthorEditor
          key={`${selected}:${generation}`}
          author={author}
          admin={admin}
          onReload={load}
          onSaved={(saved) => {
            setAuthors((list) => [...(list ?? []).filter((one) => one.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name)));
            pick(saved.id);
          }}
          onDeleted={(id) => {
            setAuthors((list) => (list ?? []).filter((one) => one.id !== id));
            pick(null);
          }}
        />
      )}
    </section>
  );
}
