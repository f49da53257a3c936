// Sections: the site's tree (each section under its parent) with each one's default ads policy.
// Admins add, rename, move and delete them; everyone else reads the tree.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { CreateSectionDocument, DeleteSectionDocument, SettingsSectionsDocument, UpdateSectionDocument, type AdsPolicy, type SectionSettingsFragment } from "../gql/graphql";
import { slugify } from "../story/form";
import { ADS_POLICY_WORDS, sectionAndBelow, sectionBranches, sectionTree, type SectionBranch } from "./forms";
import { useKeptForm } from "./kept";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";

type Section = SectionSettingsFragment;

interface SectionForm {
  name: string;
  slug: string;
  parent: string;
  adsPolicy: AdsPolicy | "";
}

const LABELS: Record<string, string> = { name: "Name", slug: "Slug", parent: "Parent", adsPolicy: "Default ads policy" };
const POLICIES = Object.keys(ADS_POLICY_WORDS) as AdsPolicy[];

function sectionForm(section: Section | null): SectionForm {
  return { name: section?.name ?? "", slug: section?.slug ?? "", parent: section?.parent?.slug ?? "", adsPolicy: section?.adsPolicy ?? "" };
}

function SectionTree(props: { sections: Section[]; admin: boolean; selected: string | null; onPick(slug: string): void }) {
  const render = (branches: SectionBranch<Section>[], label?: string) => (
    <ul aria-label={label} className="section-tree">
      {branches.map(({ section, children }) => (
        <li key={section.slug}>
          <span className="section-name">
            {props.admin ? (
              <button type="button" aria-current={section.slug === props.selected ? "true" : undefined} onClick={() => props.onPick(section.slug)}>
                {section.name}
              </button>
            ) : (
              <strong>{section.name}</strong>
            )}{" "}
            <small className="hint">
              /{section.slug} · ads: {section.adsPolicy ? ADS_POLICY_WORDS[section.adsPolicy] : "not set (normal)"}
            </small>
          </span>
          {children.length > 0 && render(children)}
        </li>
      ))}
    </ul>
  );
  return render(sectionBranches(sectionTree(props.sections)), "Sections");
}

