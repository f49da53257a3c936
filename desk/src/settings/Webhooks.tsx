// Webhooks (admins only): the endpoints other systems are told of each change at, each with
// its address, description, event types and whether it is enabled (and why the server turned it
// off); a new endpoint's signing secret shown once; and each endpoint's recent deliveries with
// their attempts, a failed one sent again on request.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { request } from "../api/client";
import { isCode, plainWords } from "../api/errors";
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RedeliverWebhookDocument,
  SettingsWebhooksDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  type SettingsWebhooksQuery,
  type WebhookDeliveryRowFragment,
  type WebhookEndpointSettingsFragment,
} from "../gql/graphql";
import { useSession } from "../session";
import { Modal } from "../ui/Modal";
import { useRefresh } from "../util/useRefresh";
import { useKeptForm } from "./kept";
import { Confirm, Field, Messages, SaveProblem, useSaving } from "./parts";
import {
  attemptOutcome,
  canRedeliver,
  deliveryState,
  disabledBecause,
  EMPTY_WEBHOOK,
  formatDuration,
  formatMoment,
  toggleType,
  webhookChanges,
  webhookForm,
  webhookInput,
  type WebhookForm,
} from "./webhookForm";

type Endpoint = WebhookEndpointSettingsFragment;
type EventTypeInfo = SettingsWebhooksQuery["webhookEventTypes"][number];
type Delivery = WebhookDeliveryRowFragment;

const LABELS: Record<string, string> = { url: "URL", description: "Description", eventTypes: "Event types", enabled: "Enabled" };
/** How many of an endpoint's deliveries are listed, newest first. */
const RECENT = 20;

/** The signing secret of an endpoint just registered: shown now, never again. */
function SecretOnce(props: { url: string; secret: string; onClose(): void }) {
  const shown = useRef<HTMLOutputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied("Copied to the clipboard.");
    } catch {
      const range = document.createRange();
      if (shown.current) range.selectNodeContents(shown.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("This browser would not copy it: the secret is selected, press Ctrl+C.");
    }
  };
  return (
    <Modal title="The endpoint's signing secret" onClose={props.onClose}>
      <p>
        Give it to the receiver at {props.url}: it checks each delivery's <code>webhook-signature</code> header with it, with any Standard Webhooks library.
      </p>
      <p className="notice">
        <strong>You will not see this secret again.</strong> Copy it now. If it is lost, delete the endpoint and register it again for a new one.
      </p>
      <p>
        <output ref={shown} aria-label="Signing secret" className="temporary-password webhook-secret">
          {props.secret}
        </output>
      </p>
      <p role="status" className="hint">
        {copied}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()} autoFocus>
          Copy secret
        </button>
        <button type="button" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

function EventTypes(props: { types: EventTypeInfo[]; chosen: WebhookForm["eventTypes"]; error: string | undefined; disabled: boolean; onChange(chosen: WebhookForm["eventTypes"]): void }) {
  const id = useId();
  const order = props.types.map((one) => one.type);
  return (
    <fieldset className="event-types" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>Event types</legend>
      {props.types.map((one) => (
        <div key={one.type} className="event-type">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={props.chosen.includes(one.type)}
              disabled={props.disabled}
              aria-describedby={`${id}-${one.type}`}
              onChange={(e) => props.onChange(toggleType(props.chosen, one.type, e.target.checked, order))}
            />{" "}
            {one.name}
          </label>
          <small id={`${id}-${one.type}`} className="hint">
            {one.description}
          </small>
        </div>
      ))}
      {props.error && (
        <small id={`${id}-error`} className="field-error">
          {props.error}
        </small>
      )}
    </fieldset>
  );
}

