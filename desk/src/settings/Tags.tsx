// Tags: the newsroom's topics, places and people, with how many stories name each. Editors and
// admins rename a tag (stories keep naming its slug) or merge it into another (every story is
// retagged, and the old tag page leads to the new one); writers read the list.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { MergeTagsDocument, RenameTagDocument, SettingsTagsDocument, type TagSettingsFragment } from "../gql/graphql";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";

type Tag = TagSettingsFragment;

const LABELS: Record<string, string> = { name: "Name", into: "Merge into", tags: "Tag" };

function TagEditor(props: { tag: Tag; onRenamed(tag: Tag): void; onMerged(into: Tag, stories: number): void; onReload(): void }) {
  const { tag } = props;
  const [name, setName] = useState(tag.name);
  const [version, setVersion] = useState(tag.version);
  const [into, setInto] = useState("");
  const [merging, setMerging] = useState(false);
  const saving = useSaving();
  const merge = useSaving();

  const rename = (expected: number) =>
    saving.run(async () => {
      const answer = (await request(RenameTagDocument, { slug: tag.slug, name: name.trim(), expectedVersion: expected })).renameTag;
      setVersion(answer.version);
      props.onRenamed(answer);
    }, name.trim() ? {} : { name: "required" });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void rename(version);
  };
  const confirmMerge = async () => {
    const done = await merge.run(async () => {
      const answer = (await request(MergeTagsDocument, { tags: [tag.slug], into: into.trim() })).mergeTags;
      props.onMerged(answer.tag, answer.storyCount);
    });
    if (!done) setMerging(false);
  };

  return (
    <div className="settings-form">
      <form aria-label={`Tag ${tag.name}`} onSubmit={submit}>
        <h3>{tag.name}</h3>
        <p className="hint">
          /{tag.slug} · named by {tag.storyCount} {tag.storyCount === 1 ? "story" : "stories"}
        </p>
        <Field label="Name" error={saving.errors.name} hint="What readers see. Stories keep naming the tag by its slug.">
          {(a11y) => <input {...a11y} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <SaveProblem
          saving={saving}
          noun="tag"
          labels={LABELS}
          onKeepMine={(current) => {
            setVersion(current);
            void rename(current);
          }}
          onTakeTheirs={() => {
            saving.clear();
            props.onReload();
          }}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={saving.busy}>
            Rename tag
          </button>
        </div>
      </form>
      <form
        aria-label={`Merge ${tag.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          merge.clear();
          if (into.trim()) setMerging(true);
        }}
      >
        <Field label="Merge into" error={merge.errors.into} hint="Another tag's slug, or a new one: every story naming this tag will name that one instead.">
          {(a11y) => <input {...a11y} required value={into} onChange={(e) => setInto(e.target.value)} />}
        </Field>
        {!merging && <SaveProblem saving={merge} noun="tag" labels={LABELS} onKeepMine={() => setMerging(true)} onTakeTheirs={props.onReload} />}
        <div className="actions">
          <button type="submit" disabled={merge.busy}>
            Merge tag
          </button>
        </div>
      </form>
      {merging && (
        <Confirm title={`Merge ${tag.name} into ${into.trim()}?`} confirm="Merge tag" busy={merge.busy} error={merge.message} onConfirm={() => void confirmMerge()} onCancel={() => setMerging(false)}>
          <p>
            The {tag.storyCount} {tag.storyCount === 1 ? "story" : "stories"} naming {tag.name} will name {into.trim()} instead, and {tag.name} will be gone. Its old tag page will lead to the new one.
          </p>
        </Confirm>
      )}
    </div>
  );
}

export function TagsSettings({ canEdit }: { canEdit: boolean }) {
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [params, setParams] = useSearchParams();
  const selected = params.get("tag");
  const search = params.get("search") ?? "";

  const load = useCallback(() => {
    request(SettingsTagsDocument, { search: search.trim() || null })
      .then(({ tags: page }) => {
        setTags(page.edges.map((edge) => edge.node));
        setMore(page.pageInfo.hasNextPage);
        setGeneration((n) => n + 1);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, [search]);
  useEffect(load, [load]);

  const pick = (slug: string | null) => {
    const next = new URLSearchParams(params);
    if (slug) next.set("tag", slug);
    else next.delete("tag");
    setParams(next, { replace: true });
  };
  const tag = tags?.find((one) => one.slug === selected) ?? null;

  return (
    <section aria-labelledby="tags-heading" className="settings-page settings-split">
      <div>
        <h2 id="tags-heading">Tags</h2>
        {!canEdit && (
          <p role="note" className="hint">
            Only editors and admins rename and merge tags. A new tag is made by typing it on a story.
          </p>
        )}
        <label>
          Find tags{" "}
          <input type="search" value={search} onChange={(e) => setParams(e.target.value ? { search: e.target.value } : {}, { replace: true })} />
        </label>
        <Messages error={error} notice={notice} />
        {tags && tags.length === 0 && <p className="hint">No tags{search ? " match" : " yet"}.</p>}
        {tags && (
          <ul aria-label="Tags" className="section-tree">
            {tags.map((one) => (
              <li key={one.slug}>
                {canEdit ? (
                  <button type="button" aria-current={one.slug === selected ? "true" : undefined} onClick={() => pick(one.slug)}>
                    {one.name}
                  </button>
                ) : (
                  <strong>{one.name}</strong>
                )}{" "}
                <small className="hint">
                  /{one.slug} · {one.storyCount} {one.storyCount === 1 ? "story" : "stories"}
                </small>
              </li>
            ))}
          </ul>
        )}
        {more && <p className="hint">The first 100 are shown: narrow the search to find others.</p>}
      </div>
      {canEdit && tag && (
        <TagEditor
          key={`${tag.slug}:${generation}`}
          tag={tag}
          onReload={load}
          onRenamed={(renamed) => setTags((list) => (list ?? []).map((one) => (one.slug === renamed.slug ? renamed : one)))}
          onMerged={(target, stories) => {
            setNotice(`Merged ${tag.name} into ${target.name}: ${stories} ${stories === 1 ? "story" : "stories"} retagged.`);
            pick(target.slug);
            load();
          }}
        />
      )}
    </section>
  );
}
