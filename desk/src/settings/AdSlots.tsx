// Ad slots (admins): each slot's code, ad unit path, sizes, size mapping, targeting, placement
// rule, page-level placement and brand-safe flag, with a preview of where the rules would put ads in a sample story, the
// unsaved edit included.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { plainWords } from "../api/errors";
import { CreateAdSlotDocument, DeleteAdSlotDocument, SettingsAdSlotsDocument, SettingsSectionsDocument, UpdateAdSlotDocument, type AdSlotSettingsFragment, type SectionSettingsFragment } from "../gql/graphql";
import { AdPreview } from "./AdPreview";
import { adSlotForm, adSlotInput, chosen, EMPTY_AD_SLOT, OUT_OF_PAGE_FORMATS, PAGE_KINDS, PAGE_POSITIONS, sectionTree, type AdSlotForm } from "./forms";
import { useKeptForm } from "./kept";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";

type Slot = AdSlotSettingsFragment;

const LABELS: Record<string, string> = {
  code: "Code",
  name: "Name",
  adUnitPath: "Ad unit path",
  sizes: "Sizes",
  targeting: "Targeting",
  placement: "Placement rule",
  page: "Page-level ad",
  sizeMapping: "Size mapping",
  enabled: "Enabled",
  brandSafe: "Brand-safe",
};

function Numeric(props: { label: string; value: string; error?: string | undefined; hint?: string; onChange(value: string): void }) {
  return (
    <Field label={props.label} error={props.error} {...(props.hint ? { hint: props.hint } : {})}>
      {(a11y) => <input {...a11y} inputMode="numeric" size={4} value={props.value} onChange={(e) => props.onChange(e.target.value)} />}
    </Field>
  );
}