function EndpointEditor(props: {
  endpoint: Endpoint | null;
  types: EventTypeInfo[];
  timeZone: string;
  onCreated(endpoint: Endpoint, secret: string): void;
  onSaved(endpoint: Endpoint): void;
  onDeleted(id: string): void;
  onReload(notice?: string): void;
}) {
  const { endpoint } = props;
  const kept = useKeptForm<WebhookForm>(`webhook:${endpoint?.id ?? "new"}`, endpoint ? webhookForm(endpoint) : EMPTY_WEBHOOK, endpoint?.version ?? 0);
  const saving = useSaving();
  const [confirming, setConfirming] = useState<"delete" | "disable" | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const { form } = kept;
  const readOnly = endpoint?.managed ?? false;
  const change = (patch: Partial<WebhookForm>) => kept.change((current) => ({ ...current, ...patch }));
  const when = (iso: string) => formatMoment(iso, props.timeZone);

  const save = (expected: number) => {
    const read = endpoint ? webhookChanges(form, endpoint) : webhookInput(form);
    return saving.run(async () => {
      if (!endpoint) {
        const created = (await request(CreateWebhookEndpointDocument, { input: webhookInput(form).input })).createWebhookEndpoint;
        kept.saved(EMPTY_WEBHOOK, 0);
        props.onCreated(created.endpoint, created.secret);
        return;
      }
      const updated = (await request(UpdateWebhookEndpointDocument, { id: endpoint.id, input: webhookChanges(form, endpoint).input, expectedVersion: expected })).updateWebhookEndpoint;
      kept.saved(webhookForm(updated), updated.version);
      props.onSaved(updated);
    }, read.errors);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(kept.baseVersion);
  };

  /** Enable or disable at once, apart from any unsaved edit (which stays, against the new version). */
  const setEnabled = async (enabled: boolean) => {
    if (!endpoint) return;
    setBusy(true);
    setActionError(null);
    try {
      const updated = (await request(UpdateWebhookEndpointDocument, { id: endpoint.id, input: { enabled }, expectedVersion: endpoint.version })).updateWebhookEndpoint;
      // An edit made against the version just toggled stays current; one made against an
      // older version still meets its CONFLICT when saved.
      if (!kept.dirty) kept.saved(webhookForm(updated), updated.version);
      else if (kept.baseVersion === endpoint.version) kept.rebase(updated.version);
      setConfirming(null);
      props.onSaved(updated);
    } catch (failure) {
      if (isCode(failure, "CONFLICT")) {
        props.onReload("Someone changed this endpoint since you opened it; it now shows their version. Try again.");
      } else {
        setActionError(plainWords(failure));
      }
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!endpoint) return;
    setBusy(true);
    setActionError(null);
    try {
      await request(DeleteWebhookEndpointDocument, { id: endpoint.id });
      kept.discard(EMPTY_WEBHOOK, 0);
      props.onDeleted(endpoint.id);
    } catch (failure) {
      setActionError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  // The endpoint changed on the server (the dispatcher disabled it, another admin saved it):
  // an untouched form follows; an edit stays, and its save asks what to do on CONFLICT.
  const version = endpoint?.version;
  const { dirty, saved } = kept;
  // Run on a new version only (the form and its setters are read as they are then).
  useEffect(() => {
    if (endpoint && version !== undefined && version > kept.baseVersion && !dirty) saved(webhookForm(endpoint), version);
  }, [version]);

  const disabled = endpoint ? disabledBecause(endpoint) : null;
  const title = endpoint ? endpoint.url : "New endpoint";
  return (
    <form aria-label={endpoint ? `Endpoint ${endpoint.url}` : "New endpoint"} className="settings-form webhook-form" onSubmit={submit}>
      <h3 className="webhook-title">{title}</h3>
      {endpoint && (
        <p className="hint">
          Registered {when(endpoint.createdAt)} · {endpoint.enabled ? "enabled" : "disabled"}
          {endpoint.failingSince && endpoint.enabled && ` · every attempt has failed since ${when(endpoint.failingSince)}`}
        </p>
      )}
      {disabled && (
        <p role="note" className="notice webhook-disabled">
          {disabled}
          {endpoint?.disabledAt && ` (${when(endpoint.disabledAt)})`} It is sent nothing until it is enabled again.
        </p>
      )}
      {readOnly && (
        <p role="note" className="hint">
          The CDN purge is kept from the server's settings (<code>CMS_PURGE_WEBHOOK_URL</code>): change it there. Its deliveries are below.
        </p>
      )}
      {kept.restored && (
        <p role="status" className="notice">
          Your unsaved changes to this endpoint were kept in this browser.
        </p>
      )}
      <Field label="URL" error={saving.errors.url} hint="Where each event is POSTed. In production: https, and not an address inside the newsroom's network.">
        {(a11y) => <input {...a11y} inputMode="url" autoComplete="off" spellCheck={false} required readOnly={readOnly} value={form.url} onChange={(e) => change({ url: e.target.value })} />}
      </Field>
      <Field label="Description" error={saving.errors.description} hint="Who receives it and why, for the next admin.">
        {(a11y) => <input {...a11y} readOnly={readOnly} value={form.description} onChange={(e) => change({ description: e.target.value })} />}
      </Field>
      <EventTypes types={props.types} chosen={form.eventTypes} error={saving.errors.eventTypes} disabled={readOnly} onChange={(eventTypes) => change({ eventTypes })} />
      {!endpoint && (
        <label className="checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} /> Enabled (sent events from now on)
        </label>
      )}
      <SaveProblem
        saving={saving}
        noun="endpoint"
        labels={LABELS}
        onKeepMine={(version) => {
          kept.rebase(version);
          void save(version);
        }}
        onTakeTheirs={() => {
          saving.clear();
          if (endpoint) kept.discard(webhookForm(endpoint), endpoint.version);
          props.onReload();
        }}
      />
      <Messages error={actionError} />
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" disabled={saving.busy}>
            {endpoint ? "Save endpoint" : "Register endpoint"}
          </button>
          {kept.dirty && endpoint && (
            <button type="button" onClick={() => kept.discard(webhookForm(endpoint), endpoint.version)}>
              Discard changes
            </button>
          )}
          {endpoint && !endpoint.enabled && (
            <button type="button" disabled={busy} onClick={() => void setEnabled(true)}>
              Enable endpoint
            </button>
          )}
          {endpoint?.enabled && (
            <button type="button" disabled={busy} onClick={() => setConfirming("disable")}>
              Disable endpoint
            </button>
          )}
          {endpoint && (
            <button type="button" onClick={() => setConfirming("delete")}>
              Delete endpoint
            </button>
          )}
        </div>
      )}
      {endpoint && confirming === "disable" && (
        <Confirm title={`Disable ${endpoint.url}?`} confirm="Disable endpoint" busy={busy} error={actionError} onConfirm={() => void setEnabled(false)} onCancel={() => setConfirming(null)}>
          <p>It is sent nothing while it is disabled: events that happen meanwhile are not sent to it later.</p>
        </Confirm>
      )}
      {endpoint && confirming === "delete" && (
        <Confirm title={`Delete ${endpoint.url}?`} confirm="Delete endpoint" busy={busy} error={actionError} onConfirm={() => void remove()} onCancel={() => setConfirming(null)}>
          <p>It is sent nothing more, and deliveries still waiting for it are dropped. Its secret goes with it: a receiver that still wants events needs a new endpoint. This cannot be undone.</p>
        </Confirm>
      )}
    </form>
  );
}