function SectionEditor(props: { section: Section | null; sections: Section[]; onSaved(section: Section): void; onDeleted(slug: string): void; onReload(): void }) {
  const { section } = props;
  const kept = useKeptForm<SectionForm>(`section:${section?.slug ?? "new"}`, sectionForm(section), section?.version ?? 0);
  const saving = useSaving();
  const [slugTouched, setSlugTouched] = useState(Boolean(section));
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const { form } = kept;
  const change = (patch: Partial<SectionForm>) => kept.change((current) => ({ ...current, ...patch }));
  const below = useMemo(() => (section ? sectionAndBelow(props.sections, section.slug) : new Set<string>()), [section, props.sections]);
  const parents = sectionTree(props.sections).filter(({ section: one }) => !below.has(one.slug));

  const save = (version: number) =>
    saving.run(async () => {
      const common = { name: form.name.trim(), parent: form.parent || null, adsPolicy: form.adsPolicy || null };
      const answer = section
        ? (await request(UpdateSectionDocument, { slug: section.slug, ...common, expectedVersion: version })).updateSection
        : (await request(CreateSectionDocument, { slug: form.slug.trim(), ...common })).createSection;
      kept.saved(sectionForm(answer), answer.version);
      props.onSaved(answer);
    }, form.name.trim() ? {} : { name: "required" });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(kept.baseVersion);
  };
  const remove = async () => {
    if (!section) return;
    try {
      await request(DeleteSectionDocument, { slug: section.slug });
      props.onDeleted(section.slug);
    } catch (failure) {
      setDeleteError(plainWords(failure));
    }
  };

  return (
    <form aria-label={section ? `Section ${section.name}` : "New section"} className="settings-form" onSubmit={submit}>
      <h3>{section ? section.name : "New section"}</h3>
      {kept.restored && (
        <p role="status" className="notice">
          Your unsaved changes to this section were kept in this browser. Save them, or discard them.
        </p>
      )}
      <Field label="Name" error={saving.errors.name}>
        {(a11y) => (
          <input {...a11y} required value={form.name} onChange={(e) => change(slugTouched ? { name: e.target.value } : { name: e.target.value, slug: slugify(e.target.value) })} />
        )}
      </Field>
      <Field label="Slug" error={saving.errors.slug} hint={section ? "A section's address does not change." : "The section's address on the site."}>
        {(a11y) => (
          <input
            {...a11y}
            required
            readOnly={Boolean(section)}
            value={form.slug}
            onChange={(e) => {
              setSlugTouched(true);
              change({ slug: e.target.value });
            }}
          />
        )}
      </Field>
      <Field label="Parent" error={saving.errors.parent}>
        {(a11y) => (
          <select {...a11y} value={form.parent} onChange={(e) => change({ parent: e.target.value })}>
            <option value="">(top level)</option>
            {parents.map(({ section: one, depth }) => (
              <option key={one.slug} value={one.slug}>
                {"\u2003".repeat(depth)}
                {one.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Default ads policy" error={saving.errors.adsPolicy} hint="For its stories that set none.">
        {(a11y) => (
          <select {...a11y} value={form.adsPolicy} onChange={(e) => change({ adsPolicy: e.target.value as AdsPolicy | "" })}>
            {(!section || !section.adsPolicy) && <option value="">Not set (normal)</option>}
            {POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {ADS_POLICY_WORDS[policy]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SaveProblem
        saving={saving}
        noun="section"
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
          {section ? "Save section" : "Create section"}
        </button>
        {kept.dirty && section && (
          <button type="button" onClick={() => kept.discard(sectionForm(section), section.version)}>
            Discard changes
          </button>
        )}
        {section && (
          <button type="button" onClick={() => setDeleting(true)}>
            Delete section
          </button>
        )}
      </div>
      {deleting && section && (
        <Confirm title={`Delete ${section.name}?`} confirm="Delete section" error={deleteError} onConfirm={remove} onCancel={() => setDeleting(false)}>
          <p>A section that still holds stories cannot be deleted; move them first.</p>
        </Confirm>
      )}
    </form>
  );
}

export function SectionsSettings({ admin }: { admin: boolean }) {
  const [sections, setSections] = useState<Section[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [params, setParams] = useSearchParams();
  const selected = params.get("section");

  const load = useCallback(() => {
    request(SettingsSectionsDocument)
      .then(({ sections }) => {
        setSections(sections);
        setGeneration((n) => n + 1);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  useEffect(load, [load]);

  const pick = (slug: string | null) => setParams(slug ? { section: slug } : {}, { replace: true });
  const section = sections?.find((one) => one.slug === selected) ?? null;

  return (
    <section aria-labelledby="sections-heading" className="settings-page settings-split">
      <div>
        <h2 id="sections-heading">Sections</h2>
        {!admin && (
          <p role="note" className="hint">
            Only admins change sections.
          </p>
        )}
        <Messages error={error} />
        {sections && <SectionTree sections={sections} admin={admin} selected={selected} onPick={pick} />}
        {admin && (
          <button type="button" onClick={() => pick("new")}>
            New section
          </button>
        )}
      </div>
      {admin && sections && (selected === "new" || section) && (
        <SectionEditor
          key={`${selected}:${generation}`}
          section={section}
          sections={sections}
          onReload={load}
          onSaved={(saved) => {
            setSections((list) => [...(list ?? []).filter((one) => one.slug !== saved.slug), saved]);
            pick(saved.slug);
          }}
          onDeleted={(slug) => {
            setSections((list) => (list ?? []).filter((one) => one.slug !== slug));
            pick(null);
          }}
        />
      )}
    </section>
  );
}