function SlotEditor(props: { slot: Slot | null; sections: SectionSettingsFragment[]; onSaved(slot: Slot): void; onDeleted(id: string): void; onReload(): void }) {
  const { slot } = props;
  const kept = useKeptForm<AdSlotForm>(`ad-slot:${slot?.id ?? "new"}`, slot ? adSlotForm(slot) : EMPTY_AD_SLOT, slot?.version ?? 0);
  const saving = useSaving();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const { form } = kept;
  const change = (patch: Partial<AdSlotForm>) => kept.change((current) => ({ ...current, ...patch }));
  const errors = saving.errors;

  const save = (version: number) => {
    const { input, errors: local } = adSlotInput(form);
    return saving.run(async () => {
      const answer = slot
        ? (await request(UpdateAdSlotDocument, { id: slot.id, input, expectedVersion: version })).updateAdSlot
        : (await request(CreateAdSlotDocument, { input })).createAdSlot;
      kept.saved(adSlotForm(answer), answer.version);
      props.onSaved(answer);
    }, local);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(kept.baseVersion);
  };
  const remove = async () => {
    if (!slot) return;
    try {
      await request(DeleteAdSlotDocument, { id: slot.id });
      props.onDeleted(slot.id);
    } catch (failure) {
      setDeleteError(plainWords(failure));
    }
  };
  const toggleSection = (slug: string, on: boolean) =>
    change({ sections: on ? [...form.sections, slug] : form.sections.filter((one) => one !== slug) });
  const togglePageSection = (slug: string, on: boolean) =>
    change({ pageSections: on ? [...form.pageSections, slug] : form.pageSections.filter((one) => one !== slug) });

  return (
    <div className="ad-slot-editor">
      <form aria-label={slot ? `Ad slot ${slot.code}` : "New ad slot"} className="settings-form" onSubmit={submit}>
        <h3>{slot ? `${slot.name} (${slot.code})` : "New ad slot"}</h3>
        {kept.restored && (
          <p role="status" className="notice">
            Your unsaved changes to this ad slot were kept in this browser. Save them, or discard them.
          </p>
        )}
        <Field label="Code" error={errors.code} hint="Lowercase letters, digits and hyphens; editors place the slot by it.">
          {(a11y) => <input {...a11y} required value={form.code} onChange={(e) => change({ code: e.target.value })} />}
        </Field>
        <Field label="Name" error={errors.name}>
          {(a11y) => <input {...a11y} required value={form.name} onChange={(e) => change({ name: e.target.value })} />}
        </Field>
        <Field label="Ad unit path" error={errors.adUnitPath} hint="As in Google Publisher Tag: /NETWORK/section/slot.">
          {(a11y) => <input {...a11y} required value={form.adUnitPath} onChange={(e) => change({ adUnitPath: e.target.value })} />}
        </Field>
        <Field label="Sizes" error={errors.sizes} hint="Width x height, separated by commas: 300x250, 728x90.">
          {(a11y) => <input {...a11y} value={form.sizes} onChange={(e) => change({ sizes: e.target.value })} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.fluid} onChange={(e) => change({ fluid: e.target.checked })} /> Fluid (the ad server's flexible size)
        </label>
        <Field label="Size mapping" error={errors.sizeMapping} hint="One browser size a line, the slot's sizes it asks for: 1024x768: 970x250, 728x90 · 0x0: 320x50 (or fluid, or none). Empty: every size everywhere.">
          {(a11y) => <textarea {...a11y} rows={3} value={form.sizeMapping} onChange={(e) => change({ sizeMapping: e.target.value })} />}
        </Field>
        <Field label="Targeting" error={errors.targeting} hint="One key a line: topic=news, politics.">
          {(a11y) => <textarea {...a11y} rows={3} value={form.targeting} onChange={(e) => change({ targeting: e.target.value })} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} /> Enabled
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={form.brandSafe} onChange={(e) => change({ brandSafe: e.target.checked })} /> Brand-safe (may run on sensitive stories)
        </label>
        <fieldset className="placement" aria-describedby={errors.placement ? "placement-error" : undefined}>
          <legend>Placement rule</legend>
          <p className="hint">Leave “after paragraph” and “every” empty for a slot editors place by hand.</p>
          <div className="numbers">
            <Numeric label="After paragraph" value={form.afterParagraph} error={errors.afterParagraph} onChange={(afterParagraph) => change({ afterParagraph })} />
            <Numeric label="Every N paragraphs" value={form.everyParagraphs} error={errors.everyParagraphs} onChange={(everyParagraphs) => change({ everyParagraphs })} />
            <Numeric label="Starting after paragraph" value={form.startAfter} error={errors.startAfter} onChange={(startAfter) => change({ startAfter })} />
            <Numeric label="At most per story" value={form.maxPerArticle} error={errors.maxPerArticle} onChange={(maxPerArticle) => change({ maxPerArticle })} />
            <Numeric label="Minimum distance" hint="Fewest blocks between the ad and a picture, embed, quote or other ad." value={form.minDistance} error={errors.minDistance} onChange={(minDistance) => change({ minDistance })} />
          </div>
          <fieldset className="plain">
            <legend>Only in sections (none ticked: all)</legend>
            {sectionTree(props.sections).map(({ section, depth }) => (
              <label key={section.slug} className="checkbox" style={{ marginInlineStart: `${depth * 1.2}em` }}>
                <input type="checkbox" checked={form.sections.includes(section.slug)} onChange={(e) => toggleSection(section.slug, e.target.checked)} /> {section.name}
              </label>
            ))}
          </fieldset>
          {errors.placement && (
            <small id="placement-error" className="field-error">
              {errors.placement}
            </small>
          )}
        </fieldset>
        <fieldset className="placement" aria-describedby={errors.page ? "page-error" : undefined}>
          <legend>Page-level ad</legend>
          <p className="hint">A leaderboard, a rail or an interstitial for a whole page. Leave “Where on the page” empty for a slot in story bodies.</p>
          <Field label="Where on the page">
            {(a11y) => (
              <select {...a11y} value={form.pagePosition} onChange={(e) => change({ pagePosition: chosen(PAGE_POSITIONS, e.target.value) })}>
                <option value="">Not on whole pages</option>
                {PAGE_POSITIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.words}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.pagePosition === "OUT_OF_PAGE" && (
            <Field label="Out-of-page format">
              {(a11y) => (
                <select {...a11y} value={form.outOfPageFormat} onChange={(e) => change({ outOfPageFormat: chosen(OUT_OF_PAGE_FORMATS, e.target.value) })}>
                  <option value="">Plain out-of-page slot</option>
                  {OUT_OF_PAGE_FORMATS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.words}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <fieldset className="plain">
            <legend>On</legend>
            {PAGE_KINDS.map((kind) => (
              <label key={kind.value} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.pages.includes(kind.value)}
                  onChange={(e) => change({ pages: e.target.checked ? [...form.pages, kind.value] : form.pages.filter((one) => one !== kind.value) })}
                />{" "}
                {kind.words}
              </label>
            ))}
          </fieldset>
          <fieldset className="plain">
            <legend>Only on pages of sections (none ticked: all)</legend>
            {sectionTree(props.sections).map(({ section, depth }) => (
              <label key={section.slug} className="checkbox" style={{ marginInlineStart: `${depth * 1.2}em` }}>
                <input type="checkbox" checked={form.pageSections.includes(section.slug)} onChange={(e) => togglePageSection(section.slug, e.target.checked)} /> {section.name}
              </label>
            ))}
          </fieldset>
          {errors.page && (
            <small id="page-error" className="field-error">
              {errors.page}
            </small>
          )}
        </fieldset>
        <SaveProblem
          saving={saving}
          noun="ad slot"
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
            {slot ? "Save ad slot" : "Create ad slot"}
          </button>
          {kept.dirty && slot && (
            <button type="button" onClick={() => kept.discard(adSlotForm(slot), slot.version)}>
              Discard changes
            </button>
          )}
          {slot && (
            <button type="button" onClick={() => setDeleting(true)}>
              Delete ad slot
            </button>
          )}
        </div>
        {deleting && slot && (
          <Confirm title={`Delete ad slot ${slot.code}?`} confirm="Delete ad slot" error={deleteError} onConfirm={remove} onCancel={() => setDeleting(false)}>
            <p>Rules stop placing it at once; ads editors placed by hand with this code stop showing.</p>
          </Confirm>
        )}
      </form>
      <AdPreview form={form} slotId={slot?.id ?? null} />
    </div>
  );
}

export function AdSlotsSettings() {
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [sections, setSections] = useState<SectionSettingsFragment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [params, setParams] = useSearchParams();
  const selected = params.get("slot");

  const load = useCallback(() => {
    Promise.all([request(SettingsAdSlotsDocument), request(SettingsSectionsDocument)])
      .then(([answer, directory]) => {
        setSlots(answer.adSlots);
        setSections(directory.sections);
        setGeneration((n) => n + 1);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  useEffect(load, [load]);

  const pick = (id: string | null) => setParams(id ? { slot: id } : {}, { replace: true });
  const slot = slots?.find((one) => one.id === selected) ?? null;

  return (
    <section aria-labelledby="ad-slots-heading" className="settings-page settings-split">
      <div>
        <h2 id="ad-slots-heading">Ad slots</h2>
        <Messages error={error} />
        {slots && (
          <ul className="settings-list" aria-label="Ad slots">
            {slots.map((one) => (
              <li key={one.id}>
                <button type="button" aria-current={one.id === selected ? "true" : undefined} onClick={() => pick(one.id)}>
                  {one.name}
                </button>{" "}
                <small className="hint">
                  {one.code}
                  {one.enabled ? "" : " · disabled"}
                  {one.brandSafe ? " · brand-safe" : ""}
                </small>
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={() => pick("new")}>
          New ad slot
        </button>
      </div>
      {slots && (selected === "new" || slot) && (
        <SlotEditor
          key={`${selected}:${generation}`}
          slot={slot}
          sections={sections}
          onReload={load}
          onSaved={(saved) => {
            setSlots((list) => [...(list ?? []).filter((one) => one.id !== saved.id), saved].sort((a, b) => a.code.localeCompare(b.code)));
            pick(saved.id);
          }}
          onDeleted={(id) => {
            setSlots((list) => (list ?? []).filter((one) => one.id !== id));
            pick(null);
          }}
        />
      )}
    </section>
  );
}
