// The banner that says the server cannot be reached, with a retry.
import { useEffect, useState } from "react";
import { onConnection, request } from "../api/client";
import { MeDocument } from "../gql/graphql";

export function ConnectionBanner() {
  const [offline, setOffline] = useState(false);
  const [checking, setChecking] = useState(false);
  useEffect(
    () =>
      onConnection((event) => {
        if (event === "offline") setOffline(true);
        if (event === "online") setOffline(false);
      }),
    [],
  );
  if (!offline) return null;
  const retry = () => {
    setChecking(true);
    request(MeDocument)
      .catch(() => undefined)
      .finally(() => setChecking(false));
    window.dispatchEvent(new Event("desk:retry"));
  };
  return (
    <div role="alert" className="banner banner-offline">
      <span>The server cannot be reached. Your unsaved changes are kept in this browser.</span>
      <button type="button" onClick={retry} disabled={checking}>
        {checking ? "Trying…" : "Retry"}
      </button>
    </div>
  );
}