function DeliveryItem(props: { delivery: Delivery; timeZone: string; sendable: boolean; onRedelivered(delivery: Delivery): void }) {
  const { delivery } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string) => formatMoment(iso, props.timeZone);
  const created = when(delivery.createdAt);
  const redeliver = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onRedelivered((await request(RedeliverWebhookDocument, { deliveryId: delivery.id })).redeliverWebhook);
    } catch (failure) {
      setError(plainWords(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`delivery delivery-${delivery.status.toLowerCase()}`}>
      <div className="delivery-head">
        <strong>{delivery.eventType}</strong>
        <span className="delivery-state">{deliveryState(delivery, when)}</span>
        {props.sendable && canRedeliver(delivery) && (
          <button type="button" disabled={busy} aria-label={`Redeliver ${delivery.eventType} of ${created}`} onClick={() => void redeliver()}>
            Redeliver
          </button>
        )}
      </div>
      <small className="hint">
        {delivery.aggregateKind} {delivery.aggregateId}, version {delivery.aggregateVersion} · event {delivery.eventId} (its webhook-id) · {created}
      </small>
      <Messages error={error} />
      {delivery.attempts.length > 0 && (
        <table className="settings-table attempts" aria-label={`Attempts of ${delivery.eventType} of ${created}`}>
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">At</th>
              <th scope="col">Answer</th>
              <th scope="col">Time taken</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt, index) => (
              <tr key={attempt.at + String(index)} className={attempt.succeeded ? "attempt-ok" : "attempt-failed"}>
                <td>{index + 1}</td>
                <td>{when(attempt.at)}</td>
                <td>{attemptOutcome(attempt)}</td>
                <td>{formatDuration(attempt.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

function Deliveries(props: { endpointId: string; enabled: boolean; timeZone: string; onEndpoint(endpoint: Endpoint): void }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const { endpointId, onEndpoint } = props;
  const load = useCallback(async () => {
    try {
      const { deliveries: found, ...endpoint } = (await request(WebhookDeliveriesDocument, { id: endpointId, first: RECENT })).webhookEndpoint;
      setDeliveries(found);
      setError(null);
      if (!found.some((delivery) => delivery.status === "PENDING")) setNotice(null);
      onEndpoint(endpoint);
    } catch (failure) {
      setError(plainWords(failure));
    }
  }, [endpointId, onEndpoint]);
  useRefresh(load, 5000);

  return (
    <section aria-labelledby={headingId} className="webhook-deliveries">
      <div className="deliveries-head">
        <h3 id={headingId}>Recent deliveries</h3>
        <button type="button" onClick={() => void load()}>
          Refresh deliveries
        </button>
      </div>
      <p className="hint">
        The newest {RECENT}, refreshed every few seconds. A delivery that is not answered with 2xx is tried again, less and less often, until the server's retry time runs out; then it has failed and may be redelivered.
      </p>
      {!props.enabled && <p className="hint">The endpoint is disabled, so nothing would go out: enable it to redeliver.</p>}
      <Messages error={error} notice={notice} />
      {deliveries && deliveries.length === 0 && <p className="hint">Nothing sent yet: events of the chosen types show here as they happen.</p>}
      {deliveries && deliveries.length > 0 && (
        <ol className="deliveries" aria-label="Recent deliveries">
          {deliveries.map((delivery) => (
            <DeliveryItem
              key={delivery.id}
              delivery={delivery}
              timeZone={props.timeZone}
              sendable={props.enabled}
              onRedelivered={(again) => {
                setDeliveries((list) => (list ?? []).map((one) => (one.id === again.id ? again : one)));
                setNotice(`${again.eventType} is being sent again.`);
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** What the list says of an endpoint beside its address. */
function endpointSummary(endpoint: Endpoint): string {
  const parts = [endpoint.description, `${endpoint.eventTypes.length} event ${endpoint.eventTypes.length === 1 ? "type" : "types"}`];
  if (!endpoint.enabled) parts.push(endpoint.disabledReason ? "disabled by the server" : "disabled");
  else if (endpoint.failingSince) parts.push("failing");
  return parts.filter(Boolean).join(" · ");
}

export function WebhooksSettings() {
  const { newsroom } = useSession();
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [types, setTypes] = useState<EventTypeInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [params, setParams] = useSearchParams();
  const selected = params.get("endpoint");

  const load = useCallback(() => {
    request(SettingsWebhooksDocument)
      .then((answer) => {
        setEndpoints(answer.webhookEndpoints);
        setTypes(answer.webhookEventTypes);
        setError(null);
        setGeneration((n) => n + 1);
      })
      .catch((failure: unknown) => setError(plainWords(failure)));
  }, []);
  useEffect(load, [load]);

  const pick = (id: string | null) => setParams(id ? { endpoint: id } : {}, { replace: true });
  const endpoint = endpoints?.find((one) => one.id === selected) ?? null;
  // A refresh answered after a save may carry the older version: the newer one stays.
  const replace = useCallback(
    (saved: Endpoint) =>
      setEndpoints((list) => {
        const held = (list ?? []).find((one) => one.id === saved.id);
        if (held && held.version > saved.version) return list;
        return [...(list ?? []).filter((one) => one.id !== saved.id), saved].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      }),
    [],
  );

  return (
    <section aria-labelledby="webhooks-heading" className="settings-page settings-split">
      <div>
        <h2 id="webhooks-heading">Webhooks</h2>
        <p className="hint">Other systems (a search index, an app, the CDN) are sent each change they subscribe to, signed with their endpoint's secret.</p>
        <Messages error={error} notice={notice} />
        {endpoints && endpoints.length === 0 && <p className="hint">No endpoints yet.</p>}
        {endpoints && endpoints.length > 0 && (
          <ul className="settings-list webhook-list" aria-label="Webhook endpoints">
            {endpoints.map((one) => (
              <li key={one.id}>
                <button type="button" aria-current={one.id === selected ? "true" : undefined} onClick={() => pick(one.id)}>
                  {one.url}
                </button>{" "}
                <small className={one.enabled ? "hint" : "hint webhook-off"}>{endpointSummary(one)}</small>
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={() => pick("new")}>
          New endpoint
        </button>
      </div>
      {endpoints && (selected === "new" || endpoint) && (
        <div className="webhook-endpoint">
          <EndpointEditor
            key={`${selected}:${generation}`}
            endpoint={endpoint}
            types={types}
            timeZone={newsroom.timeZone}
            onReload={(said) => {
              setNotice(said ?? null);
              load();
            }}
            onCreated={(created, shown) => {
              replace(created);
              setNotice(null);
              pick(created.id);
              setSecret({ url: created.url, secret: shown });
            }}
            onSaved={(saved) => {
              replace(saved);
              setNotice(null);
            }}
            onDeleted={(id) => {
              setEndpoints((list) => (list ?? []).filter((one) => one.id !== id));
              setNotice("The endpoint was deleted.");
              pick(null);
            }}
          />
          {endpoint && <Deliveries key={endpoint.id} endpointId={endpoint.id} enabled={endpoint.enabled} timeZone={newsroom.timeZone} onEndpoint={replace} />}
        </div>
      )}
      {secret && <SecretOnce url={secret.url} secret={secret.secret} onClose={() => setSecret(null)} />}
    </section>
  );
}
